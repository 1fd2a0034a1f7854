/**
 * Pure retry rules for Notion requests: which requests may be sent twice,
 * which failures are worth another attempt, and how long to wait before it.
 * The scheduler (src/notion/scheduler.ts) applies them, through its follow-up
 * step (src/notion/scheduling/follow-up.ts).
 */

export interface RetryPolicy {
  /** Attempts per request for 5xx and network failures, the first one included. */
  maxAttempts: number;
  /** Backoff base: attempt n waits up to baseDelayMs · 2^(n-1)… */
  baseDelayMs: number;
  /** …but never more than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Statuses meaning "the server failed, try later": Notion's 500, 503, 504, 529 and the edge's 502. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504, 529]);

export const RATE_LIMITED_STATUS = 429;
/** Notion's `service_overload`: to be handled like a 429 (wait for Retry-After), but for a write it stays ambiguous. */
export const SERVICE_OVERLOAD_STATUS = 529;

// Requests that may be repeated without a second effect. Anything else is
// treated as a write that must not be sent twice blindly (the safe default
// for endpoints added later).
const SAFE_POST_PATHS = [
  /^\/v1\/data_sources\/[^/]+\/query$/, // a read
  /^\/v1\/databases\/[^/]+\/query$/, // the same read before API version 2025-09-03
  /^\/v1\/search$/, // a read
];
// Setting the same property values twice leaves the page as once.
// (Not /v1/pages/{id}/markdown: an insert or a find-and-replace is not idempotent.)
const SAFE_PATCH_PATHS = [/^\/v1\/pages\/[^/]+$/];

/**
 * Whether sending this request twice has the same effect as sending it once.
 * `pathOrUrl` may be a full URL (any base, e.g. a proxy prefix) or a path.
 */
export function isSafeToRepeat(method: string, pathOrUrl: string): boolean {
  const verb = method.toUpperCase();
  if (verb === "GET" || verb === "HEAD" || verb === "OPTIONS" || verb === "DELETE") return true;
  const path = apiPath(pathOrUrl);
  if (verb === "POST") return SAFE_POST_PATHS.some((re) => re.test(path));
  if (verb === "PATCH") return SAFE_PATCH_PATHS.some((re) => re.test(path));
  return false;
}

/** The `/v1/…` part of a URL or path, without query, fragment or trailing slash. */
export function apiPath(pathOrUrl: string): string {
  let path = pathOrUrl.replace(/[?#].*$/s, "");
  const v1 = path.indexOf("/v1/");
  if (v1 >= 0) path = path.slice(v1);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) path = new URL(path).pathname;
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/**
 * Retry-After in ms: whole seconds (what Notion sends) or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date: only a real date counts (Date.parse also accepts bare numbers, handled above).
  if (/[a-z]/i.test(text)) {
    const date = Date.parse(text);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return undefined;
}

/**
 * Exponential backoff with full jitter: a uniform draw in
 * [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))]. Full jitter spreads
 * clients that failed together, so they don't return together either.
 * `attempt` is the number of the attempt that just failed (1 for the first).
 */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(1, Math.max(0, random())) * ceiling);
}

/** What went wrong with one attempt. */
export type Failure = { kind: "status"; status: number; retryAfterMs?: number } | { kind: "network" };

export type Decision =
  /** Not a failure this policy handles (a 2xx, a 4xx other than 429): hand the answer over. */
  | { action: "return" }
  /** Wait `delayMs`, then send again. */
  | { action: "retry"; delayMs: number }
  /** Out of attempts: hand the last answer (or error) over. */
  | { action: "give-up" }
  /** A write that may have been applied: never resend blindly; the caller must look first. */
  | { action: "ambiguous" };

/**
 * Decides what to do after a failed attempt. `attempt` counts the attempts
 * so far that failed the same way: for a 429, the 429s this request got (its
 * cap is the caller's); otherwise attempts that were not refused by the rate
 * limit (1 after the first).
 *
 * A 429 is never ambiguous: Notion refuses it before doing anything, so it is
 * retried even for writes (the scheduler bounds how often). 5xx and network
 * failures are retried only for requests that are safe to repeat; for other
 * requests they are ambiguous, including 503 and 529: Notion documents them
 * as "try again later", not as "nothing was done", and a 503 is also what a
 * request that ran past Notion's 60 s timeout gets, i.e. one that may well
 * have been applied. Checking costs one read; a duplicate costs the user.
 */
export function decide(failure: Failure, safe: boolean, attempt: number, policy: RetryPolicy, random: () => number = Math.random): Decision {
  if (failure.kind === "status") {
    if (failure.status === RATE_LIMITED_STATUS) {
      return { action: "retry", delayMs: failure.retryAfterMs ?? Math.max(1000, backoffDelay(attempt, policy, random)) };
    }
    if (!TRANSIENT_STATUSES.has(failure.status)) return { action: "return" };
  }
  if (!safe) return { action: "ambiguous" };
  if (attempt >= policy.maxAttempts) return { action: "give-up" };
  const retryAfterMs = failure.kind === "status" ? failure.retryAfterMs : undefined;
  return { action: "retry", delayMs: retryAfterMs ?? backoffDelay(attempt, policy, random) };
}
