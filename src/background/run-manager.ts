import browser from "webextension-polyfill";
import { InkwellError, toInkwellError } from "../core/errors";
import { buildPrompt } from "../core/prompt";
import { redactSecrets } from "../core/redact";
import { NotionBlockWriter } from "../notion/block-writer";
import { createNotionClient, notionScheduler, onNotionSchedulerEvent } from "../notion/client";
import { type Connection, type DatabaseSettings, type Run } from "../shared/storage/schema";
import { runDatabase } from "./database-run";
import { undoRun } from "./undo";
import { holdWorkerAlive } from "./keepalive";
import { assertPrompt, generateIntoPage } from "./page-run";
import type { RecordStore } from "./records";
import { RunSaver } from "./run-saver";
import type { SettingsService } from "./settings";
import { chooseEngine, workerEngine } from "./engine-choice";
import type { BudgetGuard } from "./budget";

/** Connection-management hooks (issue 5): the monthly budget, mirroring and the error log. All optional. */
export interface RunHooks {
  /** Refuses runs once the month's budget is reached, and meters database runs as they go. */
  budget?: BudgetGuard;
  /** After a run ended (its record saved): the connections mirror updates "Last run". */
  onRunEnded?: (run: Run) => void;
  /** A run ended with an error (already scrubbed): the diagnostics error log. */
  onRunFailed?: (error: { code: string; message: string }) => void;
}

/** Wakes a worker that Chrome stopped mid-run (idle shutdown, crash) so it resumes. */
export const RESUME_ALARM = "inkwell-resume-runs";

/**
 * Starts, tracks, resumes and cancels generation runs. A run's record in
 * storage is the single source of truth for its progress: the popup and the
 * options page watch it through storage.onChanged, and a restarted worker
 * resumes database runs from it.
 */
export class RunManager {
  private readonly active = new Map<string, AbortController>();
  /** Targets whose run `start` is setting up (not yet in `active`). */
  private readonly starting = new Set<string>();

  constructor(
    private readonly records: RecordStore,
    private readonly settings: SettingsService,
    private readonly now: () => number = Date.now,
    private readonly hooks: RunHooks = {},
  ) {}

  /**
   * At worker start: database runs that were in progress resume where they
   * stopped; page runs can't (their stream is gone), so they are closed as
   * partial with what they wrote.
   */
  async resumeInterrupted(): Promise<void> {
    for (const run of await this.records.listRuns()) {
      if ((run.status !== "running" && run.status !== "queued") || this.active.has(run.id)) continue;
      if (run.kind === "database") {
        const connection = await this.records.getConnection(run.connectionId);
        if (connection?.database) {
          this.launch(run, connection as Connection & { database: DatabaseSettings });
          continue;
        }
      }
      await this.records.saveRun({
        ...run,
        status: run.blocksWritten > 0 ? "partial" : "failed",
        endedAt: this.now(),
        error: {
          code: "ai_stream_interrupted",
          message: "Inkwell was stopped while generating (the browser closed or the extension was updated). What was written stays; generate again for a complete answer.",
        },
      });
    }
    if (this.active.size === 0) await browser.alarms?.clear(RESUME_ALARM);
  }

  async start(connectionId: string, rowLimit?: number): Promise<Run> {
    const connection = await this.records.getConnection(connectionId);
    if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
    assertPrompt(connection.prompt);
    if (connection.kind === "database" && !connection.database) throw new InkwellError("invalid_input", "Finish the database settings of this connection first.");
    const alreadyRunning = () => new InkwellError("invalid_input", `A generation into this ${connection.kind} is already running. Wait for it or cancel it first.`);
    // Reserved in the same tick as the check: a second start for this target (a double click, two
    // popups) sees it before either has registered its run, which happens only after more awaits.
    if (this.starting.has(connection.targetId)) throw alreadyRunning();
    this.starting.add(connection.targetId);
    try {
      const running = await this.records.getRuns([...this.active.keys()]);
      if (running.some((run) => run.targetId === connection.targetId)) throw alreadyRunning();
      return await this.startReserved(connection, rowLimit);
    } finally {
      this.starting.delete(connection.targetId);
    }
  }

  private async startReserved(connection: Connection, rowLimit: number | undefined): Promise<Run> {
    const connectionId = connection.id;
    const { settings, secrets } = await this.settings.view();
    await this.settings.requireNotionToken();
    // The connection's own engine (and model) when it overrides Settings'; refuses when that engine isn't set up.
    const { engine, model } = chooseEngine(connection, settings, secrets);
    await this.hooks.budget?.assertWithinBudget(engine);

    const run: Run = {
      id: crypto.randomUUID(),
      connectionId,
      kind: connection.kind,
      targetId: connection.targetId,
      engine,
      model,
      status: "running",
      startedAt: this.now(),
      receivedChars: 0,
      outputTokens: 0,
      inputTokens: 0,
      writtenBlockIds: [],
      blocksWritten: 0,
      ...(rowLimit !== undefined ? { rowLimit } : {}),
    };
    await this.records.saveRun(run);
    await this.records.addRunToConnection(connectionId, run.id);
    this.launch(run, connection);
    return run;
  }

  /** Runs the failed rows of a finished database run again, as a new run. */
  async retryFailed(runId: string): Promise<Run> {
    const previous = await this.records.getRun(runId);
    if (!previous?.rows) throw new InkwellError("invalid_input", "Only a database run has rows to retry.");
    if (this.active.has(runId)) throw new InkwellError("invalid_input", "That run is still going.");
    const failed = previous.rows.filter((row) => row.state === "failed");
    if (failed.length === 0) throw new InkwellError("invalid_input", "That run has no failed rows.");
    const connection = await this.records.getConnection(previous.connectionId);
    if (!connection?.database) throw new InkwellError("invalid_input", "That connection no longer exists.");
    const { settings, secrets } = await this.settings.view();
    await this.settings.requireNotionToken();
    // The engine the connection uses now, as `start` picks it: the user may have switched engines
    // (say, after the failures) since the previous run. Refused, naming the engine, if it isn't set up.
    const { engine, model } = chooseEngine(connection, settings, secrets);
    await this.hooks.budget?.assertWithinBudget(engine);
    const run: Run = {
      ...previous,
      id: crypto.randomUUID(),
      engine,
      model,
      status: "running",
      startedAt: this.now(),
      outputTokens: 0,
      inputTokens: 0,
      writtenBlockIds: [],
      blocksWritten: 0,
      rows: failed.map(({ rowId, title }) => ({ rowId, title, state: "pending" as const })),
    };
    delete run.endedAt;
    delete run.error;
    delete run.notice;
    await this.records.saveRun(run);
    await this.records.addRunToConnection(connection.id, run.id);
    this.launch(run, connection);
    return run;
  }

  /** Removes exactly what a finished run wrote; returns how many blocks and values were removed. */
  async undo(runId: string): Promise<number> {
    const run = await this.records.getRun(runId);
    if (!run) throw new InkwellError("invalid_input", "That run no longer exists.");
    if (this.active.has(runId)) throw new InkwellError("invalid_input", "Wait for the run to finish (or cancel it) before undoing it.");
    const client = createNotionClient(await this.settings.requireNotionToken(), { priority: "interactive" });
    const removed = await undoRun(client, run, await this.records.getConnection(run.connectionId));
    await this.records.saveRun({ ...run, undoneAt: this.now() });
    return removed;
  }

  cancel(runId: string): boolean {
    const controller = this.active.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  private launch(run: Run, connection: Connection): void {
    const controller = new AbortController();
    this.active.set(run.id, controller);
    const release = holdWorkerAlive();
    // An alarm every 30 s brings a stopped worker back to resume (Chrome's minimum period).
    void browser.alarms?.create(RESUME_ALARM, { periodInMinutes: 0.5 });
    void this.execute(run, connection, controller.signal).finally(() => {
      this.active.delete(run.id);
      release();
      if (this.active.size === 0) void browser.alarms?.clear(RESUME_ALARM);
    });
  }

  private async execute(initial: Run, connection: Connection, signal: AbortSignal): Promise<void> {
    let run = initial;
    const saver = new RunSaver((snapshot) => this.records.saveRun(snapshot));
    const save = (next: Run, critical = false) => {
      run = next;
      return saver.save(run, critical);
    };
    const unsubscribe = onNotionSchedulerEvent((event) => {
      if (event.type === "throttled") void save({ ...run, waitingUntil: this.now() + event.retryAfterMs, waitingScope: event.scope });
    });
    try {
      const { settings, secrets } = await this.settings.view();
      const engine = workerEngine(run.engine, settings, secrets);
      const client = createNotionClient(await this.settings.requireNotionToken());
      if (connection.kind === "database" && connection.database) {
        run = await runDatabase({
          run,
          connection: connection as Connection & { database: DatabaseSettings },
          client,
          engine,
          records: this.records,
          signal,
          concurrency: settings.concurrency,
          notionBound: () => notionScheduler.stats().budgetBound,
          budget: await this.hooks.budget?.meter(run.engine, run.model),
          save: (next, critical) => save({ ...next, waitingUntil: undefined }, critical),
        });
      } else {
        const writer = new NotionBlockWriter(client, run.targetId);
        await writer.prime();
        const { error, ...outcome } = await generateIntoPage({
          engine,
          model: run.model,
          prompt: buildPrompt(connection.prompt, connection.options),
          sink: writer,
          signal,
          onProgress: (progress) => void save({ ...run, ...progress, waitingUntil: undefined }),
        });
        run = { ...run, ...outcome };
        if (error) run.error = { code: error.code, message: error.message };
      }
      if (run.error) run.error = await this.scrubbed(run.error);
    } catch (error) {
      run = { ...run, status: "failed", error: await this.scrubbed(toInkwellError(error)) };
    } finally {
      unsubscribe();
      await save({ ...run, endedAt: this.now(), waitingUntil: undefined }, true);
      if (run.error) this.hooks.onRunFailed?.(run.error);
      this.hooks.onRunEnded?.(run);
    }
  }

  /** Run records are shown in the UI and exported in diagnostics: scrub any secret an upstream message might echo. */
  private async scrubbed(error: { code: string; message: string }): Promise<{ code: string; message: string }> {
    return { code: error.code, message: redactSecrets(error.message, await this.settings.secretValues()) };
  }
}
