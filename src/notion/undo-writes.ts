import { APIResponseError, type Client } from "@notionhq/client";
import { fromNotionError } from "./errors";

/**
 * The two writes an undo makes. Deleting is safe to repeat: a block that is
 * already gone (deleted, or in Notion's trash) counts as nothing removed.
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

/** Puts a rich-text property of a row back to the value a run replaced (already in request form). */
export async function restoreRichTextProperty(client: Client, rowId: string, property: string, richText: readonly unknown[]): Promise<void> {
  try {
    await client.pages.update({ page_id: rowId, properties: { [property]: { rich_text: richText } } as never });
  } catch (error) {
    throw fromNotionError(error, "a row of the database");
  }
}
