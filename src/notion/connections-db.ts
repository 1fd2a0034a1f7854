/**
 * The connections database in the user's Notion: its schema, and reading and
 * writing its rows. A gateway over a Client with no storage of its own; the
 * mirror (background/connections/mirror.ts) decides what to write and when.
 *
 * Each row carries the connection's id ("Inkwell ID", how rows are matched, so
 * a lost mapping never creates a second row) and "Inkwell config" (JSON of
 * everything else needed to restore the connection on another browser). Only
 * connection fields are ever written: no key, token or setting.
 */
import type { Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { splitText } from "../core/markdown/split-rich-text";
import type { Connection, EngineId, Run } from "../shared/storage/schema";
import { fromNotionError } from "./errors";
import { databaseTitle, plainText } from "./titles";

export const CONNECTIONS_DATABASE_TITLE = "Inkwell connections";
export const INKWELL_ID = "Inkwell ID";
export const INKWELL_CONFIG = "Inkwell config";

const MAX_TEXT_ITEM = 2_000;
const MAX_TEXT_ITEMS = 100;
const MAX_URL = 2_000;
const MAX_SELECT = 100;

type ColumnType = "title" | "rich_text" | "select" | "url" | "date";

/** The columns Inkwell writes, the type it creates each with, and the types it can also write into. */
export const COLUMNS: readonly { name: string; create: ColumnType; accepts: readonly ColumnType[] }[] = [
  { name: "Name", create: "title", accepts: ["title"] },
  { name: "Type", create: "select", accepts: ["select", "rich_text"] },
  { name: "Target", create: "url", accepts: ["url", "rich_text"] },
  { name: "Prompt", create: "rich_text", accepts: ["rich_text"] },
  { name: "Engine", create: "select", accepts: ["select", "rich_text"] },
  { name: "Model", create: "rich_text", accepts: ["rich_text", "select"] },
  { name: "Created", create: "date", accepts: ["date"] },
  { name: "Last run", create: "date", accepts: ["date"] },
  { name: "Last result", create: "rich_text", accepts: ["rich_text"] },
  { name: INKWELL_ID, create: "rich_text", accepts: ["rich_text"] },
  { name: INKWELL_CONFIG, create: "rich_text", accepts: ["rich_text"] },
];

const ENGINE_LABELS: Record<EngineId, string> = {
  gemini: "Gemini",
  openai: "OpenAI",
  anthropic: "Claude",
  compatible: "OpenAI-compatible",
  builtin: "Built-in (Chrome)",
};

/** Where each column lives in this particular database (the title may have another name; a column may be missing). */
export interface ColumnLayout {
  /** Column name (ours) → the database's property name and type (and id, when read from Notion), when present and compatible. */
  columns: Record<string, { property: string; type: ColumnType; id?: string }>;
  /** Our columns the database lacks. */
  missing: string[];
  /** Columns present under our name but with a type Inkwell can't write. */
  incompatible: { name: string; type: string; wanted: ColumnType }[];
}

export interface ConnectionsDatabase {
  databaseId: string;
  url: string;
  title: string;
  dataSourceId: string;
  layout: ColumnLayout;
}

function schemaConfig(type: ColumnType): Record<string, unknown> {
  if (type === "select") return { select: { options: [] } };
  return { [type]: {} };
}

/** Creates "Inkwell connections" with every column, under a page the token can see. */
export async function createConnectionsDatabase(client: Client, parentPageId: string): Promise<ConnectionsDatabase> {
  try {
    const properties = Object.fromEntries(COLUMNS.map((column) => [column.name, schemaConfig(column.create)]));
    const created = (await client.databases.create({
      parent: { type: "page_id", page_id: parentPageId },
      title: [{ type: "text", text: { content: CONNECTIONS_DATABASE_TITLE } }],
      initial_data_source: { properties: properties as never },
    })) as { id: string; url?: string; data_sources?: { id: string }[] };
    const dataSourceId = created.data_sources?.[0]?.id;
    if (!dataSourceId) throw new InkwellError("internal", "Notion created the database but didn't say where its rows go. Try connecting to it by pasting its link.");
    return { databaseId: created.id, url: created.url ?? `https://www.notion.so/${created.id.replace(/-/g, "")}`, title: CONNECTIONS_DATABASE_TITLE, dataSourceId, layout: layoutOf(properties as never) };
  } catch (error) {
    throw fromNotionError(error, "that page");
  }
}

/** Reads a database (by id) and where our columns are in it. */
export async function readConnectionsDatabase(client: Client, databaseId: string): Promise<ConnectionsDatabase> {
  let database: { id: string; url?: string; title?: { plain_text?: string }[]; data_sources?: { id: string }[] };
  try {
    database = (await client.databases.retrieve({ database_id: databaseId })) as typeof database;
  } catch (error) {
    const failure = fromNotionError(error, "this database");
    if (failure.code === "notion_validation") throw new InkwellError("invalid_input", "That link is a page, not a database. Paste the link of the connections database itself (open it as a full page, then ••• → Copy link).");
    throw failure;
  }
  const dataSourceId = database.data_sources?.[0]?.id;
  if (!dataSourceId) throw new InkwellError("invalid_input", "This database has no data source Inkwell can write to.");
  return { databaseId: database.id, url: database.url ?? `https://www.notion.so/${database.id.replace(/-/g, "")}`, title: databaseTitle(database), dataSourceId, layout: await readLayout(client, dataSourceId) };
}

export async function readLayout(client: Client, dataSourceId: string): Promise<ColumnLayout> {
  try {
    const source = (await client.dataSources.retrieve({ data_source_id: dataSourceId })) as { properties: Record<string, { id: string; name: string; type: string }> };
    const layout = layoutOf(Object.fromEntries(Object.values(source.properties).map((property) => [property.name, { [property.type]: {} }])));
    const ids = new Map(Object.values(source.properties).map((property) => [property.name, property.id]));
    for (const column of Object.values(layout.columns)) {
      const id = ids.get(column.property);
      if (id !== undefined) column.id = id;
    }
    return layout;
  } catch (error) {
    throw fromNotionError(error, "the connections database");
  }
}

/** Our columns matched against a schema given as { name: { <type>: … } }. Any title property stands for "Name". */
export function layoutOf(schema: Record<string, Record<string, unknown>>): ColumnLayout {
  const typeOf = (name: string) => (schema[name] ? Object.keys(schema[name]!)[0] : undefined);
  const layout: ColumnLayout = { columns: {}, missing: [], incompatible: [] };
  for (const column of COLUMNS) {
    if (column.create === "title") {
      const title = Object.keys(schema).find((name) => typeOf(name) === "title");
      if (title) layout.columns[column.name] = { property: title, type: "title" };
      continue;
    }
    const type = typeOf(column.name);
    if (type === undefined) layout.missing.push(column.name);
    else if ((column.accepts as readonly string[]).includes(type)) layout.columns[column.name] = { property: column.name, type: type as ColumnType };
    else layout.incompatible.push({ name: column.name, type, wanted: column.create });
  }
  return layout;
}

/** Adds the missing columns (the user agreed); returns the new layout. */
export async function addMissingColumns(client: Client, dataSourceId: string, missing: readonly string[]): Promise<ColumnLayout> {
  const properties = Object.fromEntries(
    COLUMNS.filter((column) => missing.includes(column.name) && column.create !== "title").map((column) => [column.name, schemaConfig(column.create)]),
  );
  try {
    if (Object.keys(properties).length > 0) await client.dataSources.update({ data_source_id: dataSourceId, properties: properties as never });
  } catch (error) {
    throw fromNotionError(error, "the connections database");
  }
  return readLayout(client, dataSourceId);
}

/** Rich text for a long string: ≤ 2000-character items, at most 100 of them (cut with an ellipsis beyond). */
export function longText(text: string): { type: "text"; text: { content: string } }[] {
  let pieces = splitText(text, MAX_TEXT_ITEM);
  if (pieces.length > MAX_TEXT_ITEMS) {
    pieces = pieces.slice(0, MAX_TEXT_ITEMS);
    pieces[MAX_TEXT_ITEMS - 1] = `${pieces[MAX_TEXT_ITEMS - 1]!.slice(0, MAX_TEXT_ITEM - 1)}…`;
  }
  return text === "" ? [] : pieces.map((content) => ({ type: "text", text: { content } }));
}

/** The settings a row must carry to restore its connection (name and prompt have their own columns). */
export interface RowConfig {
  v: 1;
  kind: Connection["kind"];
  url: string;
  targetId: string;
  targetTitle: string;
  options: Connection["options"];
  database?: Connection["database"];
  engine?: EngineId;
  model?: string;
  placement?: Connection["placement"];
  context?: Connection["context"];
  createdAt: number;
  updatedAt: number;
}

export function rowConfig(connection: Connection): RowConfig {
  const { kind, url, targetId, targetTitle, options, database, engine, model, placement, context, createdAt, updatedAt } = connection;
  return {
    v: 1,
    kind,
    url,
    targetId,
    targetTitle,
    options,
    ...(database ? { database } : {}),
    ...(engine ? { engine } : {}),
    ...(engine && model !== undefined ? { model } : {}),
    ...(placement ? { placement } : {}),
    ...(context ? { context } : {}),
    createdAt,
    updatedAt,
  };
}

/**
 * A row's values, by our column names, as plain values. Columns that only a
 * local run can fill (Engine and Model without an override, Last run, Last
 * result) are left out when this browser has no run of the connection, e.g.
 * after "Import from Notion": writing them would blank history only Notion has.
 */
export function rowValues(connection: Connection, lastRun: Run | undefined): Record<string, string | null> {
  const values: Record<string, string | null> = {
    Name: connection.name,
    Type: connection.kind === "database" ? "Database" : "Page",
    Target: targetUrl(connection),
    Prompt: connection.prompt,
    Created: new Date(connection.createdAt).toISOString(),
    [INKWELL_ID]: connection.id,
    [INKWELL_CONFIG]: JSON.stringify(rowConfig(connection)),
  };
  const engine = connection.engine ?? lastRun?.engine;
  if (engine) {
    values.Engine = ENGINE_LABELS[engine];
    values.Model = connection.engine ? connection.model || lastRun?.model || "" : (lastRun?.model ?? "");
  }
  if (lastRun) {
    values["Last run"] = new Date(lastRun.startedAt).toISOString();
    values["Last result"] = describeResult(lastRun);
  }
  return values;
}

/** The Notion properties payload for a row, written only into columns this database has. */
export function rowProperties(connection: Connection, lastRun: Run | undefined, layout: ColumnLayout): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rowValues(connection, lastRun))) {
    const column = layout.columns[name];
    if (column) properties[column.property] = propertyValue(column.type, value);
  }
  return properties;
}

function propertyValue(type: ColumnType, value: string | null): unknown {
  switch (type) {
    case "title":
      return { title: longText(value ?? "") };
    case "rich_text":
      return { rich_text: longText(value ?? "") };
    case "select":
      // Notion refuses commas in option names.
      return { select: value ? { name: value.replace(/,/g, " ").slice(0, MAX_SELECT) } : null };
    case "url":
      return { url: value || null };
    case "date":
      return { date: value ? { start: value } : null };
  }
}

/** The link a user can open: as they gave it when it fits Notion's URL limit, else the target's canonical one. */
function targetUrl(connection: Connection): string {
  if (connection.url && connection.url.length <= MAX_URL && /^https?:\/\//i.test(connection.url)) return connection.url;
  return `https://www.notion.so/${connection.targetId.replace(/-/g, "")}`;
}

const STATUS_WORDS: Record<Run["status"], string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  partial: "Partly done",
};

/** "Succeeded · 12 blocks" / "Partly done · 4 of 5 rows · 1 failed" / "Failed: <reason>". Run errors are already scrubbed. */
export function describeResult(run: Run): string {
  const parts = [STATUS_WORDS[run.status]];
  if (run.rows) {
    const done = run.rows.filter((row) => row.state === "done").length;
    const failed = run.rows.filter((row) => row.state === "failed").length;
    parts.push(`${done} of ${run.rows.length} rows`);
    if (failed > 0) parts.push(`${failed} failed`);
  } else if (run.blocksWritten > 0) {
    parts.push(`${run.blocksWritten} blocks`);
  }
  if (run.undoneAt) parts.push("undone");
  const text = parts.join(" · ") + (run.error ? `: ${run.error.message}` : run.notice ? ` (${run.notice})` : "");
  return text.slice(0, MAX_TEXT_ITEM);
}

/** The row of a connection, by its Inkwell ID (rows in Notion's trash are not returned). */
export async function findRowByInkwellId(client: Client, dataSourceId: string, layout: ColumnLayout, connectionId: string): Promise<string | undefined> {
  const column = layout.columns[INKWELL_ID];
  if (!column) throw missingColumnError(INKWELL_ID);
  const result = await client.dataSources.query({
    data_source_id: dataSourceId,
    filter: { property: column.property, rich_text: { equals: connectionId } } as never,
    page_size: 10,
  });
  return result.results[0]?.id;
}

export async function createRow(client: Client, dataSourceId: string, properties: Record<string, unknown>): Promise<string> {
  const page = await client.pages.create({ parent: { type: "data_source_id", data_source_id: dataSourceId }, properties: properties as never });
  return page.id;
}

/** Updates a row's values, bringing it back from Notion's trash if it was there (a restored connection). */
export async function updateRow(client: Client, pageId: string, properties: Record<string, unknown>): Promise<void> {
  await client.pages.update({ page_id: pageId, properties: properties as never, in_trash: false } as never);
}

export async function trashRow(client: Client, pageId: string): Promise<void> {
  await client.pages.update({ page_id: pageId, in_trash: true } as never);
}

/** A row as read back for "Import from Notion". */
export interface MirroredRow {
  pageId: string;
  name: string;
  inkwellId: string;
  prompt: string;
  /** The parsed "Inkwell config", or undefined when absent or not JSON. */
  config: unknown;
}

/** Every row of the connections database, page by page. */
export async function readAllRows(client: Client, dataSourceId: string, layout: ColumnLayout): Promise<MirroredRow[]> {
  const rows: MirroredRow[] = [];
  const columns = Object.values(layout.columns);
  const columnIds = columns.every((column) => column.id !== undefined) ? columns.map((column) => column.id!) : [];
  let cursor: string | undefined;
  do {
    const page = (await client.dataSources.query({
      data_source_id: dataSourceId,
      page_size: 100,
      // Our columns only (API 2026-12-01 lists only the title unless asked; see SchemaProperty in databases.ts).
      ...(columnIds.length > 0 ? { filter_properties: columnIds } : {}),
      ...(cursor ? { start_cursor: cursor } : {}),
    })) as {
      results: { id: string; properties?: Record<string, { type: string; title?: { plain_text?: string }[]; rich_text?: { plain_text?: string }[] }> }[];
      has_more: boolean;
      next_cursor: string | null;
    };
    for (const result of page.results) {
      const text = (name: string) => {
        const column = layout.columns[name];
        const property = column ? result.properties?.[column.property] : undefined;
        return plainText(property?.title ?? property?.rich_text);
      };
      const rawConfig = text(INKWELL_CONFIG);
      let config: unknown;
      try {
        config = rawConfig ? JSON.parse(rawConfig) : undefined;
      } catch {
        config = undefined;
      }
      rows.push({ pageId: result.id, name: text("Name"), inkwellId: text(INKWELL_ID), prompt: text("Prompt"), config });
    }
    cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
  } while (cursor);
  return rows;
}

export function missingColumnError(name: string): InkwellError {
  return new InkwellError(
    "invalid_input",
    `The connections database has no “${name}” column, which Inkwell needs to match rows. Open Settings → Connections database and connect it again to add the missing columns.`,
  );
}
