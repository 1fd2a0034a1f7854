/**
 * Programmatic setup for tests and the demo: pages, databases, rows, sharing.
 * Seeds skip the request size limits (a test may want a page with 250 blocks
 * to page through) but still go through the same builders as the API, so
 * seeded objects look exactly like ones created over HTTP.
 */
import { addDataSource, newDatabase, schemaFromRequest } from "./api-databases";
import { BLOCK_SPECS } from "./block-types";
import { buildBlocks, type WriteContext } from "./blocks";
import { newId, normalizeId } from "./ids";
import { blockTypeOf, isObject } from "./limits";
import { defaultValue, findProperty, valueFromRequest } from "./properties";
import { richText } from "./rich-text";
import { mentionResolver } from "./serialize";
import type { DatabaseRec, DataSourceRec, Json, PageRec, PropertyDef, Store } from "./store";

/** A block request object (children nested in its payload, any depth), or a string for a paragraph. */
export type SeedBlock = string | Json;

/** A row value: a Notion property value (`{ checkbox: true }`) or a plain JS value converted by the column's type. */
export type SeedValue = string | number | boolean | null | readonly string[] | Json;

export interface SeedPage {
  /** Parent page; a top-level (workspace) page when absent. */
  parentPageId?: string;
  title: string;
  blocks?: readonly SeedBlock[];
  /** Tokens to share the page with (its descendants come along): an integration, or a personal token's person. */
  sharedWith?: readonly string[];
  icon?: Json;
}

export interface SeedDataSource {
  title?: string;
  /** Notion request schema, e.g. `{ Name: { title: {} }, Generate: { checkbox: {} } }`. */
  properties: Record<string, Json>;
  rows?: readonly Record<string, SeedValue>[];
}

export interface SeedDatabase extends SeedDataSource {
  parentPageId?: string;
  title: string;
  sharedWith?: readonly string[];
  isInline?: boolean;
  /** The database's description (Notion shows it under the title). Property descriptions go in `properties` (`{ description }`). */
  description?: string;
  /** More data sources besides the first one (2025-09-03 databases can hold several). */
  moreDataSources?: readonly SeedDataSource[];
}

export interface SeededDatabase {
  databaseId: string;
  /** The first data source. */
  dataSourceId: string;
  dataSourceIds: string[];
  /** Row ids of the first data source, in seed order. */
  rowIds: string[];
}

export class Seeder {
  constructor(private readonly store: Store) {}

  private context(): WriteContext {
    return {
      store: this.store,
      by: this.store.owner.id,
      now: this.store.nowIso(),
      mentionText: mentionResolver(this.store, (id) => this.store.people.get(id)?.name),
    };
  }

  private id(raw: string, what: string): string {
    const id = normalizeId(raw);
    if (id === undefined || !this.store.get(id)) throw new Error(`seed: no ${what} with id ${raw}`);
    return id;
  }

  private shareWith(objectId: string, tokens: readonly string[] | undefined): void {
    for (const token of tokens ?? []) this.share(objectId, token);
  }

  share(objectId: string, token: string): void {
    const integration = this.store.integrations.get(token);
    if (!integration) throw new Error("seed: share with a token that was never added (call addIntegration or addPersonalToken first)");
    this.store.write(() => integration.shared.add(this.id(objectId, "object")));
  }

  unshare(objectId: string, token: string): void {
    const integration = this.store.integrations.get(token);
    if (!integration) throw new Error("seed: unshare with a token that was never added");
    this.store.write(() => integration.shared.delete(this.id(objectId, "object")));
  }

  createPage(seed: SeedPage): string {
    const parentId = seed.parentPageId === undefined ? undefined : this.id(seed.parentPageId, "parent page");
    if (parentId !== undefined && this.store.get(parentId)?.kind !== "page") throw new Error(`seed: parent ${parentId} is not a page`);
    return this.store.write(() => {
      const ctx = this.context();
      const page = this.newPage(ctx, parentId === undefined ? { type: "workspace" } : { type: "page_id", id: parentId });
      page.values.set("title", richText(seed.title));
      page.icon = seed.icon ?? null;
      if (parentId !== undefined) this.store.childList(parentId)!.push(page.id);
      this.addBlocks(ctx, page, seed.blocks);
      this.shareWith(page.id, seed.sharedWith);
      return page.id;
    });
  }

  createDatabase(seed: SeedDatabase): SeededDatabase {
    const parentId = seed.parentPageId === undefined ? undefined : this.id(seed.parentPageId, "parent page");
    return this.store.write(() => {
      const ctx = this.context();
      const db = newDatabase({ store: this.store }, parentId === undefined ? { type: "workspace" } : { type: "page_id", id: parentId }, richText(seed.title), ctx.by, ctx.now);
      db.isInline = seed.isInline === true;
      if (seed.description !== undefined) db.description = richText(seed.description);
      this.store.blocksCreated++;
      if (parentId !== undefined) this.store.childList(parentId)!.push(db.id);
      const rowIds: string[] = [];
      for (const [i, source] of [seed, ...(seed.moreDataSources ?? [])].entries()) {
        const ds = addDataSource({ store: this.store }, db, richText(source.title ?? seed.title), schemaFromRequest(source.properties, `seed.properties`), ctx.by, ctx.now);
        for (const row of source.rows ?? []) {
          const id = this.addRowTo(ds, row);
          if (i === 0) rowIds.push(id);
        }
      }
      this.shareWith(db.id, seed.sharedWith);
      return { databaseId: db.id, dataSourceId: db.dataSources[0]!, dataSourceIds: [...db.dataSources], rowIds };
    });
  }

  /** Adds a row to a data source, or to the first data source of a database. */
  addRow(dataSourceOrDatabaseId: string, values: Record<string, SeedValue>, blocks?: readonly SeedBlock[]): string {
    const rec = this.store.get(this.id(dataSourceOrDatabaseId, "data source or database"));
    const ds = rec?.kind === "database" ? (this.store.get((rec as DatabaseRec).dataSources[0]!) as DataSourceRec) : rec;
    if (ds?.kind !== "data_source") throw new Error(`seed: ${dataSourceOrDatabaseId} is neither a database nor a data source`);
    return this.store.write(() => {
      const id = this.addRowTo(ds, values);
      this.addBlocks(this.context(), this.store.get(id) as PageRec, blocks);
      return id;
    });
  }

  private addRowTo(ds: DataSourceRec, values: Record<string, SeedValue>): string {
    const ctx = this.context();
    const page = this.newPage(ctx, { type: "data_source_id", id: ds.id });
    for (const def of ds.schema) page.values.set(def.id, def.type === "unique_id" ? ds.nextUniqueId : defaultValue(def));
    ds.nextUniqueId++;
    for (const [key, value] of Object.entries(values)) {
      const def = findProperty(ds.schema, key);
      if (!def) throw new Error(`seed: ${key} is not a property of data source ${ds.id}`);
      page.values.set(def.id, valueFromRequest(def, seedValue(def, value), `seed.${key}`, { mentionText: ctx.mentionText }));
    }
    ds.rows.push(page.id);
    return page.id;
  }

  private newPage(ctx: WriteContext, parent: PageRec["parent"]): PageRec {
    const page: PageRec = {
      kind: "page",
      id: newId(),
      parent,
      values: new Map(),
      icon: null,
      cover: null,
      children: [],
      createdTime: ctx.now,
      lastEditedTime: ctx.now,
      createdBy: ctx.by,
      lastEditedBy: ctx.by,
      inTrash: false,
    };
    this.store.add(page);
    this.store.blocksCreated++;
    return page;
  }

  private addBlocks(ctx: WriteContext, page: PageRec, blocks: readonly SeedBlock[] | undefined): void {
    if (!blocks || blocks.length === 0) return;
    const requests = blocks.map(seedBlock);
    page.children.push(...buildBlocks(requests, { type: "page_id", id: page.id }, ctx).map((b) => b.id));
  }
}

function seedBlock(block: SeedBlock): Json {
  if (typeof block === "string") return { type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: block } }] } };
  const type = blockTypeOf(block);
  if (type === undefined || !(type in BLOCK_SPECS)) throw new Error(`seed: unknown block type ${String(type)}`);
  const payload = (block[type] ?? {}) as Json;
  if (Array.isArray(payload.children)) return { type, [type]: { ...payload, children: payload.children.map((c) => seedBlock(c as SeedBlock)) } };
  return { type, [type]: payload };
}

/** Plain JS seed values in the Notion request form for the column's type. */
function seedValue(def: PropertyDef, value: SeedValue): Json {
  if (isObject(value) && def.type in value) return value;
  const text = (s: unknown) => [{ type: "text", text: { content: String(s) } }];
  switch (def.type) {
    case "title":
    case "rich_text":
      return { [def.type]: value === null ? [] : text(value) };
    case "select":
    case "status":
      return { [def.type]: value === null ? null : { name: String(value) } };
    case "multi_select":
      return { multi_select: (Array.isArray(value) ? value : [value]).map((name) => ({ name: String(name) })) };
    case "date":
      return { date: value === null ? null : { start: String(value) } };
    case "people":
    case "relation":
      return { [def.type]: (Array.isArray(value) ? value : [value]).map((id) => ({ id })) };
    default:
      return { [def.type]: value };
  }
}
