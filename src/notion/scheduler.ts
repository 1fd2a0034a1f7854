/**
 * The one door for all of Inkwell's Notion traffic: a fetch wrapper handed to
 * the SDK (`new Client({ fetch: scheduler.fetch, retry: false })`).
 *
 *  - Pacing: requests start in FIFO order. Notion's budget is not assumed
 *    (it has been 3 requests/s, then a budget per 60-second window by plan,
 *    plus a workspace limit shared by all connections): until Notion refuses
 *    something, requests go as fast as work arrives; after that they are paced
 *    a little under the rate Notion granted (src/core/rate-budget.ts), so
 *    refusals stay rare. Interactive requests (popup, options page) go ahead
 *    of bulk work.
 *  - 429 (and 529 service_overload, which Notion asks to handle the same way):
 *    every request waits out Retry-After, and the event says which limit
 *    (additional_data.rate_limit_reason) asked for it. A refused 429 is sent
 *    again (Notion did nothing with it, so that is safe even for writes).
 *  - 5xx / network failure: retried with backoff when the request is safe to
 *    repeat; for a write it is ambiguous, so AmbiguousWriteError tells the
 *    caller to look at what Notion holds before writing again.
 *  - Nothing from the request's headers or body goes into an event or error.
 *
 * Its parts (src/notion/scheduling): admission (a fetch call becomes a job),
 * the job queue, transport (one attempt with its timeout), answers (reading an
 * outcome), follow-up (retry and backoff) and notices (events). This module
 * runs them: it starts jobs as the rate budget and free slots allow, and
 * carries out each attempt's follow-up.
 */
import type { Client } from "@notionhq/client";
import { RateBudget, type RateLimitScope } from "../core/rate-budget";
import { DEFAULT_RETRY_POLICY, parseRetryAfter } from "../core/retry-policy";
import { admit, type Binding, type Job } from "./scheduling/admission";
import { discard, errorCode, failureStatus, isRateLimited, isRefusal, refusalScope, settle, toFailure } from "./scheduling/answers";
import { AmbiguousWriteError, NotionTimeoutError, type FailureStatus } from "./scheduling/errors";
import { planFollowUp, type RetryRules } from "./scheduling/follow-up";
import { JobQueue } from "./scheduling/job-queue";
import { noticeSender, where, type SchedulerEvent } from "./scheduling/notices";
import { defaultSleep, globalFetch, sendAttempt, type Outcome, type Sleep, type Wire } from "./scheduling/transport";

export { PRIORITY_HEADER, type Priority } from "./scheduling/admission";
export { AmbiguousWriteError, NotionTimeoutError, type FailureStatus } from "./scheduling/errors";
export type { SchedulerEvent } from "./scheduling/notices";

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

/**
 * The SDK's `timeoutMs` to use with the scheduler: the SDK's timer starts
 * before the request waits in our queue, and firing it doesn't abort the fetch,
 * so a shorter one could report a timeout for a request the scheduler still
 * sends later (a ghost write the caller may then repeat). Stalled connections
 * are the scheduler's job (its per-attempt `timeoutMs`). 2^31-1 ms is the
 * longest delay setTimeout accepts.
 */
export const SDK_TIMEOUT_MS = 2_147_483_647;

export interface SchedulerStats {
  /** Attempts sent over the network (retries included). */
  sent: number;
  /** 429 answers received. */
  rateLimited: number;
  retries: number;
  /** Writes failed with AmbiguousWriteError. */
  ambiguous: number;
  /** Requests waiting for their turn. */
  queued: number;
  inFlight: number;
  /** While a Retry-After pause lasts: its end (same clock as `now`). */
  pausedUntil?: number;
  /** The pace learned from Notion's refusals (requests/s); absent while unpaced. */
  ratePerSecond?: number;
  /** Requests are queued because Notion's budget (the pace or a pause), not a free slot, holds them back. */
  budgetBound: boolean;
}

export interface NotionSchedulerOptions {
  /**
   * A budget known in advance (requests/s, with `burst`): pace at it and learn
   * nothing. Default: none; the pace is learned from Notion's refusals.
   */
  ratePerSecond?: number;
  /** With `ratePerSecond`: requests that may go back to back (default 3). */
  burst?: number;
  /** Attempts on the wire at once (default 6). */
  maxConcurrent?: number;
  /** Attempts per request for 5xx and network failures, the first included (default 4). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 429s one request may get before its 429 is handed to the caller (default 10). */
  maxRateLimitRetries?: number;
  /** A longer Retry-After is still obeyed by everyone, but the request is handed back instead of held (default 5 min). */
  maxRetryAfterMs?: number;
  /** Per attempt, from the moment it is sent (default 65 s, past Notion's own 60 s, so its 503/504 arrives first). */
  timeoutMs?: number;
  /** The real fetch (default: the global one, bound, as a service worker requires). */
  fetch?: typeof fetch;
  now?: () => number;
  /** Must reject (with anything) when `signal` aborts. */
  sleep?: Sleep;
  random?: () => number;
  onEvent?: (event: SchedulerEvent) => void;
}

export class NotionScheduler {
  /** The fetch to give the SDK. Bound: the SDK calls it with its own `this`. */
  readonly fetch: typeof fetch = (input, init) => this.run(input, init, {});

  private readonly budget: RateBudget;
  private readonly rules: RetryRules;
  private readonly maxConcurrent: number;
  private readonly wire: Wire;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly emit: (event: SchedulerEvent) => void;
  private readonly queue = new JobQueue();
  private active = 0;
  private pumping = false;
  private readonly counts = { sent: 0, rateLimited: 0, retries: 0, ambiguous: 0 };

  constructor(options: NotionSchedulerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.budget = new RateBudget({
      now: this.now,
      ...(options.ratePerSecond !== undefined ? { fixed: { ratePerSecond: options.ratePerSecond, burst: options.burst ?? 3 } } : {}),
    });
    this.rules = {
      policy: {
        maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
        baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
        maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
      },
      maxRateLimitRetries: options.maxRateLimitRetries ?? 10,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 5 * 60_000,
      random: options.random ?? Math.random,
    };
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 6);
    this.sleep = options.sleep ?? defaultSleep;
    this.wire = { fetch: options.fetch ?? globalFetch, sleep: this.sleep, timeoutMs: options.timeoutMs ?? 65_000 };
    this.emit = noticeSender(options.onEvent);
  }

  /**
   * A fetch with a priority and/or an AbortSignal for every request made
   * through it, sharing this scheduler's queue. The SDK passes neither a
   * signal nor custom headers to fetch, so a cancellable job (or the popup)
   * builds its own Client around one of these. Note: aborting a write that is
   * already on the wire rejects with AbortError, but Notion may have applied it.
   */
  fetchWith(options: Binding): typeof fetch {
    return (input, init) => this.run(input, init, options);
  }

  /**
   * What to spread into `new Client({...})`: this scheduler as its fetch, SDK
   * retries off (they would bypass the pacing and resend ambiguous writes),
   * and SDK_TIMEOUT_MS. `bound` as for fetchWith.
   */
  clientOptions(bound: Binding = {}): Pick<ClientOptions, "fetch" | "retry" | "timeoutMs"> {
    return { fetch: this.fetchWith(bound), retry: false, timeoutMs: SDK_TIMEOUT_MS };
  }

  stats(): SchedulerStats {
    const { pausedUntil, ratePerSecond } = this.budget.state();
    const queued = this.queue.size;
    return {
      ...this.counts,
      queued,
      inFlight: this.active,
      ...(pausedUntil !== undefined ? { pausedUntil } : {}),
      ...(ratePerSecond !== undefined ? { ratePerSecond } : {}),
      budgetBound: queued > 0 && this.budget.wait() > 0,
    };
  }

  private run(input: RequestInfo | URL, init: RequestInit | undefined, bound: Binding): Promise<Response> {
    return admit(input, init, bound, { enter: (job) => this.enqueue(job, "back"), leave: (job) => this.queue.remove(job) });
  }

  private enqueue(job: Job, end: "front" | "back"): void {
    this.queue.add(job, end);
    void this.pump();
  }

  /** Starts queued requests as tokens and slots allow. One loop at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.active < this.maxConcurrent) {
        const next = this.queue.head();
        if (!next) break;
        const wait = this.budget.wait();
        // The token is taken only when a request is sent: whatever is at the head then gets it.
        if (wait > 0) await this.sleep(wait).catch(() => {});
        else {
          this.queue.remove(next);
          this.budget.take(this.queue.size > 0);
          void this.attempt(next);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async attempt(job: Job): Promise<void> {
    job.state = "in-flight";
    job.sends += 1;
    this.active += 1;
    this.counts.sent += 1;
    const sentAt = this.now();
    const outcome = await sendAttempt(job, this.wire);
    // Which limit refused it, read before deciding (the body is small): the pause must be in place before the next send.
    let refusal: RateLimitScope | undefined;
    if ("response" in outcome && isRefusal(outcome.response.status)) {
      this.budget.hold(this.now() + (parseRetryAfter(outcome.response.headers.get("retry-after"), this.now()) ?? 1000));
      refusal = await refusalScope(outcome.response);
    }
    if ("response" in outcome && refusal === undefined) this.budget.accepted(sentAt);
    // Decide first (a 429 pauses everyone), then free the slot for the next request.
    const followUp = this.conclude(job, outcome, sentAt, refusal);
    this.active -= 1;
    void this.pump();
    await followUp;
  }

  /** Carries out the follow-up of one attempt's outcome. Synchronous up to the first await, so pauses are in place before the next send. */
  private async conclude(job: Job, outcome: Outcome, sentAt: number, scope: RateLimitScope | undefined): Promise<void> {
    if (job.state === "done") return discard(outcome); // aborted meanwhile, already rejected
    const failure = toFailure(outcome, this.now());
    if (!failure) return settle(job, outcome);
    const status = failureStatus(failure, outcome);
    if (isRateLimited(failure)) this.counts.rateLimited += 1;
    const plan = planFollowUp(job, failure, scope, this.rules);
    if (plan.next === "hand-back") return settle(job, outcome);
    const pause = plan.next === "back-off" ? undefined : plan.pause;
    if (pause) {
      this.budget.refused({ sentAt, retryAfterMs: pause.ms, scope: pause.scope, learn: pause.learn });
      this.emit({ type: "throttled", retryAfterMs: pause.ms, status: pause.status, scope: pause.scope, ...where(job) });
    }
    if (plan.next === "requeue" || plan.next === "back-off") {
      this.counts.retries += 1;
      this.emit({ type: "retrying", attempt: job.sends + 1, delayMs: plan.delayMs, status, ...where(job) });
      discard(outcome);
      // After a pause the bucket does the waiting; otherwise this request alone backs off.
      return plan.next === "requeue" ? this.enqueue(job, "front") : this.backOff(job, plan.delayMs);
    }
    if (plan.next === "ambiguous") return this.failAmbiguous(job, outcome, status);
    this.emit({ type: "gave-up", status, reason: plan.reason, ...where(job) });
    if ("response" in outcome) job.resolve(outcome.response);
    else job.reject(status === "timeout" ? new NotionTimeoutError(`Notion did not answer within ${this.wire.timeoutMs} ms.`) : outcome.error);
  }

  private async backOff(job: Job, delayMs: number): Promise<void> {
    job.state = "waiting";
    try {
      await this.sleep(delayMs, job.abort.signal);
    } catch {
      return; // aborted: already rejected
    }
    if (job.state === "waiting") this.enqueue(job, "front");
  }

  private async failAmbiguous(job: Job, outcome: Outcome, status: FailureStatus): Promise<void> {
    this.counts.ambiguous += 1;
    this.emit({ type: "gave-up", status, reason: "ambiguous", ...where(job) });
    const code = "response" in outcome ? await errorCode(outcome.response) : undefined;
    const cause = "error" in outcome ? (status === "timeout" ? new NotionTimeoutError(`No answer within ${this.wire.timeoutMs} ms.`) : outcome.error) : undefined;
    job.reject(new AmbiguousWriteError({ ...where(job), status, ...(code ? { code } : {}), ...(cause !== undefined ? { cause } : {}) }));
  }
}
