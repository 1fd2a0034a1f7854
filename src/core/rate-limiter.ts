/**
 * A token bucket with an injectable clock: `ratePerSecond` on average, up to
 * `burst` back to back after a quiet spell. Pure bookkeeping, no timers: the
 * caller asks how long to wait and does the waiting itself.
 *
 * State is "`tokens` at time `at`". `at` may lie in the future: after a
 * reservation (the reserved token is only there at `at`) or a pause.
 */
export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
  /** Current time in ms (default Date.now). */
  now?: () => number;
}

// Refills are floating point (1/3 token per 333.33… ms): forgive rounding dust
// so that waiting exactly the announced time always yields a token.
const EPSILON = 1e-9;

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private at: number;
  private pausedUntilMs = Number.NEGATIVE_INFINITY;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a finite number > 0, got ${options.ratePerSecond}`);
    }
    if (!Number.isInteger(options.burst) || options.burst < 1) throw new RangeError(`burst must be an integer >= 1, got ${options.burst}`);
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst;
    this.now = options.now ?? Date.now;
    this.tokens = options.burst;
    this.at = this.now();
  }

  /** Ms until a token is available (0: one is available now). Reserves nothing. */
  wait(): number {
    const now = this.refill();
    // Whole ms, rounded up: a timer never fires early, and waiting this long is always enough.
    return Math.max(0, Math.ceil(this.readyAt() - now));
  }

  /**
   * Takes a token: returns 0 if one was available, otherwise the ms until the
   * reserved token is there (the caller must wait that long before using it).
   */
  take(): number {
    const now = this.refill();
    const readyAt = this.readyAt();
    if (readyAt <= now) {
      this.tokens -= 1;
      return 0;
    }
    // The token exists only at readyAt, and is spent at once. Exact time, not
    // the rounded wait, so that reservations in a row don't drift.
    this.at = readyAt;
    this.tokens = 0;
    return Math.ceil(readyAt - now);
  }

  /**
   * Nothing may be taken before `untilMs` (a server's Retry-After: it applies
   * to every later request, not only the one that was refused). The bucket
   * resumes with a single token rather than a full burst: a refusal means the
   * server's budget is tighter than our model of it (another device on the
   * same integration, say), and an opening burst would likely be refused again.
   */
  pauseUntil(untilMs: number): void {
    const now = this.refill();
    if (!(untilMs > now)) return;
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
    // Already nothing to take before then (an earlier, longer pause or a reservation).
    if (untilMs <= this.at) return;
    this.at = untilMs;
    this.tokens = 1;
  }

  /** The end of the current pause, or undefined when not paused. */
  pausedUntil(): number | undefined {
    return this.pausedUntilMs > this.now() ? this.pausedUntilMs : undefined;
  }

  /** When the next whole token is there (exact, may be fractional ms). */
  private readyAt(): number {
    const missing = Math.max(0, 1 - EPSILON - this.tokens);
    return this.at + (missing * 1000) / this.ratePerSecond;
  }

  /** Brings `tokens` up to date; returns the time used. */
  private refill(): number {
    const now = this.now();
    if (now > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.ratePerSecond);
      this.at = now;
    }
    return now;
  }
}
