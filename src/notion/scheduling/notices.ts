/**
 * Wait notices: what the scheduler tells its listener about waits, retries
 * and give-ups. Only the method and API path of a request are named, never
 * its headers or body.
 */
import type { RateLimitScope } from "../../core/rate-limit-reason";
import type { FailureStatus } from "./errors";

export type SchedulerEvent =
  /** Notion asked us to wait (429, 529, or Retry-After on a 5xx): every request is held for retryAfterMs. `scope`: which limit. */
  | { type: "throttled"; retryAfterMs: number; status: number; scope: RateLimitScope; method: string; path: string }
  /** Attempt number `attempt` of this request will be sent in (at least) delayMs. */
  | { type: "retrying"; attempt: number; delayMs: number; status: FailureStatus; method: string; path: string }
  /** The scheduler stopped trying; the caller gets the last answer or an error. */
  | { type: "gave-up"; status: FailureStatus; reason: "attempts-exhausted" | "rate-limited" | "ambiguous"; method: string; path: string };

/** Calls the listener, if any; a broken listener must not break Notion traffic. */
export function noticeSender(onEvent: ((event: SchedulerEvent) => void) | undefined): (event: SchedulerEvent) => void {
  return (event) => {
    try {
      onEvent?.(event);
    } catch {
      // Ignored on purpose: see above.
    }
  };
}

/** The part of a request a notice or an error may name. */
export function where(job: { method: string; path: string }): { method: string; path: string } {
  return { method: job.method, path: job.path };
}
