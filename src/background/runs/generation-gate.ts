/**
 * Admits a database run's AI generations as the adaptive controller allows
 * (src/core/ai-concurrency.ts): no more in flight than its limit, none while a
 * provider's retry hint holds, and each outcome fed back to it.
 */
import { AdaptiveConcurrency } from "../../core/ai-concurrency";
import { InkwellError } from "../../core/errors";

export type GenerationOutcome = "answered" | { overloaded: true; retryAfterMs?: number };

export interface GenerationGateOptions {
  /** The most generations at once (the user's setting). */
  cap: number;
  /** True while Notion's budget, not the AI, holds the run back (the scheduler's queue waits for budget). */
  notionBound?: () => boolean;
  /** Told the limit whenever it changes. */
  onLimit?: (limit: number) => void;
  now?: () => number;
}

export class GenerationGate {
  private readonly control: AdaptiveConcurrency;
  private readonly notionBound: () => boolean;
  private readonly onLimit: ((limit: number) => void) | undefined;
  private readonly now: () => number;
  private active = 0;
  private wake: (() => void)[] = [];
  /** Signals already listened to: one listener each, however many generations wait on it. */
  private readonly watched = new WeakSet<AbortSignal>();
  private lastLimit: number;

  constructor(options: GenerationGateOptions) {
    this.now = options.now ?? Date.now;
    this.control = new AdaptiveConcurrency({ cap: Math.max(1, Math.floor(options.cap)), now: this.now });
    this.notionBound = options.notionBound ?? (() => false);
    this.onLimit = options.onLimit;
    this.lastLimit = this.control.limit();
    this.onLimit?.(this.lastLimit);
  }

  limit(): number {
    return this.control.limit();
  }

  /** Waits for a free slot; returns when the generation started. Rejects with "cancelled" when `signal` aborts. */
  async acquire(signal: AbortSignal): Promise<number> {
    if (!this.watched.has(signal)) {
      this.watched.add(signal);
      signal.addEventListener("abort", () => this.wakeAll(), { once: true });
    }
    for (;;) {
      if (signal.aborted) throw new InkwellError("cancelled", "Cancelled.");
      const hold = this.control.holdMs();
      if (hold > 0) await this.waitFor(signal, hold);
      else if (this.active < this.control.limit()) {
        this.active += 1;
        return this.now();
      } else await this.waitFor(signal);
    }
  }

  /** A generation started at `startedAt` ended. */
  release(startedAt: number, outcome: GenerationOutcome | "other"): void {
    this.active -= 1;
    if (outcome === "answered") this.control.succeeded(this.notionBound());
    else if (outcome !== "other") this.control.overloaded(startedAt, outcome.retryAfterMs);
    const limit = this.control.limit();
    if (limit !== this.lastLimit) {
      this.lastLimit = limit;
      this.onLimit?.(limit);
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }

  /** Until a release, `ms` (if given) or an abort of `signal`, whichever comes first. */
  private waitFor(signal: AbortSignal, ms?: number): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.wake.push(done);
    });
  }
}
