/**
 * Rows of the connections database: finding one by its Inkwell ID, creating,
 * updating and trashing one, and reading them all back for "Import from Notion".
 */
import type { Client } from "@notionhq/client";
import { INKWELL_CONFIG, INKWELL_ID, missingColumnError, type ColumnLayout } from "./connections-db-layout";
import { plainText } from "./titles";

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
