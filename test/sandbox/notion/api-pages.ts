/** GET /v1/pages/:id, POST /v1/pages, PATCH /v1/pages/:id. */
import { checkBlockQuota, checkEditable, bodyId, pathId, trashFlag, visible, writeContext, type ApiContext, type EndpointHandler } from "./api-context";
import { buildBlocks, insertIndex, positionFromRequest } from "./blocks";
import { archivedBlock, bodyInvalid, NotionError, notFound, shouldBeDefined, shown, validation } from "./errors";
import { newId } from "./ids";
import { checkChildren, isObject } from "./limits";
import { commitOptions, defaultValue, findProperty, PAGE_TITLE, valueFromRequest, type ValueContext } from "./properties";
import { schemaOfPage } from "./serialize";
import type { DataSourceRec, Json, PageRec, ParentRef, PropertyDef, Rec } from "./store";

/** Notion's answer when a page endpoint gets a database or data source id (clients use it to tell them apart). */
export function notAPage(rec: Rec, id: string): NotionError | undefined {
  if (rec.kind === "database") return validation(`Provided ID ${id} is a database, not a page. Use the retrieve database API instead, \`/v1/databases/${id}\`.`);
  if (rec.kind === "data_source") return validation(`Provided ID ${id} is a data source, not a page. Use the retrieve data source API instead, \`/v1/data_sources/${id}\`.`);
  return undefined;
}

function pageRec(ctx: ApiContext, id: string): PageRec {
  const rec = visible(ctx, id, "page");
  const wrongKind = notAPage(rec, id);
  if (wrongKind) throw wrongKind;
  if (rec.kind !== "page") throw notFound("page", id);
  return rec;
}

export const retrievePage: EndpointHandler = (ctx, req) => {
  const page = pageRec(ctx, pathId(req, "page_id"));
  return filterProperties(ctx.ser.page(page), req.query.getAll("filter_properties"));
};

/** `filter_properties` keeps only the listed property ids in the answer. */
function filterProperties(page: Json, ids: string[]): Json {
  if (ids.length === 0) return page;
  const properties = page.properties as Record<string, { id: string }>;
  const kept = Object.fromEntries(Object.entries(properties).filter(([, p]) => ids.includes(p.id) || ids.includes(decodeURIComponent(p.id))));
  return { ...page, properties: kept };
}

interface Target {
  parent: ParentRef;
  schema: readonly PropertyDef[];
  ds?: DataSourceRec;
}

function resolveParent(ctx: ApiContext, raw: unknown): Target {
  if (raw === undefined) throw shouldBeDefined("body.parent");
  if (!isObject(raw)) throw bodyInvalid(`body.parent should be an object, instead was \`${shown(raw)}\`.`);
  if (raw.page_id !== undefined) {
    const id = bodyId(raw.page_id, "body.parent.page_id");
    const rec = visible(ctx, id, "page");
    if (rec.kind !== "page") throw notAPage(rec, id) ?? notFound("page", id);
    return { parent: { type: "page_id", id }, schema: [PAGE_TITLE] };
  }
  if (raw.data_source_id !== undefined || raw.database_id !== undefined) {
    let ds: Rec;
    if (raw.data_source_id !== undefined) {
      const id = bodyId(raw.data_source_id, "body.parent.data_source_id");
      ds = visible(ctx, id, "data_source");
      if (ds.kind !== "data_source") throw notFound("data_source", id);
    } else {
      const id = bodyId(raw.database_id, "body.parent.database_id");
      const db = visible(ctx, id, "database");
      if (db.kind !== "database") throw notFound("database", id);
      if (db.dataSources.length !== 1) {
        throw validation(`Database ${id} has ${db.dataSources.length} data sources; create the page with parent.data_source_id instead.`);
      }
      ds = ctx.store.get(db.dataSources[0]!) as DataSourceRec;
    }
    return { parent: { type: "data_source_id", id: ds.id }, schema: ds.schema, ds };
  }
  if (raw.workspace !== undefined) {
    throw validation("Internal integrations cannot create workspace-level pages. Use a parent page_id or data_source_id the integration has access to.");
  }
  throw bodyInvalid(`body.parent should have one of \`page_id\`, \`data_source_id\`, \`database_id\`, instead was \`${shown(raw)}\`.`);
}

/** Property values of a create/update body, checked against `schema` before anything is written. */
function readProperties(raw: unknown, schema: readonly PropertyDef[], valueCtx: ValueContext): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (raw === undefined) return values;
  if (!isObject(raw)) throw bodyInvalid(`body.properties should be an object, instead was \`${shown(raw)}\`.`);
  for (const [key, value] of Object.entries(raw)) {
    let def = findProperty(schema, key);
    // A plain page has only its title; Notion accepts it under any key.
    if (!def && schema.length === 1 && schema[0] === PAGE_TITLE && isObject(value) && value.title !== undefined) def = PAGE_TITLE;
    if (!def) throw validation(`${key} is not a property that exists.`);
    values.set(def.id, valueFromRequest(def, value, `body.properties.${key}`, valueCtx));
  }
  return values;
}

export const createPage: EndpointHandler = (ctx, req) => {
  const body = req.body;
  if (body.markdown !== undefined) {
    throw new NotionError(400, "invalid_request", "Unsupported request: the Inkwell Notion emulator does not implement markdown page content.");
  }
  const target = resolveParent(ctx, body.parent);
  const parentId = target.parent.type === "workspace" ? undefined : target.parent.id;
  if (parentId !== undefined && ctx.store.isTrashed(parentId)) throw archivedBlock();
  const write = writeContext(ctx);
  const valueCtx: ValueContext = { mentionText: write.mentionText, newOptions: [] };
  const values = readProperties(body.properties, target.schema, valueCtx);
  const children = body.children ?? body.content;
  const blockCount = children === undefined ? 0 : checkChildren(children, body.children !== undefined ? "body.children" : "body.content", { maxNestingDepth: ctx.settings.maxNestingDepth });
  const position = target.parent.type === "page_id" ? positionFromRequest(body.position, undefined) : { type: "end" as const };
  const siblings = target.parent.type === "page_id" ? ctx.store.childList(target.parent.id)! : [];
  const at = target.parent.type === "page_id" ? insertIndex(ctx.store, target.parent.id, siblings, position) : 0;
  checkBlockQuota(ctx, 1 + blockCount);

  return ctx.store.write(() => {
    commitOptions(valueCtx);
    const page: PageRec = {
      kind: "page",
      id: newId(),
      parent: target.parent,
      values: new Map(),
      icon: body.icon ?? null,
      cover: body.cover ?? null,
      children: [],
      createdTime: write.now,
      lastEditedTime: write.now,
      createdBy: write.by,
      lastEditedBy: write.by,
      inTrash: false,
    };
    for (const def of target.schema) page.values.set(def.id, values.has(def.id) ? values.get(def.id) : defaultValue(def));
    if (target.ds) {
      for (const def of target.ds.schema) if (def.type === "unique_id") page.values.set(def.id, target.ds.nextUniqueId);
      target.ds.nextUniqueId++;
      target.ds.rows.push(page.id);
    } else {
      siblings.splice(at, 0, page.id);
    }
    ctx.store.add(page);
    ctx.store.blocksCreated++;
    if (Array.isArray(children)) page.children = buildBlocks(children, { type: "page_id", id: page.id }, write).map((b) => b.id);
    return ctx.ser.page(page);
  });
};

export const updatePage: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "page_id");
  const page = pageRec(ctx, id);
  const body = req.body;
  const trash = trashFlag(ctx, body);
  checkEditable(ctx, id, trash);
  const write = writeContext(ctx);
  const valueCtx: ValueContext = { mentionText: write.mentionText, newOptions: [] };
  const values = readProperties(body.properties, schemaOfPage(ctx.store, page), valueCtx);
  return ctx.store.write(() => {
    commitOptions(valueCtx);
    for (const [propId, value] of values) page.values.set(propId, value);
    if (body.icon !== undefined) page.icon = body.icon;
    if (body.cover !== undefined) page.cover = body.cover;
    if (body.erase_content === true) for (const child of page.children) (ctx.store.get(child) as Rec).inTrash = true;
    if (trash !== undefined) page.inTrash = trash;
    page.lastEditedTime = write.now;
    page.lastEditedBy = write.by;
    return ctx.ser.page(page);
  });
};
