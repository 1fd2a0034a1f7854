/**
 * Writes one row's stored answer, exactly once through worker stops (the
 * states of core/exactly-once/row-lifecycle). Every state that matters is
 * saved (critical) before the step it allows:
 *  - body: each append request is journaled before the next starts
 *    (NotionBlockWriter), the block ids are stored ("written") before the
 *    properties or the checkbox are touched;
 *  - typed properties: the previous values are saved ("patching") before the
 *    one update that sets every property, clears the checkbox and sets the
 *    status, so Undo restores them exactly and a repeat sets the same values;
 *  - one text property: the same, with the property's rich text.
 */
import { InkwellError } from "../../core/errors";
import { nextPhase, writesBody, type RowOutput } from "../../core/exactly-once/row-lifecycle";
import { topLevelIds as journaledTopLevelIds } from "../../core/exactly-once/append-journal";
import { markdownToBlocks, planAppends } from "../../core/markdown";
import { answerToPropertyRichText } from "../../core/property-output";
import { decodeTypedAnswer } from "../../core/typed-output/row-answer";
import { unavailableOptions } from "../../core/typed-output/stale-options";
import type { TypedOutputSpec } from "../../core/typed-output/types";
import { NotionBlockWriter, type BlockWriterOptions } from "../../notion/block-writer";
import type { DatabaseRow } from "../../notion/databases";
import { updateRowProperties, type NotionClient } from "../../notion/rows";
import { writeTypedProperties } from "../../notion/typed-properties";
import type { DatabaseSettings, OutputPlacement, Run, RowState } from "../../shared/storage/schema";
import { replacePrevious } from "../../notion/replace-output";
import type { RecordStore } from "../connections/records";

export interface RowWriteContext {
  client: NotionClient;
  /** The connection: what it wrote last time into each row is kept for "replace". */
  connectionId: string;
  placement: OutputPlacement;
  records: RecordStore;
  settings: DatabaseSettings;
  output: RowOutput;
  /** Typed outputs: the properties as they are now (a stored answer is checked against them before it is written). */
  spec?: TypedOutputSpec;
  /** Property name → type, from the run's schema (for the status value). */
  types: ReadonlyMap<string, string>;
  run: () => Run;
  setRow: (rowId: string, patch: Partial<RowState>, critical?: boolean) => Promise<void>;
  update: (patch: Partial<Run>, critical?: boolean) => Promise<void>;
  writer?: BlockWriterOptions;
}

const OUTPUTS_CHANGED = "The connection's outputs changed since this answer was generated: run the row again (or try on the first rows again) for an answer that fits them.";

const row = (context: RowWriteContext, rowId: string): RowState => (context.run().rows ?? []).find((candidate) => candidate.rowId === rowId)!;

/** Writes the stored answer `stored` to the row, from whatever state it was left in; ends the row "done". */
export async function writeRowAnswer(context: RowWriteContext, rowId: string, data: DatabaseRow | undefined, stored: string): Promise<void> {
  const { output } = context;
  const wantsTyped = output === "typed" || output === "body+typed";
  const typed = decodeTypedAnswer(stored);
  if (row(context, rowId).state === "generated") {
    // Nothing of the row is written yet: an answer that no longer fits the connection fails it whole.
    if (wantsTyped !== (typed !== undefined)) throw new InkwellError("invalid_input", OUTPUTS_CHANGED);
    const unavailable = typed && context.spec ? unavailableOptions(typed.properties, context.spec) : [];
    if (unavailable.length > 0) throw new InkwellError("invalid_input", `Nothing of this row was written: ${unavailable.join(" ")} ${OUTPUTS_CHANGED}`);
  }
  if (wantsTyped && !typed) {
    throw new InkwellError("internal", "The stored answer of this row can't be read, so nothing more of it was written. Undo the run, then generate the row again.");
  }
  if (writesBody(output)) {
    const body = wantsTyped && typed ? (typed.body ?? "") : stored;
    if (row(context, rowId).state === "generated" || row(context, rowId).state === "writing") await writeBody(context, rowId, body);
    if (output === "body") {
      await finishRow(context, rowId);
      return;
    }
    // Also when resumed at "written": the worker may have stopped before the record was kept.
    await keepPlaced(context, rowId);
  }
  if (wantsTyped && typed) {
    const writeTyped = (also: Record<string, unknown>) => {
      const current = row(context, rowId);
      return writeTypedProperties(context.client, rowId, typed.properties, {
        // Once saved, the previous values are never read again: the row may already hold this answer.
        ...(current.state === "patching" && current.previousProperties ? { previous: current.previousProperties as never } : {}),
        savePrevious: async (previous) => {
          await context.setRow(rowId, { state: nextPhase(row(context, rowId).state, { type: "original-saved" }, output), previousProperties: previous, writtenProperties: typed.properties }, true);
        },
        also,
      });
    };
    let result: Awaited<ReturnType<typeof writeTyped>>;
    try {
      result = await writeTyped(endOfRow(context, "Done"));
    } catch (error) {
      // A status property without a "Done" option must not cost the row its answer.
      if (!(error instanceof InkwellError) || error.code !== "notion_validation" || !context.settings.statusProperty) throw error;
      result = await writeTyped({ [context.settings.selectionProperty]: { checkbox: false } });
    }
    await context.setRow(rowId, { state: nextPhase("patching", { type: "patched" }, output), ...(result.lastEditedTime ? { notionEditedAt: result.lastEditedTime } : {}) }, true);
    await context.records.removeRowData(context.run().id, rowId);
    return;
  }
  await writeTextProperty(context, rowId, data, stored);
}

async function writeBody(context: RowWriteContext, rowId: string, markdown: string): Promise<void> {
  const runId = context.run().id;
  const blocks = markdownToBlocks(markdown);
  const current = row(context, rowId);
  const replacing = context.placement === "replace" ? ((await context.records.getPlaced(context.connectionId, rowId))?.blockIds ?? []) : [];
  // Saved at once: from here on the row may hold blocks, so it must never be skipped.
  if (current.state !== "writing") await context.setRow(rowId, { state: nextPhase(current.state, { type: "write-started" }, context.output) }, true);
  let writtenSoFar: string[] = [];
  const keepWritten = async (error: unknown): Promise<never> => {
    // Whatever this row got stays recorded, so Undo removes it.
    if (writtenSoFar.length > 0) await context.setRow(rowId, { blockIds: writtenSoFar }, true);
    throw error;
  };
  let written: { topLevelIds: string[]; blockCount: number };
  if (replacing.length > 0) {
    // A journal exists once the write started: continue it from its last completed step.
    const resume = await context.records.getReplaceJournal(runId, rowId);
    writtenSoFar = resume?.written ?? [];
    written = await replacePrevious(context.client, rowId, blocks, replacing, {
      resume,
      ...(context.writer ? { writer: context.writer } : {}),
      record: async (journal) => {
        await context.records.setReplaceJournal(runId, rowId, journal);
        writtenSoFar = journal.written;
        // Recorded before the previous output goes to the trash, so Undo can bring it back.
        if (journal.phase === "trashing") await context.setRow(rowId, { blockIds: journal.written, replacedBlockIds: journal.previous }, true);
      },
    }).catch(keepWritten);
  } else {
    const resume = await context.records.getJournal(runId, rowId);
    writtenSoFar = resume ? journaledTopLevelIds(planAppends(blocks), resume) : [];
    const writer = new NotionBlockWriter(context.client, rowId, { ...context.writer, ...(context.placement === "top" ? { placement: "top" as const } : {}) });
    written = await writer
      .write(blocks, {
        resume,
        record: async (journal, ids) => {
          await context.records.setJournal(runId, rowId, journal);
          writtenSoFar = ids;
        },
      })
      .catch(keepWritten);
  }
  const { topLevelIds, blockCount } = written;
  await context.setRow(rowId, { state: nextPhase("writing", { type: "all-steps-written" }, context.output), blockIds: topLevelIds }, true);
  const run = context.run();
  await context.update({ blocksWritten: run.blocksWritten + blockCount, writtenBlockIds: [...run.writtenBlockIds, ...topLevelIds] });
}

async function writeTextProperty(context: RowWriteContext, rowId: string, data: DatabaseRow | undefined, text: string): Promise<void> {
  const { settings } = context;
  if (settings.output.type !== "property") throw new InkwellError("internal", "A text-property answer for a connection without a text property.");
  const converted = answerToPropertyRichText(text);
  const current = row(context, rowId);
  if (current.state !== "patching") {
    // The original value, exactly as Notion holds it, is saved before the patch can land.
    const previous = data?.properties[settings.output.property];
    const previousRichText = previous && previous.type === "rich_text" ? previous.rich_text : [];
    await context.setRow(rowId, { state: nextPhase(current.state, { type: "original-saved" }, "property"), previousRichText }, true);
  }
  const editedAt = await patchRow(context, rowId, { [settings.output.property]: { rich_text: converted.richText } });
  await context.setRow(
    rowId,
    {
      state: nextPhase("patching", { type: "patched" }, "property"),
      ...(editedAt ? { notionEditedAt: editedAt } : {}),
      truncated: converted.truncated,
      ...(converted.truncated ? { reason: `The answer was longer than a text property holds; it was cut to ${converted.characters} characters.` } : {}),
    },
    true,
  );
  await context.records.removeRowData(context.run().id, rowId);
}

/**
 * Keeps the row's written blocks as what this connection wrote last ("replace" removes them next time).
 * Safe to repeat; called for every row that reached "written", so a stop right after that state was
 * saved can't leave the record on the blocks this run already trashed. Only for "replace": a key per
 * row written would otherwise fill storage on a large database.
 */
async function keepPlaced(context: RowWriteContext, rowId: string): Promise<void> {
  if (context.placement !== "replace") return;
  const { blockIds } = row(context, rowId);
  const runId = context.run().id;
  if (!blockIds?.length || (await context.records.getPlaced(context.connectionId, rowId))?.runId === runId) return;
  await context.records.setPlaced(context.connectionId, rowId, { runId, blockIds });
}

/** Body output: everything is written, only the checkbox and status are left. */
export async function finishRow(context: RowWriteContext, rowId: string): Promise<void> {
  await keepPlaced(context, rowId);
  const editedAt = await patchRow(context, rowId, {});
  await context.records.removeRowData(context.run().id, rowId);
  await context.setRow(rowId, { state: "done", ...(editedAt ? { notionEditedAt: editedAt } : {}) });
}

/** One page update: the output (if any), the cleared checkbox and the status. Safe to repeat. Returns Notion's new last_edited_time. */
async function patchRow(context: RowWriteContext, rowId: string, properties: Record<string, unknown>): Promise<string | undefined> {
  try {
    return await updateRowProperties(context.client, rowId, { ...properties, ...endOfRow(context, "Done") });
  } catch (error) {
    // A status property without a "Done" option must not cost the row its answer.
    if (!(error instanceof InkwellError) || error.code !== "notion_validation" || !context.settings.statusProperty) throw error;
    return updateRowProperties(context.client, rowId, { ...properties, [context.settings.selectionProperty]: { checkbox: false } });
  }
}

/** The properties that end a row: the cleared checkbox, and the status when the connection sets one. */
function endOfRow(context: RowWriteContext, status: "Done"): Record<string, unknown> {
  return { [context.settings.selectionProperty]: { checkbox: false }, ...statusValue(context, status) };
}

export function statusValue(context: Pick<RowWriteContext, "settings" | "types">, name: "Done" | "Error"): Record<string, unknown> {
  const property = context.settings.statusProperty;
  if (!property) return {};
  return { [property]: context.types.get(property) === "status" ? { status: { name } } : { select: { name } } };
}

/** After a failure: the status says "Error" (when the connection sets one). Returns Notion's new last_edited_time. */
export async function markRowError(context: Pick<RowWriteContext, "settings" | "types" | "client">, rowId: string): Promise<string | undefined> {
  if (!context.settings.statusProperty) return undefined;
  return updateRowProperties(context.client, rowId, statusValue(context, "Error"));
}
