/**
 * Carries out one run that RunManager launched: a database run row by row, or
 * a page run's stream into the page, with progress saved as it goes (a save
 * that fails stops the run and says why), Notion's waits shown on the record,
 * and its final record saved and announced.
 */
import { storageWriteError, toInkwellError, type InkwellError } from "../../core/errors";
import { redactRunTexts, redactSecrets } from "../../core/redact";
import { createNotionClient, notionScheduler, onNotionSchedulerEvent } from "../../notion/client";
import type { Connection, DatabaseSettings, Run } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import { workerEngine } from "../settings/engine-choice";
import type { SettingsService } from "../settings/settings";
import { runDatabase } from "./database-run";
import { executePageRun } from "./page-execution";
import type { ContextReaders } from "./row-request";
import type { RunHooks } from "./run-hooks";
import { RunSaver } from "./run-saver";

export class RunExecutor {
  constructor(
    private readonly records: RecordStore,
    private readonly settings: SettingsService,
    private readonly now: () => number,
    private readonly hooks: RunHooks,
    /** Runs stopped by "Clear all data": their end is not announced (no mirror update, no error log entry). */
    private readonly discarded: ReadonlySet<string>,
    /** What a run reads from Notion besides rows (page content, descriptions). */
    private readonly readers: ContextReaders,
  ) {}

  /** Runs `initial` to its end; never rejects (a failure ends up on the run's record). */
  async execute(initial: Run, connection: Connection, cancel: AbortSignal): Promise<void> {
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
