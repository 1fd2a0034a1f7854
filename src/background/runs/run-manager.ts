import browser from "webextension-polyfill";
import { InkwellError, storageWriteError } from "../../core/errors";
import { isRunActive } from "../../core/run-view";
import { createNotionClient } from "../../notion/client";
import { type Connection, type DatabaseSettings, type EngineId, type Run } from "../../shared/storage/schema";
import type { UndoResult } from "../../shared/protocol/types";
import { checkImportedTarget } from "../connections/imported-target";
import { undoRun } from "./undo";
import { holdWorkerAlive } from "./keepalive";
import { assertPrompt } from "./page-run";
import { notionContextReaders } from "./context-readers";
import type { ContextReaders } from "./row-request";
import { previewWriteRows } from "./preview-write";
import { forgetUndoneOutput } from "./placed-output";
import type { RecordStore } from "../connections/records";
import type { SettingsService } from "../settings/settings";
import { chooseEngine } from "../settings/engine-choice";
import { RunExecutor } from "./run-execution";
import type { RunHooks } from "./run-hooks";
import { freshRun, interruptedRunClosed, startExtras, type AutomaticStart, type RunExtras } from "./run-start";

export type { AutomaticStart } from "./run-start";
export type { RunHooks } from "./run-hooks";

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
  /** Carries out each launched run (run-execution.ts). */
  private readonly executor: RunExecutor;

  constructor(
    private readonly records: RecordStore,
    private readonly settings: SettingsService,
    private readonly now: () => number = Date.now,
    private readonly hooks: RunHooks = {},
    private readonly readers: ContextReaders = notionContextReaders,
  ) {
    this.executor = new RunExecutor(records, settings, now, hooks, this.discarded, readers);
  }

  /**
   * At worker start: database runs that were in progress resume where they
   * stopped; page runs can't (their stream is gone), so they are closed as
   * partial with what they wrote. A resume claims its target like any other
   * start, so a target never has two runs going.
   */
  async resumeInterrupted(): Promise<void> {
    const interrupted = (await this.records.listRuns())
      .filter((run) => isRunActive(run) && !this.executions.has(run.id))
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
        await this.records.saveRun(interruptedRunClosed(run, this.now()));
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
    return this.startClaimed(connection, (engine, model) => this.freshRun(connection, engine, model, startExtras(rowLimit, automatic)));
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
    // Its rows would be written, not previewed: a dry run is tried again as a dry run.
    if (previous.mode === "dry") throw new InkwellError("invalid_input", "A dry run writes nothing, so its failed rows aren't retried here: try on the first rows again.");
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

  private freshRun(connection: Connection, engine: EngineId, model: string, extra: RunExtras): Run {
    return freshRun(connection, engine, model, extra, this.now());
  }

  /** Removes exactly what a finished run wrote; says how many blocks and values were removed, and which values the user changed since were kept. */
  async undo(runId: string): Promise<UndoResult> {
    const run = await this.records.getRun(runId);
    if (!run) throw new InkwellError("invalid_input", "That run no longer exists.");
    if (this.executions.has(runId)) throw new InkwellError("invalid_input", "Wait for the run to finish (or cancel it) before undoing it.");
    const client = createNotionClient(await this.settings.requireNotionToken(), { priority: "interactive" });
    const result = await undoRun(client, run, await this.records.getConnection(run.connectionId));
    await forgetUndoneOutput(this.records, run);
    const exclusive = this.hooks.exclusive ?? (<T>(task: () => Promise<T>) => task());
    await exclusive(async () => {
      // Pruned (its usage already archived) or cleared while Notion was answering: saving would bring it back.
      const current = await this.records.getRun(runId);
      if (current) await this.records.saveRun({ ...current, undoneAt: this.now() });
    });
    return result;
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
    const done = this.executor.execute(run, connection, controller.signal).finally(() => {
      this.executions.delete(run.id);
      this.busyTargets.delete(run.targetId);
      release();
      if (this.executions.size === 0) void browser.alarms?.clear(RESUME_ALARM);
    });
    this.executions.set(run.id, { controller, done });
  }
}
