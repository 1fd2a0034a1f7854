/**
 * "Replace what this connection wrote last time": write the new output completely, in place of the
 * previous one, and only then move the previous blocks to Notion's trash; exactly once through stops
 * (core/exactly-once/replace-journal). Undo of a replace restores the previous blocks, then trashes the new.
 *
 * API:
 *   replacePrevious(client, targetId, blocks, previousIds, { resume?, record, writer? }): Promise<ReplaceResult>
 *     `previousIds`: the top-level blocks the connection wrote last time. The new output goes right after
 *     the last of them still on the page (so it appears where the old output was), or at the end when
 *     none is left. `record(journal)` is awaited before every request that changes the page; pass the
 *     saved journal as `resume` to continue after a stop.
 *   undoReplace(client, { written, previous }): Promise<{ missing: string[] }>
 *     Restores `previous` first (a stop in between leaves both outputs, never neither), then trashes
 *     `written`. Both steps are idempotent: a stopped Undo simply runs again. `missing`: previous blocks
 *     Notion no longer has.
 */
import type { Client } from "@notionhq/client";
import { countBlocks, type NotionBlock } from "../core/markdown";
import { newReplaceJournal, replaceAnchor, type ReplaceJournal } from "../core/exactly-once/replace-journal";
import { NotionBlockWriter, type BlockWriterOptions } from "./block-writer";
import { restoreBlocks, trashBlocks } from "./block-trash";
import { fromNotionError } from "./errors";

export interface ReplaceOptions {
  resume?: ReplaceJournal | undefined;
  record: (journal: ReplaceJournal) => Promise<void>;
  /** Passed to the block writer (its placement is decided here). */
  writer?: Omit<BlockWriterOptions, "placement">;
}

export interface ReplaceResult {
  /** The new output's top-level blocks (what the next replace, or Undo, removes). */
  topLevelIds: string[];
  blockCount: number;
  /** The previous blocks, now in Notion's trash (what Undo restores). */
  trashed: string[];
}

export async function replacePrevious(client: Client, targetId: string, blocks: NotionBlock[], previousIds: readonly string[], options: ReplaceOptions): Promise<ReplaceResult> {
  let journal = options.resume ?? newReplaceJournal(previousIds, replaceAnchor(await liveChildren(client, targetId), previousIds));
  if (!options.resume) await options.record(journal);
  if (journal.phase === "writing") {
    const writer = new NotionBlockWriter(client, targetId, { ...options.writer, placement: journal.after === null ? "append" : { after: journal.after } });
    const { topLevelIds } = await writer.write(blocks, {
      resume: journal.write,
      record: async (write, written) => {
        journal = { ...journal, write, written };
        await options.record(journal);
      },
    });
    journal = { ...journal, phase: "trashing", written: topLevelIds };
    await options.record(journal);
  }
  if (journal.phase === "trashing") {
    await trashBlocks(client, journal.previous);
    journal = { ...journal, phase: "done" };
    await options.record(journal);
  }
  return { topLevelIds: journal.written, blockCount: countBlocks(blocks), trashed: journal.previous };
}

export async function undoReplace(client: Client, output: { written: readonly string[]; previous: readonly string[] }): Promise<{ missing: string[] }> {
  const { missing } = await restoreBlocks(client, output.previous);
  await trashBlocks(client, output.written);
  return { missing };
}

async function liveChildren(client: Client, blockId: string): Promise<string[]> {
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
