/**
 * Retry and backoff: after a failed attempt, what happens next. Applies the
 * pure rules of src/core/retry-policy.ts to one job's history and adds the
 * scheduler's own caps (429s per request, longest Retry-After held).
 */
import type { RateLimitScope } from "../../core/rate-limit-reason";
import { decide, type Failure, type RetryPolicy } from "../../core/retry-policy";
import type { Job } from "./admission";
import { isRateLimited } from "./answers";

export interface RetryRules {
  policy: RetryPolicy;
  /** 429s one request may get before its 429 is handed to the caller. */
  maxRateLimitRetries: number;
  /** A longer Retry-After is still obeyed by everyone, but the request is handed back instead of held. */
  maxRetryAfterMs: number;
  random: () => number;
}

/** Every request waits this long: a Retry-After, 429 or 529 concerns the connection, not one request. */
export interface Pause {
  ms: number;
  status: number;
  scope: RateLimitScope;
  /** Whether the pace may be learned from it (Notion named the limit). */
  learn: boolean;
}

export type FollowUp =
  /** Not a failure the rules handle: the answer or error goes to the caller as it is. */
  | { next: "hand-back" }
  /** Send again: after the pause, from the front of the queue (the budget does the waiting)… */
  | { next: "requeue"; delayMs: number; pause: Pause }
  /** …or after this request alone has waited delayMs. */
  | { next: "back-off"; delayMs: number }
  /** A write that may have been applied: never sent again. */
  | { next: "ambiguous"; pause?: Pause }
  | { next: "give-up"; reason: "rate-limited" | "attempts-exhausted"; pause?: Pause };

/** Counts the failure on the job and decides what follows it. */
export function planFollowUp(job: Job, failure: Failure, scope: RateLimitScope | undefined, rules: RetryRules): FollowUp {
  const rateLimited = isRateLimited(failure);
  if (rateLimited) job.rateLimited += 1;
  else job.attempts += 1;
  const decision = decide(failure, job.safe, rateLimited ? job.rateLimited : job.attempts, rules.policy, rules.random);
  if (decision.action === "return") return { next: "hand-back" };
  const pauseMs =
    rateLimited && decision.action === "retry"
      ? decision.delayMs
      : failure.kind === "status"
        ? (failure.retryAfterMs ?? (scope !== undefined && decision.action === "retry" ? decision.delayMs : undefined))
        : undefined;
  const pause: Pause | undefined = pauseMs !== undefined && failure.kind === "status" ? { ms: pauseMs, status: failure.status, scope: scope ?? "unknown", learn: scope !== undefined } : undefined;
  if (decision.action === "retry" && !(rateLimited && (job.rateLimited > rules.maxRateLimitRetries || decision.delayMs > rules.maxRetryAfterMs))) {
    return pause ? { next: "requeue", delayMs: decision.delayMs, pause } : { next: "back-off", delayMs: decision.delayMs };
  }
  const held = pause ? { pause } : {};
  if (decision.action === "ambiguous") return { next: "ambiguous", ...held };
  return { next: "give-up", reason: rateLimited ? "rate-limited" : "attempts-exhausted", ...held };
}
