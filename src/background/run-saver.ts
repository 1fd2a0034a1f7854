import type { Run } from "../shared/storage/schema";

/**
 * Persists a run's progress: ordinary changes at most every `intervalMs`
 * (the record is also the UI's progress feed; a failed one is only logged,
 * the next save carries it), critical ones at once, and their failure is the caller's. Saves
 * are chained, so an older snapshot can never land after a newer one.
 */
export class RunSaver {
  private latest: Run | undefined;
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly write: (run: Run) => Promise<void>,
    private readonly intervalMs = 250,
  ) {}

  save(run: Run, critical = false): Promise<void> {
    this.latest = run;
    if (critical) return this.flush();
    this.timer ??= setTimeout(() => void this.flush().catch((error: unknown) => console.warn("[inkwell] could not save run progress", error)), this.intervalMs);
    return Promise.resolve();
  }

  /**
   * Writes the latest snapshot now. Rejects when that write fails: a critical
   * save the run relies on (an answer kept, block ids recorded) must stop the
   * run, not pass unnoticed. The chain itself carries on for later saves.
   */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.latest;
    if (!snapshot) return this.chain;
    const written = this.chain.then(() => this.write(snapshot));
    this.chain = written.catch(() => undefined);
    return written;
  }
}
