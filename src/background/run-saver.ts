import type { Run } from "../shared/storage/schema";

/**
 * Persists a run's progress: ordinary changes at most every `intervalMs`
 * (the record is also the UI's progress feed), critical ones at once. Saves
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
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.latest;
    if (!snapshot) return this.chain;
    this.chain = this.chain.then(() => this.write(snapshot)).catch((error: unknown) => console.warn("[inkwell] could not save run progress", error));
    return this.chain;
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
