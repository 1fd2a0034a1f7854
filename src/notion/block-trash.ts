/**
 * Moving blocks to Notion's trash and back, idempotently, so a stopped or
 * retried Undo or replace can simply run again.
 *
 * API:
 *   trashBlocks(client, ids): Promise<void>
 *     PATCH in_trash: true for each block; one already in the trash (Notion: "Can't edit block that is
 *     archived") or gone (404) counts as done.
 *   restoreBlocks(client, ids): Promise<{ restored: string[]; missing: string[] }>
 *     PATCH in_trash: false for each block: Notion puts it back where it was, with its children; a live
 *     block stays as it is. `missing`: blocks Notion no longer has (the trash was emptied).
 * An ambiguous answer (5xx, dropped connection) is retried: both requests mean the same the second time.
 */
import { APIResponseError, type Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { fromNotionError } from "./errors";
import { AmbiguousWriteError } from "./scheduler";

const MAX_ATTEMPTS = 4;

const isInTrash = (error: unknown) => APIResponseError.isAPIResponseError(error) && error.status === 400 && /archived/i.test(error.message);
const isGone = (error: unknown) => APIResponseError.isAPIResponseError(error) && error.status === 404;

export async function trashBlocks(client: Client, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await setTrash(client, id, true).catch((error: unknown) => {
      if (isInTrash(error) || isGone(error)) return;
      throw fromNotionError(error, "a block Inkwell wrote");
    });
  }
}

export async function restoreBlocks(client: Client, ids: readonly string[]): Promise<{ restored: string[]; missing: string[] }> {
  const restored: string[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    try {
      await setTrash(client, id, false);
      restored.push(id);
    } catch (error) {
      if (!isGone(error)) throw fromNotionError(error, "a block Inkwell replaced");
      missing.push(id);
    }
  }
  return { restored, missing };
}

async function setTrash(client: Client, id: string, inTrash: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.blocks.update({ block_id: id, in_trash: inTrash });
      return;
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new InkwellError("notion_unavailable", "Notion kept failing while moving blocks to or from its trash. Try again in a few minutes; nothing will be done twice.", { retryable: true });
    }
  }
}
