// Over 300 lines because one run's row loop (select, generate, journal, write and settle each row) still shares its state in this module; splitting it belongs with the rework of that loop for typed outputs.
import type { Client } from "@notionhq/client";
import type { AiEngine } from "../../ai/engine";
import { InkwellError, toInkwellError } from "../../core/errors";
import { markdownToBlocks, planAppends } from "../../core/markdown";
import { topLevelIds as journaledTopLevelIds } from "../../core/exactly-once/append-journal";
import { buildPrompt } from "../../core/prompt";
import { answerToPropertyRichText } from "../../core/property-output";
import { isEmptyProperty } from "../../core/property-text";
import { fillTemplate, propertiesReadBy, validateTemplate } from "../../core/template";
import { NotionBlockWriter, type BlockWriterOptions } from "../../notion/block-writer";
import { nextPhase, resumeAction } from "../../core/exactly-once/row-lifecycle";
import { propertyIds, queryMatchingRows, readSchema, type DatabaseRow } from "../../notion/databases";
import { matchFilter } from "../../core/automation";
import { currentNotionAccess } from "../../notion/access";
import { fromNotionError } from "../../notion/errors";
import type { PropertySummary } from "../../shared/protocol/types";
import type { Connection, DatabaseSettings, Run, RowState } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import type { BudgetMeter } from "./budget";
import { GenerationGate, type GenerationOutcome } from "./generation-gate";

/** Errors after which no other row can succeed either: the run stops cleanly and the remaining rows stay ticked. */
const RUN_STOPPERS = new Set(["ai_invalid_key", "ai_quota_exhausted", "ai_model_not_found", "notion_unauthorized", "notion_block_limit", "not_configured", "offline", "storage_failed"]);
const MAX_ROW_ATTEMPTS = 3;
export const EMPTY_ANSWER_REASON = "The model returned nothing for this row, so nothing was written. Retry the row, or change the prompt or model.";
/** A provider's rate limit or overload is waited out more patiently than other failures: the run backs off instead. */
const MAX_ROW_RATE_LIMITED = 8;

export interface DatabaseRunInput {
  run: Run;
  connection: Connection & { database: DatabaseSettings };
  client: Client;
  engine: AiEngine;
  records: RecordStore;
  signal: AbortSignal;
  /**
   * The most generations in flight at once (the user's setting). The run
   * adapts below it: more while Notion's budget goes unused and the provider
   * keeps up, fewer on the provider's 429/overload.
   */
  concurrency: number;
  /** True while Notion's budget, not the AI, holds the run back (the scheduler's `budgetBound`). */
  notionBound?: () => boolean;
  /** Told the adaptive concurrency whenever it changes. */
  onConcurrency?: (limit: number) => void;
  /** Receives every change; persisting is the caller's job (throttled), except `critical` ones which must be awaited. */
  save: (run: Run, critical: boolean) => Promise<void>;
  /** The monthly budget: once reached, rows not yet generated are skipped (what was written stays). */
  budget?: BudgetMeter | undefined;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Block writer options (tests: how a silently resent write is detected). */
  writer?: BlockWriterOptions;
  /** Clock for the provider's retry hints (default Date.now); goes with `sleep`. */
  now?: () => number;
}

/**
 * Fills every ticked row of a database, exactly once, even across worker restarts.
 *
 * Each row follows the state machine of core/exactly-once/row-lifecycle, and
 * every transition that matters is saved before the next step starts:
 *  - "generated": the answer is stored (runtext:<run>:<row>) before anything is
 *    written, so a restarted worker writes it without generating again;
 *  - "writing": every append request of the body write is journaled (the
 *    parent and the ids it created) before the next one starts, so a restarted
 *    worker continues at the next request, after reconciling the one that may
 *    have been in flight (see NotionBlockWriter);
 *  - "written": the block ids are stored before the checkbox is cleared;
 *  - "patching": the property's original value is stored before the patch is
 *    sent. The patch also clears the checkbox, so repeating it is harmless.
 */
export async function runDatabase(input: DatabaseRunInput): Promise<Run> {
  const { connection, client, records, signal } = input;
  const settings = connection.database;
  const sleep = input.sleep ?? abortableSleep;
  let run = input.run;
  const update = async (patch: Partial<Run>, critical = false) => {
    run = { ...run, ...patch };
    await input.save(run, critical);
  };
  const setRow = async (rowId: string, patch: Partial<RowState>, critical = false) => {
    run = { ...run, rows: (run.rows ?? []).map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)) };
    await input.save(run, critical);
  };

  // The schema may have changed since setup: check every property the connection relies on.
  const schema = await readSchema(client, settings.dataSourceId);
  checkSchema(schema, connection);
  const types = new Map(schema.map((property) => [property.name, property.type]));

  // Fresh run: list the ticked rows. Resumed run: list them again to get current values.
  const fresh = run.rows === undefined;
  // Only the properties this job reads: the title, the prompt's, the checkbox, the output and status columns.
  const read = [
    settings.selectionProperty,
    ...(settings.output.type === "property" ? [settings.output.property] : []),
    ...(settings.statusProperty ? [settings.statusProperty] : []),
    ...propertiesReadBy(connection.prompt, schema.map((property) => property.name)),
  ];
  // A watch's run may select rows by another rule ("the output is empty"); a manual run takes the ticked rows.
  const ticked = await queryMatchingRows(
    client,
    settings.dataSourceId,
    matchFilter(settings, run.selection ?? "ticked"),
    settings.selectionProperty,
    fresh ? (run.rowLimit ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
    propertyIds(schema, read),
  );
  const rowData = new Map(ticked.rows.map((row) => [row.id, row]));
  if (fresh) {
    if (ticked.rows.length === 0) {
      throw new InkwellError("invalid_input", `No rows are ticked. Tick the “${settings.selectionProperty}” checkbox on the rows to generate, then run again.`);
    }
    await update({ rows: ticked.rows.map((row) => ({ rowId: row.id, title: row.title, state: "pending" as const })) }, true);
  } else {
    for (const row of run.rows ?? []) {
      if (rowData.has(row.rowId)) continue;
      // No longer ticked: either the run's own final page update landed just before the worker stopped, or the user unticked/deleted it.
      const action = resumeAction(row.state, settings.output.type, false);
      if (action === "mark-done") await setRow(row.rowId, { state: "done" });
      else if (action === "mark-skipped") await setRow(row.rowId, { state: "skipped", reason: "No longer ticked, or deleted." });
    }
  }

  let stopError: InkwellError | undefined;
  let budgetStop: InkwellError | undefined;
  const stopController = new AbortController();
  const onAbort = () => stopController.abort();
  signal.addEventListener("abort", onAbort, { once: true });

  const queue = (run.rows ?? []).filter((row) => !["done", "failed", "skipped"].includes(row.state)).map((row) => row.rowId);
  const worker = async () => {
    for (let rowId = queue.shift(); rowId !== undefined && !stopController.signal.aborted; rowId = queue.shift()) {
      const data = rowData.get(rowId);
      const state = (run.rows ?? []).find((row) => row.rowId === rowId)?.state;
      // A row being written is finished whoever unticked it: part of its answer is already there.
      if (!data && state !== "writing") continue;
      try {
        await processRow(rowId, data);
      } catch (error) {
        const failure = toInkwellError(error);
        if (failure.code === "cancelled" && signal.aborted) return;
        if (RUN_STOPPERS.has(failure.code)) {
          stopError ??= failure;
          stopController.abort();
        }
        const reason = failure.code === "notion_not_shared" ? rowNotFoundReason() : failure.message;
        try {
          await setRow(rowId, { state: "failed", reason }, true);
        } catch (saveError) {
          // Storage refused the row's record too: stop the whole run (the other rows finish what they are doing first).
          stopError ??= toInkwellError(saveError);
          stopController.abort();
          return;
        }
        // As for an empty answer: the row's time on Notion's clock, written or as read.
        const editedAt = (await markStatus(rowId, "Error").catch(() => undefined)) ?? data?.lastEditedTime;
        if (editedAt) await setRow(rowId, { notionEditedAt: editedAt }).catch(() => undefined);
      }
    }
  };

  const processRow = async (rowId: string, data: DatabaseRow | undefined) => {
    const row = (run.rows ?? []).find((candidate) => candidate.rowId === rowId)!;
    const output = settings.output;
    const action = resumeAction(row.state, output.type, data !== undefined);
    if (action === "finish") {
      await finishRow(rowId);
      return;
    }
    let text = action === "write" || action === "patch" || action === "save-original-and-patch" ? await records.getRunText(run.id, rowId) : undefined;
    if (text === undefined && (row.state === "writing" || row.state === "patching")) {
      throw new InkwellError("internal", "The stored answer of this row is missing, so its write could not be finished. Undo the run, then generate the row again.");
    }
    if (text === undefined) {
      if (!data) return;
      const filled = fillTemplate(connection.prompt, data);
      if (!filled.ok) {
        await setRow(rowId, { state: "skipped", reason: filled.reason });
        return;
      }
      if (output.type === "property" && output.overwrite === "if_empty") {
        const current = data.properties[output.property];
        if (current && !isEmptyProperty(current)) {
          await setRow(rowId, { state: "skipped", reason: `“${output.property}” already has text (overwrite: only if empty).` });
          return;
        }
      }
      const overBudget = input.budget?.exceeded();
      if (overBudget) {
        budgetStop ??= overBudget;
        await setRow(rowId, { state: "skipped", reason: overBudget.message });
        return;
      }
      await setRow(rowId, { state: nextPhase(row.state, { type: "start" }, output.type) });
      const answer = await generate(filled.prompt);
      input.budget?.add(answer.inputTokens, answer.outputTokens);
      await update({ outputTokens: run.outputTokens + answer.outputTokens, inputTokens: run.inputTokens + answer.inputTokens });
      if (answer.text.trim() === "") {
        await setRow(rowId, { state: nextPhase("generating", { type: "answer", empty: true }, output.type), emptyAnswer: true, reason: EMPTY_ANSWER_REASON, outputTokens: answer.outputTokens, inputTokens: answer.inputTokens }, true);
        // The row's time on Notion's clock, after this write or (no status to write) as it was read: a watch
        // then knows an edit up to then is not someone's, even when Notion's clock runs ahead of this one.
        const editedAt = (await markStatus(rowId, "Error").catch(() => undefined)) ?? data.lastEditedTime;
        if (editedAt) await setRow(rowId, { notionEditedAt: editedAt }).catch(() => undefined);
        return;
      }
      text = answer.text;
      await records.setRunText(run.id, rowId, text);
      await setRow(rowId, { state: nextPhase("generating", { type: "answer", empty: false }, output.type), outputTokens: answer.outputTokens, inputTokens: answer.inputTokens }, true);
    }
    if (signal.aborted) return;

    if (output.type === "body") {
      const blocks = markdownToBlocks(text);
      // A journal exists once the write started: continue it from its last completed step.
      const resume = await records.getJournal(run.id, rowId);
      const current = (run.rows ?? []).find((candidate) => candidate.rowId === rowId)!;
      // Saved at once: from here on the row may hold blocks, so it must never be skipped.
      if (current.state !== "writing") await setRow(rowId, { state: nextPhase(current.state, { type: "write-started" }, "body") }, true);
      const writer = new NotionBlockWriter(client, rowId, input.writer);
      let writtenSoFar: string[] = resume ? journaledTopLevelIds(planAppends(blocks), resume) : [];
      const { topLevelIds, blockCount } = await writer
        .write(blocks, {
          resume,
          record: async (journal, ids) => {
            await records.setJournal(run.id, rowId, journal);
            writtenSoFar = ids;
          },
        })
        .catch(async (error: unknown) => {
          // Whatever this row got stays recorded, so Undo removes it.
          if (writtenSoFar.length > 0) await setRow(rowId, { blockIds: writtenSoFar }, true);
          throw error;
        });
      await setRow(rowId, { state: nextPhase("writing", { type: "all-steps-written" }, "body"), blockIds: topLevelIds }, true);
      await records.removeRowData(run.id, rowId);
      await update({ blocksWritten: run.blocksWritten + blockCount, writtenBlockIds: [...run.writtenBlockIds, ...topLevelIds] });
      await finishRow(rowId);
    } else {
      const converted = answerToPropertyRichText(text);
      const current = (run.rows ?? []).find((candidate) => candidate.rowId === rowId)!;
      if (current.state !== "patching") {
        // The original value, exactly as Notion holds it, is saved before the patch can land.
        const previous = data?.properties[output.property];
        const previousRichText = previous && previous.type === "rich_text" ? previous.rich_text : [];
        await setRow(rowId, { state: nextPhase(current.state, { type: "original-saved" }, "property"), previousRichText }, true);
      }
      const editedAt = await patchRow(rowId, { [output.property]: { rich_text: converted.richText } }, "Done");
      await setRow(rowId, {
        state: nextPhase("patching", { type: "patched" }, "property"),
        ...(editedAt ? { notionEditedAt: editedAt } : {}),
        truncated: converted.truncated,
        ...(converted.truncated ? { reason: `The answer was longer than a text property holds; it was cut to ${converted.characters} characters.` } : {}),
      }, true);
      await records.removeRowData(run.id, rowId);
    }
  };

  const finishRow = async (rowId: string) => {
    const editedAt = await patchRow(rowId, {}, "Done");
    await setRow(rowId, { state: "done", ...(editedAt ? { notionEditedAt: editedAt } : {}) });
  };

  /** One page update: the output (if any), the cleared checkbox and the status. Safe to repeat. Returns Notion's new last_edited_time. */
  const patchRow = async (rowId: string, properties: Record<string, unknown>, status: "Done"): Promise<string | undefined> => {
    const withStatus = { ...properties, [settings.selectionProperty]: { checkbox: false }, ...statusValue(status) };
    try {
      return editedTime(await client.pages.update({ page_id: rowId, properties: withStatus as never }));
    } catch (error) {
      const failure = fromNotionError(error, "the row");
      // A status property without a "Done" option must not cost the row its answer.
      if (failure.code !== "notion_validation" || !settings.statusProperty) throw failure;
      return editedTime(await client.pages.update({ page_id: rowId, properties: { ...properties, [settings.selectionProperty]: { checkbox: false } } as never }));
    }
  };

  const markStatus = async (rowId: string, status: "Error"): Promise<string | undefined> => {
    if (!settings.statusProperty) return undefined;
    return editedTime(await client.pages.update({ page_id: rowId, properties: statusValue(status) as never }));
  };

  const statusValue = (name: "Done" | "Error"): Record<string, unknown> => {
    if (!settings.statusProperty) return {};
    const type = types.get(settings.statusProperty);
    return { [settings.statusProperty]: type === "status" ? { status: { name } } : { select: { name } } };
  };

  const gate = new GenerationGate({
    cap: input.concurrency,
    ...(input.notionBound ? { notionBound: input.notionBound } : {}),
    ...(input.onConcurrency ? { onLimit: input.onConcurrency } : {}),
    ...(input.now ? { now: input.now } : {}),
  });

  /** One generation, admitted by the gate, which hears how it went. */
  const generateOnce = async (prompt: string): Promise<{ text: string; outputTokens: number; inputTokens: number }> => {
    const startedAt = await gate.acquire(stopController.signal);
    let outcome: GenerationOutcome | "other" = "other";
    // A signal per generation: SDKs add listeners to the signal they get, and one shared signal would collect them all.
    const rowAbort = new AbortController();
    const forward = () => rowAbort.abort();
    stopController.signal.addEventListener("abort", forward, { once: true });
    try {
      let text = "";
      let outputTokens = 0;
      let inputTokens = 0;
      for await (const event of input.engine.stream({ model: run.model, ...buildPrompt(prompt, connection.options), signal: rowAbort.signal })) {
        if (event.type === "text") text += event.text;
        else if (event.usage) ({ outputTokens, inputTokens } = event.usage);
      }
      outcome = "answered";
      return { text, outputTokens: outputTokens || Math.ceil(text.length / 4), inputTokens };
    } catch (error) {
      const failure = toInkwellError(error);
      if (failure.code === "ai_rate_limited" || failure.code === "ai_unavailable") {
        outcome = { overloaded: true, ...(failure.retryAfterSeconds !== undefined ? { retryAfterMs: failure.retryAfterSeconds * 1000 } : {}) };
      }
      throw failure;
    } finally {
      stopController.signal.removeEventListener("abort", forward);
      gate.release(startedAt, outcome);
    }
  };

  const generate = async (prompt: string): Promise<{ text: string; outputTokens: number; inputTokens: number }> => {
    let rateLimited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await generateOnce(prompt);
      } catch (error) {
        const failure = toInkwellError(error);
        // A provider's rate limit doesn't use up the row's attempts: the gate slows the whole run down instead.
        if (failure.code === "ai_rate_limited" && ++rateLimited < MAX_ROW_RATE_LIMITED) attempt -= 1;
        if (!failure.retryable || attempt >= MAX_ROW_ATTEMPTS || stopController.signal.aborted) throw failure;
        await sleep((failure.retryAfterSeconds ?? 2 ** Math.max(1, attempt)) * 1000, stopController.signal);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
    if (ticked.hitResultCap && !signal.aborted && !stopError) {
      // Notion stopped the first query at its result cap; the processed rows are unticked now, so a new run picks up the rest.
      await update({ notice: "Notion returns at most about 10,000 rows per query: run again to continue with the remaining ticked rows." });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }

  if (stopError) {
    const reason = `Not run: ${stopError.message}`;
    run = { ...run, rows: (run.rows ?? []).map((row) => (["pending", "generating"].includes(row.state) ? { ...row, state: "failed" as const, reason } : row)) };
    return { ...run, status: "failed", error: { code: stopError.code, message: stopError.message } };
  }
  if (signal.aborted) return { ...run, status: "cancelled" };
  if (budgetStop) run = { ...run, notice: `Stopped before the remaining rows: ${budgetStop.message}` };
  const failed = (run.rows ?? []).some((row) => row.state === "failed");
  return { ...run, status: failed ? "partial" : "succeeded" };
}

/** Every property the connection uses must still exist with a usable type. */
function checkSchema(schema: PropertySummary[], connection: Connection & { database: DatabaseSettings }): void {
  const names = schema.map((property) => property.name);
  const typeOf = (name: string) => schema.find((property) => property.name === name)?.type;
  const { selectionProperty, output, statusProperty } = connection.database;
  const available = `Available: ${names.map((name) => `“${name}”`).join(", ")}. Open the connection and choose again.`;
  if (typeOf(selectionProperty) !== "checkbox") {
    throw new InkwellError("invalid_input", `The checkbox “${selectionProperty}” no longer exists in the database (renamed or deleted?). ${available}`);
  }
  if (output.type === "property" && typeOf(output.property) !== "rich_text") {
    throw new InkwellError("invalid_input", `The text property “${output.property}” no longer exists in the database (renamed or deleted?). ${available}`);
  }
  if (statusProperty && !["status", "select"].includes(typeOf(statusProperty) ?? "")) {
    throw new InkwellError("invalid_input", `The status property “${statusProperty}” no longer exists in the database (renamed or deleted?). ${available}`);
  }
  const template = validateTemplate(connection.prompt, names);
  if (!template.ok) throw new InkwellError("invalid_input", template.message);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** A page update's answer: the row's last_edited_time on Notion's clock. */
function editedTime(page: unknown): string | undefined {
  const time = (page as { last_edited_time?: unknown } | undefined)?.last_edited_time;
  return typeof time === "string" ? time : undefined;
}

/** A row Notion can't find: gone, or out of the token's sight (unshared from the integration, or the PAT's person lost access). */
function rowNotFoundReason(): string {
  return currentNotionAccess()?.kind === "personal"
    ? "The row was deleted, or you no longer have access to it in Notion."
    : "The row was deleted, or is no longer shared with the integration.";
}
