/**
 * Small row updates of a database run: clearing the selection checkbox,
 * setting the status, writing one text property, and the current properties
 * of one row. Each answers with the row's last_edited_time on Notion's clock.
 */
import type { Client } from "@notionhq/client";
import { fromNotionError } from "./errors";

/** The client type, for modules outside the gateway that pass it through. */
export type NotionClient = Client;

/** One pages.update of `properties`; returns Notion's new last_edited_time. Errors are classified (InkwellError). */
export async function updateRowProperties(client: Client, rowId: string, properties: Record<string, unknown>): Promise<string | undefined> {
  try {
    return editedTime(await client.pages.update({ page_id: rowId, properties: properties as never }));
  } catch (error) {
    throw fromNotionError(error, "the row");
  }
}

/** A page update's answer: the row's last_edited_time on Notion's clock. */
function editedTime(page: unknown): string | undefined {
  const time = (page as { last_edited_time?: unknown } | undefined)?.last_edited_time;
  return typeof time === "string" ? time : undefined;
}

/** The ids of a page's (or block's) children, in order. */
export async function childBlockIds(client: Client, blockId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  try {
    do {
      const page = await client.blocks.children.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      ids.push(...page.results.map((block) => block.id));
      cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
    } while (cursor);
  } catch (error) {
    throw fromNotionError(error, "the page");
  }
  return ids;
}
