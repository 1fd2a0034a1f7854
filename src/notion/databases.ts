import type { Client, DataSourceObjectResponse } from "@notionhq/client";
import type { PropertyValue } from "../core/property-text";
import { InkwellError, type NotionAccess } from "../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../core/notion-url";
import type { DatabaseInspection, PropertySummary } from "../shared/protocol/types";
import { fromNotionError } from "./errors";
import { databaseTitle, pageTitle } from "./titles";

/** A row as the job needs it: its id, title and property values. */
export interface DatabaseRow {
  id: string;
  title: string;
  properties: Record<string, PropertyValue>;
  /** As Notion reports it (rounded down to the minute). */
  lastEditedTime?: string;
}

const STATUS_NAME = /^(ai[ _-]?)?status$|^state$|progress/i;

/**
 * A schema property with its id: lists of pages are asked for the properties Inkwell reads,
 * by id (`filter_properties`). Notion API 2026-12-01 returns only the title of each listed
 * page unless the request names properties this way, and the upgrade guide has clients do
 * so on 2026-03-11 already: the answers are then the same on both versions.
 */
export interface SchemaProperty extends PropertySummary {
  id: string;
}

/** Property ids for `filter_properties`: the title's, and those of the `names` given (unknown names are left out). */
export function propertyIds(schema: readonly SchemaProperty[], names: Iterable<string>): string[] {
  const wanted = new Set(names);
  return schema.filter((property) => property.type === "title" || wanted.has(property.name)).map((property) => property.id);
}

/** Reads a database for setup: data sources, schema of the chosen one, and a preview of its rows. */
export async function inspectDatabase(
  client: Client,
  url: string,
  options: { dataSourceId?: string; selectionProperty?: string; access: NotionAccess | undefined },
): Promise<DatabaseInspection> {
  const parsed = parseNotionUrl(url);
  if (!parsed.ok) throw new InkwellError("invalid_input", describeUrlProblem(parsed.reason));
  let database: { id: string; url?: string; title?: { plain_text?: string }[]; data_sources?: { id: string; name: string }[] };
  try {
    database = (await client.databases.retrieve({ database_id: parsed.target.id })) as typeof database;
  } catch (error) {
    const failure = fromNotionError(error, "this database", options.access ?? "unknown");
    if (failure.code === "notion_validation") {
      // A page id on the database endpoint: tell the user to pick the other type.
      throw new InkwellError("invalid_input", "That link is a page, not a database. Choose “Notion page” as the type, or open the database itself and copy its link.");
    }
    throw failure;
  }
  const dataSources = database.data_sources ?? [];
  if (dataSources.length === 0) throw new InkwellError("invalid_input", "This database has no data source Inkwell can read.");
  const dataSourceId = options.dataSourceId && dataSources.some((source) => source.id === options.dataSourceId) ? options.dataSourceId : dataSources[0]!.id;
  const properties = await readSchema(client, dataSourceId);
  const checkboxes = properties.filter((property) => property.type === "checkbox").map((property) => property.name);
  const selectionProperty =
    (options.selectionProperty && checkboxes.includes(options.selectionProperty) ? options.selectionProperty : undefined) ??
    checkboxes.find((name) => name.toLowerCase() === "generate") ??
    checkboxes[0] ??
    null;
  const statusCandidates = properties.filter((property) => property.type === "status" || property.type === "select");
  const suggestedStatusProperty = statusCandidates.find((property) => STATUS_NAME.test(property.name))?.name ?? null;
  return {
    databaseId: database.id,
    title: databaseTitle(database),
    url: database.url ?? url,
    dataSources: dataSources.map((source) => ({ id: source.id, name: source.name || databaseTitle(database) })),
    dataSourceId,
    properties,
    selectionProperty,
    suggestedStatusProperty,
    preview: await previewRows(client, dataSourceId, selectionProperty, propertyIds(properties, selectionProperty ? [selectionProperty] : [])),
  };
}

/** The option names of a select, multi-select or status property, shown when choosing typed outputs. */
function optionNames(property: DataSourceObjectResponse["properties"][string]): { options?: string[] } {
  const names = (options: readonly { name: string }[]) => ({ options: options.map((option) => option.name) });
  if (property.type === "select") return names(property.select.options);
  if (property.type === "multi_select") return names(property.multi_select.options);
  if (property.type === "status") return names(property.status.options);
  return {};
}

export async function readSchema(client: Client, dataSourceId: string): Promise<SchemaProperty[]> {
  try {
    const source = await client.dataSources.retrieve({ data_source_id: dataSourceId });
    return Object.values(source.properties).map((property) => ({ id: property.id, name: property.name, type: property.type, ...optionNames(property) }));
  } catch (error) {
    throw fromNotionError(error, "this database");
  }
}

async function previewRows(client: Client, dataSourceId: string, selection: string | null, properties: string[]): Promise<DatabaseInspection["preview"]> {
  try {
    const first = await client.dataSources.query({ data_source_id: dataSourceId, page_size: 10, filter_properties: properties });
    const rows = first.results.map((result) => {
      const row = toRow(result);
      const box = selection ? row.properties[selection] : undefined;
      return { id: row.id, title: row.title, checked: box?.type === "checkbox" && box.checkbox };
    });
    if (!selection) return { rows, tickedCount: 0, tickedCountIsLowerBound: false };
    const ticked = await client.dataSources.query({ data_source_id: dataSourceId, page_size: 100, filter_properties: properties, filter: { property: selection, checkbox: { equals: true } } });
    return { rows, tickedCount: ticked.results.length, tickedCountIsLowerBound: ticked.has_more };
  } catch (error) {
    throw fromNotionError(error, "this database");
  }
}

/** Adds a property (only after the user agreed in the UI). */
export async function addProperty(client: Client, dataSourceId: string, name: string, type: "checkbox" | "rich_text"): Promise<void> {
  try {
    await client.dataSources.update({ data_source_id: dataSourceId, properties: { [name]: type === "checkbox" ? { checkbox: {} } : { rich_text: {} } } });
  } catch (error) {
    throw fromNotionError(error, "this database");
  }
}

export interface TickedRowsPage {
  rows: DatabaseRow[];
  /** Notion stops one query at about 10,000 rows; query again once these are processed (they are unticked by then). */
  hitResultCap: boolean;
}

/**
 * Every ticked row (paginating past 100), up to Notion's per-query result cap. `properties`:
 * the ids of the properties to read (see SchemaProperty); omitted, Notion decides (all of
 * them up to 2026-03-11, the title alone from 2026-12-01: enough to count or list rows).
 */
export async function queryTickedRows(
  client: Client,
  dataSourceId: string,
  selectionProperty: string,
  limit = Number.POSITIVE_INFINITY,
  properties?: readonly string[],
): Promise<TickedRowsPage> {
  return queryMatchingRows(client, dataSourceId, { property: selectionProperty, checkbox: { equals: true } }, selectionProperty, limit, properties);
}

/** Every row matching `filter` (paginating past 100), up to Notion's per-query result cap. `selectionProperty` names the checkbox in errors. */
export async function queryMatchingRows(
  client: Client,
  dataSourceId: string,
  filter: Record<string, unknown>,
  selectionProperty: string,
  limit = Number.POSITIVE_INFINITY,
  properties?: readonly string[],
): Promise<TickedRowsPage> {
  const rows: DatabaseRow[] = [];
  let cursor: string | undefined;
  let hitResultCap = false;
  try {
    do {
      const page = await client.dataSources.query({
        data_source_id: dataSourceId,
        page_size: Math.min(100, Math.max(1, limit - rows.length)),
        filter: filter as never,
        ...(properties ? { filter_properties: [...properties] } : {}),
        ...(cursor ? { start_cursor: cursor } : {}),
      });
      rows.push(...page.results.map(toRow));
      cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
      if (page.request_status?.type === "incomplete") hitResultCap = true;
    } while (cursor && rows.length < limit);
  } catch (error) {
    const failure = fromNotionError(error, "this database");
    if (failure.code === "notion_validation" && /property/i.test(failure.message) && failure.message.includes(selectionProperty)) {
      throw new InkwellError("invalid_input", `The checkbox “${selectionProperty}” no longer exists in the database. Open the connection and choose the checkbox again.`);
    }
    throw failure;
  }
  return { rows: rows.slice(0, limit), hitResultCap };
}

function toRow(result: unknown): DatabaseRow {
  const page = result as { id: string; properties?: Record<string, PropertyValue>; last_edited_time?: string };
  const properties = page.properties ?? {};
  return { id: page.id, title: pageTitle({ properties: properties as never }), properties, ...(page.last_edited_time ? { lastEditedTime: page.last_edited_time } : {}) };
}
