import { fromNotionError } from "../../notion/errors";
import type { NotionClient } from "../../notion/client";
import { createRow, findRowByInkwellId, rowProperties, trashRow, updateRow, type ColumnLayout } from "../../notion/connections-db";
import type { Connection, Run } from "../../shared/storage/schema";

export interface RowTarget {
  client: NotionClient;
  layout: ColumnLayout;
  dataSourceId: string;
}

/**
 * Writes one connection's current state to its row. No duplicate rows: the row
 * is found through the stored mapping, else by its "Inkwell ID", and only
 * created when neither finds it. Returns its row id (new mapping), null when
 * the mapping should be forgotten, undefined for no change.
 */
export async function writeConnectionRow(
  { client, layout, dataSourceId }: RowTarget,
  id: string,
  connection: Connection | undefined,
  lastRun: Run | undefined,
  mapped: string | undefined,
): Promise<string | null | undefined> {
  if (!connection || connection.deletedAt !== undefined) {
    const rowId = mapped ?? (await findRowByInkwellId(client, dataSourceId, layout, id));
    if (rowId) await trashIfPresent(client, rowId);
    // Purged for good: nothing will restore it, so the mapping can go.
    return connection ? rowId : null;
  }
  const properties = rowProperties(connection, lastRun, layout);
  if (mapped) {
    try {
      await updateRow(client, mapped, properties);
      return mapped;
    } catch (error) {
      // The row was deleted for good (or unshared): find it by id, or create it anew.
      if (fromNotionError(error).code !== "notion_not_shared") throw error;
    }
  }
  const found = await findRowByInkwellId(client, dataSourceId, layout, id);
  if (found) {
    await updateRow(client, found, properties);
    return found;
  }
  return createRow(client, dataSourceId, properties);
}

async function trashIfPresent(client: NotionClient, rowId: string): Promise<void> {
  try {
    await trashRow(client, rowId);
  } catch (error) {
    const failure = fromNotionError(error);
    // Already in Notion's trash, or gone: the row is out of sight either way.
    if (failure.code === "notion_not_shared" || failure.code === "notion_in_trash" || (failure.code === "notion_validation" && /archived|trash/i.test(failure.message))) return;
    throw error;
  }
}
