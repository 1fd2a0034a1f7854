/** Databases, the containers of data sources: retrieve, create, update. */
import { bodyId, checkBlockQuota, checkEditable, pathId, trashFlag, visible, writeContext, type ApiContext, type EndpointHandler } from "./api-context";
import { notAPage } from "./api-pages";
import { archivedBlock, bodyInvalid, notFound, shouldBeDefined, shown, validation } from "./errors";
import { newId } from "./ids";
import { checkRichText, isObject } from "./limits";
import { propertyFromRequest } from "./properties";
import { richTextFromRequest, type RichTextItem } from "./rich-text";
import type { DatabaseRec, DataSourceRec, PropertyDef } from "./store";

function databaseRec(ctx: ApiContext, id: string): DatabaseRec {
  const rec = visible(ctx, id, "database");
  if (rec.kind === "data_source") {
    throw validation(`Provided ID ${id} is a data source, not a database. Use the retrieve data source API instead, \`/v1/data_sources/${id}\`.`);
  }
  if (rec.kind === "page") throw validation(`Provided ID ${id} is a page, not a database. Use the retrieve page API instead, \`/v1/pages/${id}\`.`);
  if (rec.kind !== "database") throw notFound("database", id);
  return rec;
}

export const retrieveDatabase: EndpointHandler = (ctx, req) => ctx.ser.database(databaseRec(ctx, pathId(req, "database_id")));

export function richTextField(value: unknown, path: string, write: ReturnType<typeof writeContext>): RichTextItem[] | undefined {
  if (value === undefined) return undefined;
  checkRichText(value, path);
  return richTextFromRequest(value, write.mentionText);
}

/** A schema from `initial_data_source.properties`; Notion gives every data source exactly one title property. */
export function schemaFromRequest(raw: unknown, path: string): PropertyDef[] {
  if (raw !== undefined && !isObject(raw)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(raw)}\`.`);
  const taken = new Set<string>();
  const schema: PropertyDef[] = [];
  for (const [name, config] of Object.entries(raw ?? {})) {
    const def = propertyFromRequest(name, config, `${path}.${name}`, taken);
    taken.add(def.id);
    schema.push(def);
  }
  const titles = schema.filter((p) => p.type === "title");
  if (titles.length > 1) throw validation(`Only one title property is allowed, instead found ${titles.length}: ${titles.map((t) => t.name).join(", ")}.`);
  if (titles.length === 0) schema.unshift({ id: "title", name: "Name", type: "title", config: {}, description: null });
  // Notion lists the title property first.
  schema.sort((a, b) => (a.type === "title" ? -1 : b.type === "title" ? 1 : 0));
  return schema;
}

export const createDatabase: EndpointHandler = (ctx, req) => {
  const body = req.body;
  if (body.parent === undefined) throw shouldBeDefined("body.parent");
  if (!isObject(body.parent)) throw bodyInvalid(`body.parent should be an object, instead was \`${shown(body.parent)}\`.`);
  if (body.parent.page_id === undefined) {
    throw validation("Internal integrations can only create databases inside a page: pass parent.page_id of a page shared with the integration.");
  }
  const parentId = bodyId(body.parent.page_id, "body.parent.page_id");
  const parent = visible(ctx, parentId, "page");
  if (parent.kind !== "page") throw notAPage(parent, parentId) ?? notFound("page", parentId);
  if (ctx.store.isTrashed(parentId)) throw archivedBlock();
  const write = writeContext(ctx);
  const title = richTextField(body.title, "body.title", write) ?? [];
  const description = richTextField(body.description, "body.description", write) ?? [];
  const initial = body.initial_data_source;
  if (initial !== undefined && !isObject(initial)) throw bodyInvalid(`body.initial_data_source should be an object, instead was \`${shown(initial)}\`.`);
  const schema = schemaFromRequest(initial?.properties, "body.initial_data_source.properties");
  checkBlockQuota(ctx, 1);
  return ctx.store.write(() => {
    const db = newDatabase(ctx, { type: "page_id", id: parentId }, title, write.by, write.now);
    db.description = description;
    db.isInline = body.is_inline === true;
    db.icon = body.icon ?? null;
    db.cover = body.cover ?? null;
    addDataSource(ctx, db, title, schema, write.by, write.now);
    parent.children.push(db.id);
    ctx.store.blocksCreated++;
    return ctx.ser.database(db);
  });
};

export function newDatabase(ctx: Pick<ApiContext, "store">, parent: DatabaseRec["parent"], title: RichTextItem[], by: string, now: string): DatabaseRec {
  const db: DatabaseRec = {
    kind: "database",
    id: newId(),
    parent,
    title,
    description: [],
    isInline: false,
    icon: null,
    cover: null,
    dataSources: [],
    createdTime: now,
    lastEditedTime: now,
    createdBy: by,
    lastEditedBy: by,
    inTrash: false,
  };
  ctx.store.add(db);
  return db;
}

export function addDataSource(ctx: Pick<ApiContext, "store">, db: DatabaseRec, title: RichTextItem[], schema: PropertyDef[], by: string, now: string): DataSourceRec {
  const ds: DataSourceRec = {
    kind: "data_source",
    id: newId(),
    databaseId: db.id,
    title,
    description: [],
    schema,
    rows: [],
    nextUniqueId: 1,
    createdTime: now,
    lastEditedTime: now,
    createdBy: by,
    lastEditedBy: by,
    inTrash: false,
  };
  ctx.store.add(ds);
  db.dataSources.push(ds.id);
  return ds;
}

export const updateDatabase: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "database_id");
  const db = databaseRec(ctx, id);
  const body = req.body;
  const trash = trashFlag(ctx, body);
  checkEditable(ctx, id, trash);
  const write = writeContext(ctx);
  const title = richTextField(body.title, "body.title", write);
  const description = richTextField(body.description, "body.description", write);
  return ctx.store.write(() => {
    if (title) db.title = title;
    if (description) db.description = description;
    if (typeof body.is_inline === "boolean") db.isInline = body.is_inline;
    if (body.icon !== undefined) db.icon = body.icon;
    if (body.cover !== undefined) db.cover = body.cover;
    if (trash !== undefined) db.inTrash = trash;
    db.lastEditedTime = write.now;
    db.lastEditedBy = write.by;
    return ctx.ser.database(db);
  });
};
