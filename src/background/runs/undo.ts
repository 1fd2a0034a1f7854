import { InkwellError } from "../../core/errors";
import { plainTextForRequest, richTextForRequest } from "../../core/rich-text-restore";
import { isRunActive } from "../../core/run-view";
import { restoreBlocks } from "../../notion/block-trash";
import type { NotionClient } from "../../notion/client";
import { deleteBlockIfPresent, restoreRichTextProperty } from "../../notion/removal";
import { restoreProperties } from "../../notion/typed-properties";
import type { UndoResult } from "../../shared/protocol/types";
import type { Connection, Run } from "../../shared/storage/schema";

/**
 * Removes exactly what a run wrote: the blocks it appended (to the page, or to
 * each row's body), or, for property output, the previous values it replaced
 * (every typed property of a row in one update; one the user changed since the
 * run keeps the user's value and is listed in `kept`). What a "replace" removed
 * is restored from Notion's trash.
 * Deleting is safe to repeat: a block that is already gone counts as removed.
 */
export async function undoRun(client: NotionClient, run: Run, connection: Connection | undefined): Promise<UndoResult> {
  if (run.undoneAt) throw new InkwellError("invalid_input", "This run was already undone.");
  if (isRunActive(run)) throw new InkwellError("invalid_input", "Wait for the run to finish (or cancel it) before undoing it.");
  let removed = 0;
  if (run.kind === "page") {
    // What a replace removed comes back first: a stop in between leaves both outputs, never neither.
    if (run.replacedBlockIds?.length) await restoreReplaced(client, run.replacedBlockIds);
    for (const id of run.writtenBlockIds) removed += await deleteBlockIfPresent(client, id);
    return { removed };
  }
  const kept: string[] = [];
  const output = connection?.database?.output;
  for (const row of run.rows ?? []) {
    if (row.replacedBlockIds?.length) await restoreReplaced(client, row.replacedBlockIds);
    if (row.blockIds) for (const id of row.blockIds) removed += await deleteBlockIfPresent(client, id);
    // Typed outputs: every property the row's one update set goes back to its saved value (one update again).
    // A row that failed with its update unanswered may hold the answer: with the written values known, only
    // what still holds them goes back, so a row the update never reached is left alone.
    const mayHoldAnswer = row.state === "done" || row.state === "patching" || (row.state === "failed" && row.writtenProperties !== undefined);
    if (row.previousProperties !== undefined && mayHoldAnswer) {
      // Runs saved before the written values were kept restore every property, as they always did.
      const result = await restoreProperties(client, row.rowId, row.previousProperties as never, row.writtenProperties as never);
      removed += result.restored.length;
      kept.push(...result.kept.map((name) => `“${name}” of “${row.title}”`));
      continue;
    }
    // A "patching" row's patch may have landed before the run stopped: its saved original is put back too.
    const original =
      row.previousRichText !== undefined && (row.state === "done" || row.state === "patching")
        ? richTextForRequest(row.previousRichText)
        : row.state === "done" && row.previousText !== undefined
          ? plainTextForRequest(row.previousText)
          : undefined;
    if (output?.type === "property" && original !== undefined) {
      await restoreRichTextProperty(client, row.rowId, output.property, original);
      removed++;
    }
  }
  return kept.length > 0 ? { removed, kept } : { removed };
}

/** Brings back what a replace trashed; when Notion no longer has some of it, the new output is kept (never neither). */
async function restoreReplaced(client: NotionClient, ids: readonly string[]): Promise<void> {
  const { missing } = await restoreBlocks(client, ids);
  if (missing.length > 0) {
    throw new InkwellError(
      "notion_conflict",
      "Some of the output this run replaced is no longer in Notion's trash (it was emptied), so Undo kept the new output rather than leave neither. Remove it by hand if you don't want it.",
    );
  }
}
