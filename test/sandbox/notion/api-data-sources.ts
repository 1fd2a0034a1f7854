/** Data sources, where schema and rows live: retrieve, update (schema), query (filter, sorts, pagination, result cap). */
import { checkEditable, pathId, trashFlag, visible, writeContext, type ApiContext, type EndpointHandler } from "./api-context";
import { richTextField } from "./api-databases";
import { bodyInvalid, notFound, shown, validation } from "./errors";
import { listedPage } from "./serialize";
import { checkPageSize, isObject } from "./limits";
import { defaultValue, findProperty, propertyFromRequest } from "./properties";
import { compileFilter, compileSorts } from "./query";
import type { DataSourceRec, Json, PageRec, PropertyDef } from "./store";

function dataSourceRec(ctx: ApiContext, id: string): DataSourceRec {
  const rec = visible(ctx, id, "data_source");
  if (rec.kind !== "data_source") throw notFound("data_source", id);
  return rec;
}

export const retrieveDataSource: EndpointHandler = (ctx, req) => ctx.ser.dataSource(dataSourceRec(ctx, pathId(req, "data_source_id")));

export const updateDataSource: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "data_source_id");
  const ds = dataSourceRec(ctx, id);
  const body = req.body;
  const trash = trashFlag(ctx, body);
  checkEditable(ctx, id, trash);
  const write = writeContext(ctx);
  const title = richTextField(body.title, "body.title", write);
  const next = body.properties === undefined ? undefined : nextSchema(ds.schema, body.properties);
  return ctx.store.write(() => {
    if (next) {
      for (const def of next.changedType) {
        for (const rowId of ds.rows) {
          const row = ctx.store.get(rowId) as PageRec;
          row.values.set(def.id, defaultValue(def));
        }
      }
      for (const rowId of ds.rows) {
        const row = ctx.store.get(rowId) as PageRec;
        for (const removed of next.removed) row.values.delete(removed);
        for (const added of next.added) row.values.set(added.id, defaultValue(added));
      }
      ds.schema = next.schema;
    }
    if (title) ds.title = title;
    if (trash !== undefined) ds.inTrash = trash;
    ds.lastEditedTime = write.now;
    ds.lastEditedBy = write.by;
    return ctx.ser.dataSource(ds);
  });
};

/** Applies a `properties` patch (add, rename via `name`, retype, `null` deletes) to a copy of the schema. */
function nextSchema(current: readonly PropertyDef[], raw: unknown) {
  if (!isObject(raw)) throw bodyInvalid(`body.properties should be an object, instead was \`${shown(raw)}\`.`);
  const schema = current.map((def) => ({ ...def, config: structuredClone(def.config) }));
  const taken = new Set(schema.map((d) => d.id));
  const removed: string[] = [];
  const added: PropertyDef[] = [];
  const changedType: PropertyDef[] = [];
  for (const [key, change] of Object.entries(raw)) {
    const path = `body.properties.${key}`;
    const existing = findProperty(schema, key);
    if (change === null) {
      if (!existing) throw validation(`${key} is not a property that exists.`);
      if (existing.type === "title") throw validation(`Cannot delete the title property ${existing.name}: every data source needs one.`);
      schema.splice(schema.indexOf(existing), 1);
      removed.push(existing.id);
      continue;
    }
    if (!isObject(change)) throw bodyInvalid(`${path} should be an object or \`null\`, instead was \`${shown(change)}\`.`);
    const newName = typeof change.name === "string" ? change.name : (existing?.name ?? key);
    const clash = schema.find((d) => d.name === newName && d !== existing);
    if (clash) throw validation(`A property named ${newName} already exists.`);
    const onlyRename = Object.keys(change).every((k) => k === "name" || k === "description");
    if (!existing && onlyRename) throw validation(`${key} is not a property that exists.`);
    const def = onlyRename ? { ...existing!, name: newName } : propertyFromRequest(newName, change, path, taken, existing);
    if (typeof change.description === "string") def.description = change.description;
    if (existing) {
      if (existing.type === "title" && def.type !== "title") throw validation(`Cannot change the type of the title property ${existing.name}.`);
      if (existing.type !== def.type) changedType.push(def);
      schema[schema.indexOf(existing)] = def;
    } else {
      if (def.type === "title") throw validation("A data source can have only one title property.");
      taken.add(def.id);
      schema.push(def);
      added.push(def);
    }
  }
  return { schema, removed, added, changedType };
}

export const queryDataSource: EndpointHandler = (ctx, req) => {
  const ds = dataSourceRec(ctx, pathId(req, "data_source_id"));
  const body = req.body;
  const includeTrashed = body.in_trash === true || (ctx.version === "2025-09-03" && body.archived === true);
  const predicate = compileFilter(body.filter, ds);
  const comparator = compileSorts(body.sorts, ds);
  const pageSize = checkPageSize(body.page_size, "body.page_size");
  let rows = ds.rows.map((rowId) => ctx.store.get(rowId) as PageRec).filter((row) => includeTrashed || !ctx.store.isTrashed(row.id));
  if (comparator) rows = rows.slice().sort(comparator);

  // The cursor is a row id; rows before it in sort order are skipped even if they no longer match the filter.
  let start = 0;
  const cursor = body.start_cursor;
  if (cursor !== undefined && cursor !== null && cursor !== "") {
    start = rows.findIndex((row) => row.id === String(cursor) || row.id.replace(/-/g, "") === String(cursor).replace(/-/g, ""));
    if (start < 0) throw validation(`The start_cursor provided is invalid: ${String(cursor)}`);
  }
  let seen = 0;
  for (let i = 0; i < start; i++) if (predicate(rows[i]!)) seen++;
  const cap = ctx.settings.queryResultCap;
  const results: Json[] = [];
  let next: string | null = null;
  let truncated = false;
  for (let i = start; i < rows.length; i++) {
    const row = rows[i]!;
    if (!predicate(row)) continue;
    if (seen >= cap) {
      truncated = true;
      break;
    }
    if (results.length === pageSize) {
      next = row.id;
      break;
    }
    results.push(ctx.ser.page(row));
    seen++;
  }
  const keep = req.query.getAll("filter_properties");
  const shaped = results.map((page) => listedPage(page, ctx.version, keep));
  return ctx.ser.list(shaped, next, "page_or_data_source", {
    request_status: truncated ? { type: "incomplete", incomplete_reason: "query_result_limit_reached" } : { type: "complete" },
  });
};


