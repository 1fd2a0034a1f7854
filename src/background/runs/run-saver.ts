import type { Run } from "../../shared/storage/schema";

/**
 * Persists a run's progress: ordinary changes at most every `intervalMs`
 * (the record is also the UI's progress feed, and a page run's record of what
 * it wrote), critical ones at once. A failed critical save rejects to its
 * caller; a failed ordinary one is reported to `onBackgroundFailure`. Saves
 * are chained, so an older snapshot can never land after a newer one.
 */
export class RunSaver {
  private latest: Run | undefined;
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly write: (run: Run) => Promise<void>,
    private readonly intervalMs = 250,
    /** An ordinary (throttled) save failed: nobody awaits it, so the owner hears of it here. */
    private readonly onBackgroundFailure?: (error: unknown) => void,
  ) {}

  save(run: Run, critical = false): Promise<void> {
    this.latest = run;
    if (critical) return this.flush();
    this.timer ??= setTimeout(
      () =>
        void this.flush().catch((error: unknown) => {
          console.warn("[inkwell] could not save run progress", error);
          this.onBackgroundFailure?.(error);
        }),
      this.intervalMs,
    );
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

/**
 * Keeps a streaming answer in storage as it grows: at most every `intervalMs`,
 * and at once on `flush()` (the run's end). Saves are chained in order.
 */
export class AnswerSaver {
  private latest: string | undefined;
  private saved: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly write: (text: string) => Promise<void>,
    private readonly intervalMs = 1_000,
  ) {}

  update(text: string): void {
    this.latest = text;
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.latest;
    if (text === undefined || text === this.saved) return this.chain;
    this.saved = text;
    this.chain = this.chain.then(() => this.write(text)).catch((error: unknown) => console.warn("[inkwell] could not save the answer", error));
    return this.chain;
  }
}
