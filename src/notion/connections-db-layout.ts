/**
 * The connections database's schema: the columns Inkwell writes, where they
 * are in a given database, and creating, reading and completing it.
 */
import type { Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { fromNotionError } from "./errors";
import { databaseTitle } from "./titles";

export const CONNECTIONS_DATABASE_TITLE = "Inkwell connections";
export const INKWELL_ID = "Inkwell ID";
export const INKWELL_CONFIG = "Inkwell config";

export type ColumnType = "title" | "rich_text" | "select" | "url" | "date";

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

export function missingColumnError(name: string): InkwellError {
  return new InkwellError(
    "invalid_input",
    `The connections database has no “${name}” column, which Inkwell needs to match rows. Open Settings → Connections database and connect it again to add the missing columns.`,
  );
}
