import browser from "webextension-polyfill";
import { InkwellError, storageWriteError, toInkwellError } from "../../core/errors";
import { redactRunTexts, redactSecrets } from "../../core/redact";
import { createNotionClient, notionScheduler, onNotionSchedulerEvent } from "../../notion/client";
import { type Connection, type DatabaseSettings, type EngineId, type RowSelection, type Run } from "../../shared/storage/schema";
import { runDatabase } from "./database-run";
import { checkImportedTarget } from "../connections/imported-target";
import { undoRun } from "./undo";
import { holdWorkerAlive } from "./keepalive";
import { assertPrompt } from "./page-run";
import { executePageRun } from "./page-execution";
import { notionContextReaders } from "./context-readers";
import type { ContextReaders } from "./row-request";
import { previewWriteRows } from "./preview-write";
import { forgetUndoneOutput } from "./placed-output";
import type { RecordStore } from "../connections/records";
import { RunSaver } from "./run-saver";
import type { SettingsService } from "../settings/settings";
import { chooseEngine, workerEngine } from "../settings/engine-choice";
import type { BudgetGuard } from "./budget";

/** What a run reports to and asks of the rest of the worker: the monthly budget, mirroring, the error log and the prune lock. All optional. */
export interface RunHooks {
  /** Refuses runs once the month's budget is reached, and meters database runs as they go. */
  budget?: BudgetGuard;
  /** After a run ended (its record saved): the connections mirror updates "Last run". */
  onRunEnded?: (run: Run) => void;
  /** A run ended with an error (already scrubbed): the diagnostics error log. */
  onRunFailed?: (error: { code: string; message: string }) => void;
  /**
   * Runs `task` with no pruning or "Clear all data" in progress or starting
   * meanwhile: a write to a run that isn't going (recording an Undo) can then
   * check the run is still stored and never brings back one that was removed.
   */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
}

/** How a watch or a schedule starts a run: marked automatic, with the rows its check found. */
export interface AutomaticStart {
  trigger: "automatic";
  selection?: RowSelection;
  /** The rows to fill (a database watch's check found them); the run reads them again before filling. */
  rows?: { rowId: string; title: string }[];
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
  /** Runs going in this worker: how to stop each, and when its record is final. */
  private readonly executions = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Targets that have a run going or being set up: at most one run per target, whatever starts it. */
  private readonly busyTargets = new Set<string>();
  /** Starts between their claim and their launch. */
  private readonly setups = new Set<Promise<Run>>();
  /** Runs stopped by "Clear all data": their end is not announced (no mirror update, no error log entry). */
  private readonly discarded = new Set<string>();
  /** How many "Clear all data" are under way (two popups may clear at once): while any is, nothing may start. */
  private clearings = 0;

  constructor(
    private readonly records: RecordStore,
    private readonly settings: SettingsService,
    private readonly now: () => number = Date.now,
    private readonly hooks: RunHooks = {},
    private readonly readers: ContextReaders = notionContextReaders,
  ) {}

  /**
   * At worker start: database runs that were in progress resume where they
   * stopped; page runs can't (their stream is gone), so they are closed as
   * partial with what they wrote. A resume claims its target like any other
   * start, so a target never has two runs going.
   */
  async resumeInterrupted(): Promise<void> {
    const interrupted = (await this.records.listRuns())
      .filter((run) => run.status === "running" && !this.executions.has(run.id))
      .sort((a, b) => a.startedAt - b.startedAt);
    for (const run of interrupted) {
      if (run.kind === "database") {
        const connection = await this.records.getConnection(run.connectionId);
        // Only onto the target it started on, and never one an import left unchecked (its check runs on a fresh start).
        if (connection?.database && !connection.targetUnchecked && connection.targetId === run.targetId && this.claim(run.targetId)) {
          this.launch(run, connection as Connection & { database: DatabaseSettings });
          continue;
        }
      }
      try {
        // Its kept answers go first: with storage full, the closing save only fits once they are gone.
        await this.records.removeRunScratch(run);
        await this.records.saveRun({
          ...run,
          status: run.blocksWritten > 0 || run.writtenBlockIds.length > 0 ? "partial" : "failed",
          endedAt: this.now(),
          error: {
            code: "ai_stream_interrupted",
            message:
              run.kind === "page"
                ? "Inkwell was stopped while generating (the browser closed or the extension was updated). What was written stays, and Undo removes it; the answer received so far can be copied from the connection's details."
                : "Inkwell was stopped while generating (the browser closed or the extension was updated). What was written stays; generate again for a complete answer.",
          },
        });
      } catch (error) {
        // Storage refused (full): this run is closed at a later start. The other runs still resume, and
        // start-up completes, so every request (deleting connections, Clear all data) still works.
        const failure = storageWriteError(error);
        console.warn("[inkwell] could not close an interrupted run", failure.code);
        this.hooks.onRunFailed?.({ code: failure.code, message: failure.message });
      }
    }
    if (this.executions.size === 0) await browser.alarms?.clear(RESUME_ALARM);
  }

  /** Starts a run of a connection: Generate in the popup or options page, the in-Notion panel, a scheduled start. */
  async start(connectionId: string, rowLimit?: number, automatic?: AutomaticStart): Promise<Run> {
    const connection = await this.records.getConnection(connectionId);
    if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
    assertPrompt(connection.prompt);
    if (connection.kind === "database" && !connection.database) throw new InkwellError("invalid_input", "Finish the database settings of this connection first.");
    const extra: Pick<Run, "rows" | "rowLimit" | "trigger" | "selection"> = {
      ...(rowLimit !== undefined ? { rowLimit } : {}),
      ...(automatic ? { trigger: "automatic" as const } : {}),
      ...(automatic?.selection && automatic.selection !== "ticked" ? { selection: automatic.selection } : {}),
      ...(automatic?.rows ? { rows: automatic.rows.map(({ rowId, title }) => ({ rowId, title, state: "pending" as const })) } : {}),
    };
    return this.startClaimed(connection, (engine, model) => this.freshRun(connection, engine, model, extra));
  }

  /** True while a run into this target is starting or going (a watch then waits for its next check). */
  hasRunOn(targetId: string): Promise<boolean> {
    return Promise.resolve(this.busyTargets.has(targetId));
  }

  /**
   * Runs the failed rows of a finished database run again, as a new run with
   * its own record (and so its own Undo): nothing of the old run's outcome
   * (undone, errors, counts) carries over.
   */
  async retryFailed(runId: string): Promise<Run> {
    const previous = await this.records.getRun(runId);
    if (!previous?.rows) throw new InkwellError("invalid_input", "Only a database run has rows to retry.");
    if (this.executions.has(runId)) throw new InkwellError("invalid_input", "That run is still going.");
    const failed = previous.rows.filter((row) => row.state === "failed");
    if (failed.length === 0) throw new InkwellError("invalid_input", "That run has no failed rows.");
    const connection = await this.records.getConnection(previous.connectionId);
    if (!connection?.database) throw new InkwellError("invalid_input", "That connection no longer exists.");
    // The engine the connection uses now, as `start` picks it: the user may have switched engines
    // (say, after the failures) since the previous run. Refused, naming the engine, if it isn't set up.
    const rows = failed.map(({ rowId, title }) => ({ rowId, title, state: "pending" as const }));
    return this.startClaimed(connection, (engine, model) => this.freshRun(connection, engine, model, { rows }));
  }

  /** A dry run of a database connection on its first ticked rows (at most 3): generates, writes nothing. */
  async startDryRun(connectionId: string, rowLimit = 3): Promise<Run> {
    const connection = await this.records.getConnection(connectionId);
    if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
    assertPrompt(connection.prompt);
    if (connection.kind !== "database" || !connection.database) throw new InkwellError("invalid_input", "Only a database connection has rows to try.");
    return this.startClaimed(connection, (engine, model) => ({ ...this.freshRun(connection, engine, model, { rowLimit: Math.min(3, rowLimit) }), mode: "dry" }));
  }

  /**
   * "Write these": writes exactly what a dry run previewed, as a new run that
   * never generates. The dry run names its writer before that run exists, so a
   * second "Write these" is refused until that run is undone; a writer that
   * was never created (the worker stopped in between) doesn't count.
   */
  async writePreview(dryRunId: string): Promise<Run> {
    const dry = await this.records.getRun(dryRunId);
    const connection = dry ? await this.records.getConnection(dry.connectionId) : undefined;
    if (!dry || dry.mode !== "dry") throw new InkwellError("invalid_input", "That dry run no longer exists.");
    if (!connection?.database) throw new InkwellError("invalid_input", "That connection no longer exists.");
    if (this.executions.has(dryRunId) || dry.status === "running") throw new InkwellError("invalid_input", "Wait for the dry run to finish first.");
    const writer = dry.writtenBy ? await this.records.getRun(dry.writtenBy) : undefined;
    if (writer && !writer.undoneAt) throw new InkwellError("invalid_input", "These previews were already written. Undo that run first to write them again, or try again for new previews.");
    const rows = await previewWriteRows(this.records, dry);
    return this.startClaimed(connection, (engine, model) => ({ ...this.freshRun(connection, engine, model, { rows }), engine: dry.engine, model: dry.model, previewOf: dry.id }), async (run) => {
      await this.records.saveRun({ ...dry, writtenBy: run.id });
    });
  }

  /**
   * The one way a run starts. The target is claimed in the same tick as the
   * check (before any await), so a second start for it from anywhere (a double
   * click, two popups, the Notion panel, Retry, a resume) is refused even while
   * the first is still being set up.
   */
  private async startClaimed(connection: Connection, build: (engine: EngineId, model: string) => Run, beforeSave?: (run: Run) => Promise<void>): Promise<Run> {
    if (this.clearings > 0) throw new InkwellError("invalid_input", "Inkwell is clearing its data. Start the run again once that's done.");
    if (!this.claim(connection.targetId)) {
      throw new InkwellError("invalid_input", `A generation into this ${connection.kind} is already running. Wait for it or cancel it first.`);
    }
    const setup = this.setUp(connection, build, beforeSave);
    this.setups.add(setup);
    try {
      return await setup;
    } finally {
      this.setups.delete(setup);
    }
  }

  private async setUp(connection: Connection, build: (engine: EngineId, model: string) => Run, beforeSave?: (run: Run) => Promise<void>): Promise<Run> {
    let launched = false;
    try {
      const checked = await this.checkedTarget(connection);
      const { settings, secrets } = await this.settings.view();
      await this.settings.requireNotionToken();
      // The connection's own engine (and model) when it overrides Settings'; refuses when that engine isn't set up.
      const { engine, model } = chooseEngine(checked, settings, secrets);
      const run = build(engine, model);
      // "Write these" generates nothing, so the budget doesn't hold it back.
      if (!run.previewOf) await this.hooks.budget?.assertWithinBudget(engine);
      await beforeSave?.(run);
      await this.records.saveRun(run);
      try {
        await this.records.addRunToConnection(connection.id, run.id);
        if (this.clearings > 0) throw new InkwellError("cancelled", "Inkwell's data was cleared before the run started.");
      } catch (error) {
        // The user is told it didn't start: a record left "running" would be resumed at the next start.
        await this.records.removeRun(run.id).catch(() => undefined);
        throw error;
      }
      this.launch(run, checked);
      launched = true;
      return run;
    } finally {
      if (!launched) this.busyTargets.delete(connection.targetId);
    }
  }

  /** An imported connection runs only once its target was resolved again from its id (see imported-target.ts). */
  private async checkedTarget(connection: Connection): Promise<Connection> {
    if (!connection.targetUnchecked) return connection;
    const client = createNotionClient(await this.settings.requireNotionToken(), { priority: "interactive" });
    const { title } = await checkImportedTarget(client, connection);
    return (await this.records.markTargetChecked(connection, title)) ?? connection;
  }

  /** Reserves a target for one run; false when it already has one. */
  private claim(targetId: string): boolean {
    if (this.busyTargets.has(targetId)) return false;
    this.busyTargets.add(targetId);
    return true;
  }

  private freshRun(connection: Connection, engine: EngineId, model: string, extra: Pick<Run, "rows" | "rowLimit" | "trigger" | "selection">): Run {
    return {
      id: crypto.randomUUID(),
      connectionId: connection.id,
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
      ...(extra.rowLimit !== undefined ? { rowLimit: extra.rowLimit } : {}),
      ...(extra.rows !== undefined ? { rows: extra.rows } : {}),
      ...(extra.trigger ? { trigger: extra.trigger } : {}),
      ...(extra.selection ? { selection: extra.selection } : {}),
    };
  }

  /** Removes exactly what a finished run wrote; returns how many blocks and values were removed. */
  async undo(runId: string): Promise<number> {
    const run = await this.records.getRun(runId);
    if (!run) throw new InkwellError("invalid_input", "That run no longer exists.");
    if (this.executions.has(runId)) throw new InkwellError("invalid_input", "Wait for the run to finish (or cancel it) before undoing it.");
    const client = createNotionClient(await this.settings.requireNotionToken(), { priority: "interactive" });
    const removed = await undoRun(client, run, await this.records.getConnection(run.connectionId));
    await forgetUndoneOutput(this.records, run);
    const exclusive = this.hooks.exclusive ?? (<T>(task: () => Promise<T>) => task());
    await exclusive(async () => {
      // Pruned (its usage already archived) or cleared while Notion was answering: saving would bring it back.
      const current = await this.records.getRun(runId);
      if (current) await this.records.saveRun({ ...current, undoneAt: this.now() });
    });
    return removed;
  }

  /** Runs going in this worker now (pruning must leave them alone). */
  activeRunIds(): ReadonlySet<string> {
    return new Set(this.executions.keys());
  }

  cancel(runId: string): boolean {
    const execution = this.executions.get(runId);
    execution?.controller.abort();
    return execution !== undefined;
  }

  /**
   * For "Clear all data": refuses new starts, waits for starts being set up,
   * then cancels every run. From then on nothing of those runs is written (not
   * their record, not their other keys, and their end hooks don't fire), so
   * storage stays empty once the caller clears it. Waits up to `graceMs` for
   * the runs to wind down; a Notion request still in flight can't write back
   * either way. `resume()` lifts the refusal.
   */
  async stopAll(graceMs = 5_000): Promise<void> {
    this.clearings++;
    await Promise.allSettled([...this.setups]);
    const ids = [...this.executions.keys()];
    this.records.discardRuns(ids);
    for (const id of ids) this.discarded.add(id);
    const pending = [...this.executions.values()];
    for (const execution of pending) execution.controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled(pending.map((execution) => execution.done)), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Lets runs start again once every `stopAll` was followed by its `resume`. */
  resume(): void {
    this.clearings = Math.max(0, this.clearings - 1);
  }

  private launch(run: Run, connection: Connection): void {
    const controller = new AbortController();
    const release = holdWorkerAlive();
    // An alarm every 30 s brings a stopped worker back to resume (Chrome's minimum period).
    void browser.alarms?.create(RESUME_ALARM, { periodInMinutes: 0.5 });
    const done = this.execute(run, connection, controller.signal).finally(() => {
      this.executions.delete(run.id);
      this.busyTargets.delete(run.targetId);
      release();
      if (this.executions.size === 0) void browser.alarms?.clear(RESUME_ALARM);
    });
    this.executions.set(run.id, { controller, done });
  }

  private async execute(initial: Run, connection: Connection, cancel: AbortSignal): Promise<void> {
    let run = initial;
    // A progress save that fails (storage full) stops the run as a cancel would, and then says why:
    // going on would write to Notion what the run's record (and so Undo) can't know about.
    const stop = new AbortController();
    const onCancel = () => stop.abort();
    cancel.addEventListener("abort", onCancel, { once: true });
    const signal = stop.signal;
    let storageFailure: InkwellError | undefined;
    // Every text a run stores (its error, each row's reason) is scrubbed on its way to storage.
    const saver = new RunSaver(async (snapshot) => this.records.saveRun(redactRunTexts(snapshot, await this.settings.secretValues())), 250, (error) => {
      storageFailure ??= storageWriteError(error);
      stop.abort();
    });
    const save = (next: Run, critical = false) => {
      run = next;
      return saver.save(run, critical);
    };
    const unsubscribe = onNotionSchedulerEvent((event) => {
      if (event.type === "throttled") void save({ ...run, waitingUntil: this.now() + event.retryAfterMs, waitingScope: event.scope });
    });
    // A wait Notion asked for stays on the record until it is over, whatever progress is saved meanwhile
    // (the pages show it only while it lasts); after that, progress saves drop it.
    const wait = (): Pick<Run, "waitingUntil" | "waitingScope"> =>
      run.waitingUntil !== undefined && run.waitingUntil > this.now() ? { waitingUntil: run.waitingUntil, waitingScope: run.waitingScope } : { waitingUntil: undefined };
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
          readers: this.readers,
          prices: settings.usage.prices,
          save: (next, critical) => save({ ...next, ...wait() }, critical),
        });
      } else {
        run = await executePageRun({ run, connection, client, engine, records: this.records, readers: this.readers, signal, now: this.now, save: (next, critical) => save({ ...next, ...wait() }, critical) });
      }
      if (run.error) run.error = await this.scrubbed(run.error);
    } catch (error) {
      run = { ...run, status: "failed", error: await this.scrubbed(toInkwellError(error)) };
    } finally {
      unsubscribe();
      cancel.removeEventListener("abort", onCancel);
      if (storageFailure && !cancel.aborted) run = { ...run, status: "failed", error: { code: storageFailure.code, message: storageFailure.message } };
      run = await this.saveEnded(saver, { ...run, endedAt: this.now(), waitingUntil: undefined });
      if (!this.discarded.has(run.id)) {
        if (run.error) this.hooks.onRunFailed?.(run.error);
        this.hooks.onRunEnded?.(run);
      }
    }
  }

  /**
   * Saves a run's final record, then drops what it kept only while going. If
   * storage refuses the record, the run's scratch is freed first and the save
   * tried once more, so the user reads why it stopped instead of a run stuck
   * at "running".
   */
  private async saveEnded(saver: RunSaver, ended: Run): Promise<Run> {
    try {
      await saver.save(ended, true);
      await this.records.removeRunScratch(ended);
      return ended;
    } catch (error) {
      const failure = storageWriteError(error);
      const stopped: Run = ended.status === "failed" && ended.error ? ended : { ...ended, status: "failed", error: { code: failure.code, message: failure.message } };
      try {
        await this.records.removeRunScratch(stopped);
        await saver.save(stopped, true);
      } catch (again) {
        console.warn("[inkwell] could not save the end of a run", again);
      }
      return stopped;
    }
  }

  /** Run records are shown in the UI and exported in diagnostics: scrub any secret an upstream message might echo. */
  private async scrubbed(error: { code: string; message: string }): Promise<{ code: string; message: string }> {
    return { code: error.code, message: redactSecrets(error.message, await this.settings.secretValues()) };
  }
}
