import type { AiEngine } from "../../ai/engine";
import { InkwellError, toInkwellError } from "../../core/errors";
import { isEmptyProperty } from "../../core/property-text";
import type { BlockWriterOptions } from "../../notion/block-writer";
import { nextPhase, resumeAction } from "../../core/exactly-once/row-lifecycle";
import { propertyIds, queryMatchingRows, readSchema, type DatabaseRow } from "../../notion/databases";
import type { NotionClient } from "../../notion/rows";
import { matchFilter } from "../../core/automation";
import type { Connection, DatabaseSettings, PriceEstimate, Run, RowState } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import type { BudgetMeter } from "./budget";
import { GenerationGate } from "./generation-gate";
import { createAsk } from "./row-ask";
import { generateRowAnswer } from "./row-generation";
import { buildRowRequest, planRowRequests, type ContextReaders } from "./row-request";
import { finishRow, markRowError, writeRowAnswer, type RowWriteContext } from "./row-write";
import { dryRunEstimate, previewOf } from "./dry-run";
import { notionContextReaders } from "./context-readers";
import { abortableSleep, checkSchema, rowNotFoundReason, RUN_STOPPERS } from "./run-checks";

export const EMPTY_ANSWER_REASON = "The model returned nothing for this row, so nothing was written. Retry the row, or change the prompt or model.";

export interface DatabaseRunInput {
  run: Run;
  connection: Connection & { database: DatabaseSettings };
  client: NotionClient;
  engine: AiEngine;
  records: RecordStore;
  /** Reads beyond rows: row bodies, typed properties' options, descriptions (default: the gateway's). */
  readers?: ContextReaders;
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
  /** A dry run's cost estimate uses the user's price table. */
  prices?: readonly PriceEstimate[];
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Block writer options (tests: how a silently resent write is detected). */
  writer?: BlockWriterOptions;
  /** Clock for the provider's retry hints (default Date.now); goes with `sleep`. */
  now?: () => number;
}

/**
 * Fills every ticked row of a database, exactly once, even across worker restarts.
 *
 * Each row follows the state machine of core/exactly-once/row-lifecycle:
 * the answer (Markdown, or a validated typed answer) is stored before
 * anything is written, so a restarted worker writes it without generating
 * again; the writes themselves are in row-write.ts. A dry run (`run.mode`
 * "dry") stops each row at its stored answer and preview, and never writes to
 * Notion; a run with `previewOf` writes a dry run's stored answers and never
 * generates.
 */
export async function runDatabase(input: DatabaseRunInput): Promise<Run> {
  const { connection, client, records, signal } = input;
  const settings = connection.database;
  const sleep = input.sleep ?? abortableSleep;
  const dry = input.run.mode === "dry";
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
  const readers = input.readers ?? notionContextReaders;
  const plan = await planRowRequests(client, connection, schema, readers);
  const types = new Map(schema.map((property) => [property.name, property.type]));
  const context: RowWriteContext = {
    client,
    connectionId: connection.id,
    placement: connection.placement ?? "append",
    records,
    settings,
    output: plan.output,
    types,
    run: () => run,
    setRow,
    update,
    ...(input.writer ? { writer: input.writer } : {}),
  };

  // Fresh run: list the ticked rows. Resumed run: list them again to get current values.
  const fresh = run.rows === undefined;
  // Only the properties this job reads: the title, the prompt's, the checkbox, the output and status columns.
  const read = [
    settings.selectionProperty,
    ...(settings.output.type === "property" ? [settings.output.property] : []),
    ...(settings.statusProperty ? [settings.statusProperty] : []),
    ...plan.propertyNames,
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
      const action = resumeAction(row.state, plan.output, false);
      if (action === "mark-done") await setRow(row.rowId, { state: "done" });
      else if (action === "mark-skipped") await setRow(row.rowId, { state: "skipped", reason: "No longer ticked, or deleted." });
    }
  }

  let stopError: InkwellError | undefined;
  let budgetStop: InkwellError | undefined;
  const stopController = new AbortController();
  const onAbort = () => stopController.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  const gate = new GenerationGate({
    cap: input.concurrency,
    ...(input.notionBound ? { notionBound: input.notionBound } : {}),
    ...(input.onConcurrency ? { onLimit: input.onConcurrency } : {}),
    ...(input.now ? { now: input.now } : {}),
  });
  const ask = createAsk({ engine: input.engine, model: run.model, gate, stop: stopController.signal, sleep });
  const rowOf = (rowId: string) => (run.rows ?? []).find((candidate) => candidate.rowId === rowId)!;
  /** The row's stored answer: this run's, or (Write these) the dry run's. */
  const storedAnswer = async (rowId: string) => (await records.getRunText(run.id, rowId)) ?? (run.previewOf ? await records.getPreviewAnswer(run.previewOf, rowId) : undefined);
  /** After a failure, the row's time on Notion's clock (written, or as read): a watch then knows an edit up to then is not someone's. */
  const settleFailed = async (rowId: string, data: DatabaseRow | undefined) => {
    const editedAt = (dry ? undefined : await markRowError(context, rowId).catch(() => undefined)) ?? data?.lastEditedTime;
    if (editedAt) await setRow(rowId, { notionEditedAt: editedAt }).catch(() => undefined);
  };

  const queue = (run.rows ?? []).filter((row) => !["done", "failed", "skipped", "previewed"].includes(row.state)).map((row) => row.rowId);
  const worker = async () => {
    for (let rowId = queue.shift(); rowId !== undefined && !stopController.signal.aborted; rowId = queue.shift()) {
      const data = rowData.get(rowId);
      const state = rowOf(rowId).state;
      // A row being written is finished whoever unticked it: part of its answer is already there.
      if (!data && state !== "writing" && !(state === "written" && plan.output === "body+typed")) continue;
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
          await setRow(rowId, { state: "failed", reason, ...(failure.code === "ai_refused" ? { refused: true } : {}) }, true);
        } catch (saveError) {
          // Storage refused the row's record too: stop the whole run (the other rows finish what they are doing first).
          stopError ??= toInkwellError(saveError);
          stopController.abort();
          return;
        }
        await settleFailed(rowId, data);
      }
    }
  };

  const processRow = async (rowId: string, data: DatabaseRow | undefined) => {
    const row = rowOf(rowId);
    const action = resumeAction(row.state, plan.output, data !== undefined);
    if (action === "finish") {
      await finishRow(context, rowId);
      return;
    }
    let stored = action === "generate" ? undefined : await storedAnswer(rowId);
    if (stored === undefined && action !== "generate") {
      throw new InkwellError("internal", "The stored answer of this row is missing, so its write could not be finished. Undo the run, then generate the row again.");
    }
    if (stored === undefined) {
      if (!data) return;
      if (run.previewOf) throw new InkwellError("internal", "This row has no previewed answer to write.");
      const output = settings.output;
      if (output.type === "property" && output.overwrite === "if_empty") {
        const current = data.properties[output.property];
        if (current && !isEmptyProperty(current)) {
          await setRow(rowId, { state: "skipped", reason: `“${output.property}” already has text (overwrite: only if empty).` });
          return;
        }
      }
      const built = await buildRowRequest(client, plan, connection, data, readers);
      if (!built.ok) {
        await setRow(rowId, { state: "skipped", reason: built.reason });
        return;
      }
      const overBudget = input.budget?.exceeded();
      if (overBudget) {
        budgetStop ??= overBudget;
        await setRow(rowId, { state: "skipped", reason: overBudget.message });
        return;
      }
      await setRow(rowId, { state: nextPhase(row.state, { type: "start" }, plan.output), ...(built.notice ? { contentTruncated: true, reason: built.notice } : {}) });
      const answer = await generateRowAnswer(ask, built.request, plan.spec ? { spec: plan.spec, ...(plan.bodyKey !== undefined ? { bodyKey: plan.bodyKey } : {}) } : undefined);
      input.budget?.add(answer.inputTokens, answer.outputTokens);
      await update({ outputTokens: run.outputTokens + answer.outputTokens, inputTokens: run.inputTokens + answer.inputTokens });
      const tokens = { outputTokens: answer.outputTokens, inputTokens: answer.inputTokens };
      if (answer.kind !== "answer") {
        const reason = answer.kind === "empty" ? EMPTY_ANSWER_REASON : answer.reason;
        await setRow(rowId, { state: "failed", reason, ...(answer.kind === "empty" ? { emptyAnswer: true } : {}), ...tokens }, true);
        await settleFailed(rowId, data);
        return;
      }
      stored = answer.stored;
      const generated = { state: nextPhase("generating", { type: "answer", empty: false }, plan.output), ...tokens, ...(answer.retried ? { retried: true } : {}) } as const;
      if (dry) {
        // Stored first: a row shown as previewed always has the answer "Write these" writes.
        await records.setPreviewAnswer(run.id, rowId, stored);
        await setRow(rowId, { ...generated, state: nextPhase(generated.state, { type: "previewed" }, plan.output), preview: previewOf(answer, plan, settings) }, true);
        return;
      }
      await records.setRunText(run.id, rowId, stored);
      await setRow(rowId, generated, true);
    }
    if (signal.aborted) return;
    await writeRowAnswer(context, rowId, data, stored);
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
    if (ticked.hitResultCap && !signal.aborted && !stopError && !dry) {
      // Notion stopped the first query at its result cap; the processed rows are unticked now, so a new run picks up the rest.
      await update({ notice: "Notion returns at most about 10,000 rows per query: run again to continue with the remaining ticked rows." });
    }
    if (dry && !signal.aborted && !stopError) {
      const estimate = await dryRunEstimate(client, run, connection, input.prices ?? []);
      if (estimate) await update({ estimate });
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
