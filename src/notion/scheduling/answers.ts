/**
 * Reading one attempt's outcome: whether it failed in a way the retry rules
 * handle, which limit a refusal names, and Notion's error code. Nothing from
 * a body leaves here but those checked words.
 */
import { rateLimitReason, rateLimitScope, type RateLimitScope } from "../../core/rate-limit-reason";
import { parseRetryAfter, RATE_LIMITED_STATUS, SERVICE_OVERLOAD_STATUS, type Failure } from "../../core/retry-policy";
import type { Job } from "./admission";
import type { FailureStatus } from "./errors";
import type { Outcome } from "./transport";

/** The failure in an outcome, or undefined when there is nothing to retry (a 2xx/4xx answer, or an error that isn't a network failure). */
export function toFailure(outcome: Outcome, now: number): Failure | undefined {
  if ("response" in outcome) {
    const { status, headers } = outcome.response;
    if (status < 400) return undefined;
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return retryAfterMs === undefined ? { kind: "status", status } : { kind: "status", status, retryAfterMs };
  }
  // fetch rejects with a TypeError when the connection fails; our own timeout aborts it.
  if (outcome.timedOut || outcome.error instanceof TypeError) return { kind: "network" };
  return undefined;
}

/** How a failure is named in notices and errors. */
export function failureStatus(failure: Failure, outcome: Outcome): FailureStatus {
  return failure.kind === "status" ? failure.status : "timedOut" in outcome && outcome.timedOut ? "timeout" : "network";
}

export function isRateLimited(failure: Failure): boolean {
  return failure.kind === "status" && failure.status === RATE_LIMITED_STATUS;
}

/** A 429 or 529: Notion refused the request before doing anything with it. */
export function isRefusal(status: number): boolean {
  return status === RATE_LIMITED_STATUS || status === SERVICE_OVERLOAD_STATUS;
}

/** Which limit a 429/529 names; reads a clone, so the answer stays readable for the caller. */
export async function refusalScope(response: Response): Promise<RateLimitScope> {
  let reason: string | undefined;
  try {
    reason = rateLimitReason(await response.clone().text());
  } catch {
    reason = undefined;
  }
  return rateLimitScope(response.status, reason);
}

/** Notion's error `code` from an error answer; never the raw body. */
export async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const code = (JSON.parse(await response.text()) as { code?: unknown }).code;
    return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Hands the outcome to the caller as it is: the answer, or the error fetch threw. */
export function settle(job: Job, outcome: Outcome): void {
  if ("response" in outcome) job.resolve(outcome.response);
  else job.reject(outcome.error);
}

/**
 * Releases an answer nobody will read, so its connection can be reused. Not
 * awaited: cancelling a tee'd body (a cloned Response) only settles once the
 * other branch is cancelled too.
 */
export function discard(outcome: Outcome): void {
  if ("response" in outcome) outcome.response.body?.cancel().catch(() => {});
}
