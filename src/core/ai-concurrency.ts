/**
 * How many AI generations a database run keeps in flight, adapted as it goes
 * (additive increase, multiplicative decrease, as TCP does for a network):
 *
 *  - It starts low and grows by one per answer (doubling per round of answers)
 *    until the first overload, then by one per round, but only while Notion's
 *    budget goes unused: when writes already wait for Notion, more answers at
 *    once would only wait longer (and be lost to a cancel), so it shrinks by
 *    half a step per round instead and settles where Notion is just kept busy.
 *  - The provider's 429 or overload (529, "overloaded") halves it, once per
 *    event: failures of generations started before the last cut belong to the
 *    cut already made. Nothing new starts until the provider's retry hint
 *    (Retry-After, Gemini's RetryInfo) has passed.
 *  - It stays between 1 and `cap`, the user's setting.
 *
 * Pure bookkeeping with an injectable clock; the caller gates its workers on
 * `limit()` and `holdMs()`.
 */
/**
 * Where a run starts: enough that the first rounds of answers don't leave a
 * large Notion budget idle (a 200-row job at 600 requests a minute is over in
 * about 8 rounds), few enough that a strict key's first round costs a handful
 * of 429s, after which the concurrency halves.
 */
const INITIAL = 16;

export interface AdaptiveConcurrencyOptions {
  /** The most generations at once (the user's setting), >= 1. */
  cap: number;
  /** Where to start (default min(cap, 16)). */
  initial?: number;
  now?: () => number;
}

export class AdaptiveConcurrency {
  readonly cap: number;
  private readonly now: () => number;
  /** The allowed concurrency, fractional between steps. */
  private window: number;
  /** Below this the window grows by one per answer ("slow start"); set by the first overload. */
  private threshold: number;
  private holdUntil = Number.NEGATIVE_INFINITY;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private cuts = 0;

  constructor(options: AdaptiveConcurrencyOptions) {
    if (!Number.isInteger(options.cap) || options.cap < 1) throw new RangeError(`cap must be an integer >= 1, got ${options.cap}`);
    this.cap = options.cap;
    this.now = options.now ?? Date.now;
    this.window = clamp(options.initial ?? Math.min(options.cap, INITIAL), 1, options.cap);
    this.threshold = options.cap;
  }

  /** Generations that may be in flight now. */
  limit(): number {
    return Math.max(1, Math.min(this.cap, Math.floor(this.window)));
  }

  /** Ms until a new generation may start (a provider's retry hint); 0 when none. */
  holdMs(): number {
    return Math.max(0, Math.ceil(this.holdUntil - this.now()));
  }

  /** Overloads that cut the concurrency so far. */
  get backoffs(): number {
    return this.cuts;
  }

  /** A generation answered. `notionBound`: Notion's budget, not the AI, is what holds the run back right now. */
  succeeded(notionBound: boolean): void {
    if (notionBound) {
      this.window = Math.max(1, this.window - 0.5 / this.window);
      return;
    }
    const step = this.window < this.threshold ? 1 : 1 / this.window;
    this.window = Math.min(this.cap, this.window + step);
  }

  /**
   * The provider refused a generation started at `startedAt` (429, 529,
   * overloaded): halve, unless a cut was made after it started, and hold new
   * starts for `retryAfterMs` if the provider gave one.
   */
  overloaded(startedAt: number, retryAfterMs?: number): void {
    const now = this.now();
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.holdUntil = Math.max(this.holdUntil, now + retryAfterMs);
    if (startedAt < this.lastCutAt) return;
    this.lastCutAt = now;
    this.cuts += 1;
    this.window = Math.max(1, Math.floor(this.window / 2));
    this.threshold = this.window;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
