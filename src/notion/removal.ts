import { APIResponseError, type Client } from "@notionhq/client";
import { fromNotionError } from "./errors";

/**
 * Deletes one block; returns 1 when it was removed, 0 when it was already gone.
 * Safe to repeat: a block already deleted (in trash) or missing counts as removed.
 */
export async function deleteBlockIfPresent(client: Client, blockId: string): Promise<number> {
  try {
    await client.blocks.delete({ block_id: blockId });
    return 1;
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error) && (error.status === 404 || (error.status === 400 && /archived|trash/i.test(error.message)))) return 0;
    throw fromNotionError(error, "the block to remove");
  }
}

/** Puts a rich-text property of a row back to the value given (request-shaped rich text). */
export async function restoreRichTextProperty(client: Client, pageId: string, property: string, richText: readonly unknown[]): Promise<void> {
  try {
    await client.pages.update({ page_id: pageId, properties: { [property]: { rich_text: richText } } as never });
  } catch (error) {
    throw fromNotionError(error, "a row of the database");
  }
}
