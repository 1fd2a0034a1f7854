/**
 * Records to Notion API JSON. The API version matters: 2025-09-03 still sends
 * the deprecated `archived` next to `in_trash`; 2026-03-11 dropped it; on
 * 2026-12-01, lists of pages (search, query a data source) carry only the
 * title property unless the request names properties with `filter_properties`.
 */
import { compactId } from "./ids";
import { PAGE_TITLE, schemaJson, valueJson } from "./properties";
import { plainText, type MentionText, type RichTextItem } from "./rich-text";
import type { DatabaseRec, DataSourceRec, Json, PageRec, ParentRef, PropertyDef, Rec, Store } from "./store";

export const SUPPORTED_VERSIONS = ["2025-09-03", "2026-03-11", "2026-12-01"] as const;
export type ApiVersion = (typeof SUPPORTED_VERSIONS)[number];

/**
 * The properties a page in a list (search results, a data source query) carries: those
 * `filter_properties` names (by property id) if given; otherwise all of them up to
 * 2026-03-11, and from 2026-12-01 only the title ("Search and Query a data source return
 * only the title in each page's properties unless you pass filter_properties": the
 * 2026-12-01 upgrade guide). Other page fields don't change.
 */
export function listedPage(page: Json, version: ApiVersion, filterProperties: readonly string[]): Json {
  const properties = page.properties as Record<string, { id: string; type?: string }> | undefined;
  if (!properties) return page;
  const keep =
    filterProperties.length > 0
      ? ([, p]: [string, { id: string }]) => filterProperties.includes(p.id) || filterProperties.includes(decodeURIComponent(p.id))
      : version === "2026-12-01"
        ? ([, p]: [string, { type?: string }]) => p.type === "title"
        : undefined;
  return keep ? { ...page, properties: Object.fromEntries(Object.entries(properties).filter(keep as (entry: [string, { id: string; type?: string }]) => boolean)) } : page;
}

/** The properties a page has: its data source's schema for a row, just the title otherwise. */
export function schemaOfPage(store: Store, page: PageRec): readonly PropertyDef[] {
  if (page.parent.type === "data_source_id") {
    const ds = store.get(page.parent.id);
    if (ds?.kind === "data_source") return ds.schema;
  }
  return [PAGE_TITLE];
}

export function pageTitle(store: Store, page: PageRec): RichTextItem[] {
  const def = schemaOfPage(store, page).find((p) => p.type === "title");
  return (def && (page.values.get(def.id) as RichTextItem[] | undefined)) ?? [];
}

/** Plain-text title of a page, database or data source ("" when untitled or unknown). */
export function titleOf(store: Store, id: string): string {
  const rec = store.get(id);
  if (!rec) return "";
  if (rec.kind === "page") return plainText(pageTitle(store, rec));
  if (rec.kind === "database" || rec.kind === "data_source") return plainText(rec.title);
  return "";
}

export function notionUrl(title: string, id: string): string {
  const slug = title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${compactId(id)}`;
}

/** What a mention shows: a page's or database's title and link, a user's name, a date. */
export function mentionResolver(store: Store, userName: (id: string) => string | undefined): MentionText {
  return (mention) => {
    const type = mention.type as string;
    const target = (mention[type] ?? {}) as Json;
    if (type === "page" || type === "database") {
      const id = String(target.id ?? "");
      const title = titleOf(store, id) || "Untitled";
      return { text: title, href: notionUrl(title, id) };
    }
    if (type === "user") return { text: `@${userName(String(target.id ?? "")) ?? "Anonymous"}`, href: null };
    if (type === "date") return { text: String(target.start ?? ""), href: null };
    return { text: "Untitled", href: null };
  };
}

export class Serializer {
  constructor(
    private readonly store: Store,
    readonly version: ApiVersion,
  ) {}

  private trash(id: string): Json {
    const inTrash = this.store.isTrashed(id);
    return this.version === "2025-09-03" ? { in_trash: inTrash, archived: inTrash } : { in_trash: inTrash };
  }

  private user(id: string): Json {
    return { object: "user", id };
  }

  parent(ref: ParentRef): Json {
    switch (ref.type) {
      case "workspace":
        return { type: "workspace", workspace: true };
      case "page_id":
        return { type: "page_id", page_id: ref.id };
      case "block_id":
        return { type: "block_id", block_id: ref.id };
      case "database_id":
        return { type: "database_id", database_id: ref.id };
      case "data_source_id": {
        const ds = this.store.get(ref.id) as DataSourceRec | undefined;
        return { type: "data_source_id", data_source_id: ref.id, database_id: ds?.databaseId ?? null };
      }
    }
  }

  page(page: PageRec): Json {
    const properties: Json = {};
    for (const def of schemaOfPage(this.store, page)) properties[def.name] = valueJson(def, page);
    return {
      object: "page",
      id: page.id,
      created_time: page.createdTime,
      last_edited_time: page.lastEditedTime,
      created_by: this.user(page.createdBy),
      last_edited_by: this.user(page.lastEditedBy),
      cover: page.cover ?? null,
      icon: page.icon ?? null,
      parent: this.parent(page.parent),
      ...this.trash(page.id),
      is_archived: false,
      is_locked: false,
      properties,
      url: notionUrl(plainText(pageTitle(this.store, page)), page.id),
      public_url: null,
    };
  }

  /** A block as GET /v1/blocks returns it; a page or database shows as its child_page / child_database block. */
  block(rec: Rec): Json {
    const base = {
      object: "block",
      id: rec.id,
      parent: this.parent(rec.kind === "data_source" ? { type: "database_id", id: rec.databaseId } : rec.parent),
      created_time: rec.createdTime,
      last_edited_time: rec.lastEditedTime,
      created_by: this.user(rec.createdBy),
      last_edited_by: this.user(rec.lastEditedBy),
      has_children: this.store.liveChildren(rec.id).length > 0,
      ...this.trash(rec.id),
    };
    if (rec.kind === "page") return { ...base, type: "child_page", child_page: { title: titleOf(this.store, rec.id) } };
    if (rec.kind === "database") return { ...base, has_children: false, type: "child_database", child_database: { title: plainText(rec.title) } };
    if (rec.kind === "data_source") return { ...base, type: "unsupported", unsupported: { block_type: "data_source" } };
    return { ...base, type: rec.type, [rec.type]: rec.data };
  }

  database(db: DatabaseRec): Json {
    return {
      object: "database",
      id: db.id,
      title: db.title,
      description: db.description,
      parent: this.parent(db.parent),
      is_inline: db.isInline,
      ...this.trash(db.id),
      is_locked: false,
      created_time: db.createdTime,
      last_edited_time: db.lastEditedTime,
      data_sources: db.dataSources.map((id) => ({ id, name: titleOf(this.store, id) })),
      icon: db.icon ?? null,
      cover: db.cover ?? null,
      url: notionUrl(plainText(db.title), db.id),
      public_url: null,
    };
  }

  dataSource(ds: DataSourceRec): Json {
    const db = this.store.get(ds.databaseId) as DatabaseRec;
    return {
      object: "data_source",
      id: ds.id,
      title: ds.title,
      description: ds.description,
      parent: { type: "database_id", database_id: ds.databaseId },
      database_parent: this.parent(db.parent),
      is_inline: db.isInline,
      ...this.trash(ds.id),
      created_time: ds.createdTime,
      last_edited_time: ds.lastEditedTime,
      created_by: this.user(ds.createdBy),
      last_edited_by: this.user(ds.lastEditedBy),
      properties: schemaJson(ds.schema),
      icon: db.icon ?? null,
      cover: db.cover ?? null,
      url: notionUrl(plainText(ds.title), ds.id),
      public_url: null,
    };
  }

  /** `{ object: "list", results, next_cursor, has_more, type, <type>: {} }`. */
  list(results: Json[], nextCursor: string | null, type: string, extra: Json = {}): Json {
    return { object: "list", results, next_cursor: nextCursor, has_more: nextCursor !== null, type, [type]: {}, ...extra };
  }
}
