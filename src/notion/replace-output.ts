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
 *     Previous blocks no longer among the page's children (deleted or moved by the user), or edited by
 *     someone other than their creator since, are left alone.
 *   replaceableBlocks(client, targetId, previousIds): Promise<{ previous, after }>
 *     The previous blocks a replace may trash (see above) and where the new output goes (null: the end).
 *   undoReplace(client, { written, previous }): Promise<{ missing: string[]; keptWritten: boolean }>
 *     `previous`: the replace's `trashed`. Restores `previous` first (a stop in between leaves both
 *     outputs, never neither), then trashes `written`. Both steps are idempotent: a stopped Undo simply
 *     runs again. `missing`: previous blocks Notion no longer has; then `written` is kept (keptWritten).
 */
import type { Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
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
  /** The previous blocks this replace moved to Notion's trash (what Undo restores): those still on the page when it started. */
  trashed: string[];
}

export async function replacePrevious(client: Client, targetId: string, blocks: NotionBlock[], previousIds: readonly string[], options: ReplaceOptions): Promise<ReplaceResult> {
  // Replacing with nothing would only remove the previous output.
  if (!options.resume && blocks.length === 0) throw new InkwellError("ai_empty_answer", "The answer was empty, so Inkwell kept the previous output as it is. Generate again.");
  let journal: ReplaceJournal = options.resume ?? (await startReplace(client, targetId, previousIds));
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

export async function undoReplace(client: Client, output: { written: readonly string[]; previous: readonly string[] }): Promise<{ missing: string[]; keptWritten: boolean }> {
  const { missing } = await restoreBlocks(client, output.previous);
  // Blocks Notion no longer has (its trash was emptied) can't come back: the new output then stays,
  // so Undo never leaves the page with neither.
  if (missing.length > 0) return { missing, keptWritten: true };
  await trashBlocks(client, output.written);
  return { missing, keptWritten: false };
}

/**
 * Only the previous blocks still on the page, as this connection left them, are replaced (and later
 * restored by Undo): one the user deleted or moved elsewhere meanwhile is theirs to keep where it is, and
 * one someone else edited since (its last editor is not its creator) holds their words, so it stays.
 */
export async function replaceableBlocks(client: Client, targetId: string, previousIds: readonly string[]): Promise<{ previous: string[]; after: string | null }> {
  const children = await liveChildren(client, targetId);
  const untouched = new Set(children.filter((child) => child.created_by?.id === child.last_edited_by?.id).map((child) => child.id));
  const previous = previousIds.filter((id) => untouched.has(id));
  return { previous, after: replaceAnchor(children.map((child) => child.id), previous) };
}

async function startReplace(client: Client, targetId: string, previousIds: readonly string[]): Promise<ReplaceJournal> {
  const { previous, after } = await replaceableBlocks(client, targetId, previousIds);
  return newReplaceJournal(previous, after);
}

interface ListedBlock {
  id: string;
  created_by?: { id?: string };
  last_edited_by?: { id?: string };
}

async function liveChildren(client: Client, blockId: string): Promise<ListedBlock[]> {
  const blocks: ListedBlock[] = [];
  let cursor: string | undefined;
  try {
    do {
      const page = await client.blocks.children.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      blocks.push(...(page.results as ListedBlock[]));
      cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
    } while (cursor);
  } catch (error) {
    throw fromNotionError(error, "the page");
  }
  return blocks;
}
