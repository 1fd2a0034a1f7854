/**
 * Notion's request rate limit as a token bucket per integration token: an
 * average of `requestsPerSecond` with bursts up to `burst`. A refused request
 * gets the whole seconds until a token is back, which is what Notion's
 * `Retry-After` promises: retrying after that long succeeds (if nothing else
 * spent the token first).
 */
export interface RateLimitOptions {
  /** Average requests per second per token (Notion: 3). */
  requestsPerSecond: number;
  /** Bucket size: requests that may go out back to back after a quiet spell. */
  burst: number;
}

export const NOTION_RATE_LIMIT: RateLimitOptions = { requestsPerSecond: 3, burst: 4 };

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private options: RateLimitOptions | false;

  constructor(
    options: RateLimitOptions | false,
    private readonly clock: () => number,
  ) {
    this.options = checkRate(options);
  }

  get settings(): RateLimitOptions | false {
    return this.options;
  }

  /** New settings start every bucket full. */
  configure(options: RateLimitOptions | false): void {
    this.options = checkRate(options);
    this.buckets.clear();
  }

  take(key: string): RateDecision {
    const options = this.options;
    if (options === false) return { ok: true };
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: options.burst, at: now };
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.requestsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const waitSeconds = (1 - bucket.tokens) / options.requestsPerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}

function checkRate(options: RateLimitOptions | false): RateLimitOptions | false {
  if (options === false) return false;
  if (!(options.requestsPerSecond > 0) || !Number.isFinite(options.requestsPerSecond)) {
    throw new RangeError(`requestsPerSecond must be a finite number > 0, got ${options.requestsPerSecond}`);
  }
  if (!(options.burst >= 1) || !Number.isFinite(options.burst)) throw new RangeError(`burst must be a finite number >= 1, got ${options.burst}`);
  return { ...options };
}
