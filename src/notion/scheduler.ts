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
 */
import type { Client } from "@notionhq/client";
import { RateBudget, rateLimitReason, rateLimitScope, type RateLimitScope } from "../core/rate-budget";
import { apiPath, decide, SERVICE_OVERLOAD_STATUS, DEFAULT_RETRY_POLICY, isSafeToRepeat, parseRetryAfter, RATE_LIMITED_STATUS, type Failure, type RetryPolicy } from "../core/retry-policy";

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

/** Request header (removed before sending) that puts a request ahead of bulk work. */
export const PRIORITY_HEADER = "x-inkwell-priority";
export type Priority = "interactive" | "normal";

/** What failed: an HTTP status, a dropped connection, or no answer in time. */
export type FailureStatus = number | "network" | "timeout";

export type SchedulerEvent =
  /** Notion asked us to wait (429, 529, or Retry-After on a 5xx): every request is held for retryAfterMs. `scope`: which limit. */
  | { type: "throttled"; retryAfterMs: number; status: number; scope: RateLimitScope; method: string; path: string }
  /** Attempt number `attempt` of this request will be sent in (at least) delayMs. */
  | { type: "retrying"; attempt: number; delayMs: number; status: FailureStatus; method: string; path: string }
  /** The scheduler stopped trying; the caller gets the last answer or an error. */
  | { type: "gave-up"; status: FailureStatus; reason: "attempts-exhausted" | "rate-limited" | "ambiguous"; method: string; path: string };

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
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onEvent?: (event: SchedulerEvent) => void;
}

/**
 * A write failed in a way that doesn't tell whether Notion applied it (a 5xx
 * or a lost connection). It was not resent: check what Notion holds first.
 */
export class AmbiguousWriteError extends Error {
  override readonly name = "AmbiguousWriteError";
  readonly method: string;
  /** API path without query, e.g. /v1/blocks/<id>/children. */
  readonly path: string;
  readonly status: FailureStatus;
  /** Notion's error code when the answer had one, e.g. "service_unavailable". */
  readonly code?: string;

  constructor(facts: { method: string; path: string; status: FailureStatus; code?: string; cause?: unknown }) {
    const what = typeof facts.status === "number" ? `HTTP ${facts.status}${facts.code ? ` ${facts.code}` : ""}` : facts.status === "timeout" ? "no answer in time" : "the connection failed";
    super(`Notion may or may not have applied ${facts.method} ${facts.path} (${what}); it was not sent again.`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.method = facts.method;
    this.path = facts.path;
    this.status = facts.status;
    if (facts.code !== undefined) this.code = facts.code;
  }
}

/** An attempt got no answer within `timeoutMs`. The code makes isOfflineError() classify it. */
export class NotionTimeoutError extends Error {
  override readonly name = "TimeoutError";
  readonly code = "notionhq_client_request_timeout";
}

interface Job {
  method: string;
  path: string;
  url: string;
  init: RequestInit;
  safe: boolean;
  priority: Priority;
  /** Aborts when any of the caller's signals does. */
  abort: AbortController;
  /** Attempts sent, 429s included. */
  sends: number;
  /** Attempts that were not refused by the rate limit. */
  attempts: number;
  rateLimited: number;
  state: "queued" | "waiting" | "in-flight" | "done";
  resolve(response: Response): void;
  reject(error: unknown): void;
}

type Outcome = { response: Response } | { error: unknown; timedOut: boolean };

export class NotionScheduler {
  /** The fetch to give the SDK. Bound: the SDK calls it with its own `this`. */
  readonly fetch: typeof fetch = (input, init) => this.run(input, init, {});

  private readonly budget: RateBudget;
  private readonly policy: RetryPolicy;
  private readonly maxConcurrent: number;
  private readonly maxRateLimitRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly timeoutMs: number;
  private readonly baseFetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly onEvent: ((event: SchedulerEvent) => void) | undefined;
  private readonly queues: Record<Priority, Job[]> = { interactive: [], normal: [] };
  private active = 0;
  private pumping = false;
  private readonly counts = { sent: 0, rateLimited: 0, retries: 0, ambiguous: 0 };

  constructor(options: NotionSchedulerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.budget = new RateBudget({
      now: this.now,
      ...(options.ratePerSecond !== undefined ? { fixed: { ratePerSecond: options.ratePerSecond, burst: options.burst ?? 3 } } : {}),
    });
    this.policy = {
      maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 6);
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 10;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 65_000;
    this.baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent;
  }

  /**
   * A fetch with a priority and/or an AbortSignal for every request made
   * through it, sharing this scheduler's queue. The SDK passes neither a
   * signal nor custom headers to fetch, so a cancellable job (or the popup)
   * builds its own Client around one of these. Note: aborting a write that is
   * already on the wire rejects with AbortError, but Notion may have applied it.
   */
  fetchWith(options: { priority?: Priority; signal?: AbortSignal }): typeof fetch {
    return (input, init) => this.run(input, init, options);
  }

  /**
   * What to spread into `new Client({...})`: this scheduler as its fetch, SDK
   * retries off (they would bypass the pacing and resend ambiguous writes),
   * and SDK_TIMEOUT_MS. `bound` as for fetchWith.
   */
  clientOptions(bound: { priority?: Priority; signal?: AbortSignal } = {}): Pick<ClientOptions, "fetch" | "retry" | "timeoutMs"> {
    return { fetch: this.fetchWith(bound), retry: false, timeoutMs: SDK_TIMEOUT_MS };
  }

  stats(): SchedulerStats {
    const { pausedUntil, ratePerSecond } = this.budget.state();
    const queued = this.queues.interactive.length + this.queues.normal.length;
    return {
      ...this.counts,
      queued,
      inFlight: this.active,
      ...(pausedUntil !== undefined ? { pausedUntil } : {}),
      ...(ratePerSecond !== undefined ? { ratePerSecond } : {}),
      budgetBound: queued > 0 && this.budget.wait() > 0,
    };
  }

  private async run(input: RequestInfo | URL, init: RequestInit | undefined, bound: { priority?: Priority; signal?: AbortSignal }): Promise<Response> {
    const signals = [init?.signal, isRequest(input) ? input.signal : undefined, bound.signal].filter((s): s is AbortSignal => s != null);
    if (signals.some((s) => s.aborted)) throw abortError();
    const request = await readRequest(input, init);
    const priority = request.headers.get(PRIORITY_HEADER) === "interactive" ? "interactive" : (bound.priority ?? "normal");
    request.headers.delete(PRIORITY_HEADER);
    const { signal: _callerSignal, ...rest } = init ?? {};
    return new Promise<Response>((resolve, reject) => {
      const abort = new AbortController();
      const onAbort = () => abort.abort();
      for (const s of signals) s.addEventListener("abort", onAbort, { once: true });
      const unlink = () => signals.forEach((s) => s.removeEventListener("abort", onAbort));
      const job: Job = {
        method: request.method,
        path: apiPath(request.url),
        url: request.url,
        init: { ...rest, method: request.method, headers: request.headers, body: request.body },
        safe: isSafeToRepeat(request.method, request.url),
        priority,
        abort,
        sends: 0,
        attempts: 0,
        rateLimited: 0,
        state: "queued",
        resolve: (response) => {
          job.state = "done";
          unlink();
          resolve(response);
        },
        reject: (error) => {
          job.state = "done";
          unlink();
          reject(error);
        },
      };
      // Leaves the queue at once, so it never takes a token; an attempt on the wire is aborted with it.
      abort.signal.addEventListener("abort", () => {
        if (job.state === "done") return;
        this.dequeue(job);
        job.reject(abortError());
      });
      // Aborted while the body was being read: never queue it.
      if (signals.some((s) => s.aborted)) return abort.abort();
      this.enqueue(job, "back");
    });
  }

  private enqueue(job: Job, end: "front" | "back"): void {
    job.state = "queued";
    // A retried request keeps its place: it came before everything queued since.
    if (end === "front") this.queues[job.priority].unshift(job);
    else this.queues[job.priority].push(job);
    void this.pump();
  }

  private dequeue(job: Job): void {
    const queue = this.queues[job.priority];
    const index = queue.indexOf(job);
    if (index >= 0) queue.splice(index, 1);
  }

  /** Starts queued requests as tokens and slots allow. One loop at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.active < this.maxConcurrent) {
        const next = this.queues.interactive[0] ?? this.queues.normal[0];
        if (!next) break;
        const wait = this.budget.wait();
        // The token is taken only when a request is sent: whatever is at the head then gets it.
        if (wait > 0) await this.sleep(wait).catch(() => {});
        else {
          this.dequeue(next);
          this.budget.take(this.queues.interactive.length + this.queues.normal.length > 0);
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
    const controller = new AbortController();
    const stopTimer = new AbortController();
    const onAbort = () => controller.abort();
    job.abort.signal.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    this.sleep(this.timeoutMs, stopTimer.signal).then(
      () => {
        timedOut = true;
        controller.abort();
      },
      () => {},
    );
    let outcome: Outcome;
    try {
      outcome = { response: await this.baseFetch(job.url, { ...job.init, signal: controller.signal }) };
    } catch (error) {
      outcome = { error, timedOut };
    } finally {
      stopTimer.abort();
      job.abort.signal.removeEventListener("abort", onAbort);
    }
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

  /** Applies the retry policy to one attempt's outcome. Synchronous up to the first await, so pauses are in place before the next send. */
  private async conclude(job: Job, outcome: Outcome, sentAt: number, scope: RateLimitScope | undefined): Promise<void> {
    if (job.state === "done") return discard(outcome); // aborted meanwhile, already rejected
    const failure = toFailure(outcome, this.now());
    if (!failure) {
      if ("response" in outcome) job.resolve(outcome.response);
      else job.reject(outcome.error);
      return;
    }
    const status: FailureStatus = failure.kind === "status" ? failure.status : "timedOut" in outcome && outcome.timedOut ? "timeout" : "network";
    const rateLimited = failure.kind === "status" && failure.status === RATE_LIMITED_STATUS;
    if (rateLimited) {
      this.counts.rateLimited += 1;
      job.rateLimited += 1;
    } else {
      job.attempts += 1;
    }
    const decision = decide(failure, job.safe, rateLimited ? job.rateLimited : job.attempts, this.policy, this.random);
    if (decision.action === "return") {
      if ("response" in outcome) job.resolve(outcome.response);
      else job.reject(outcome.error);
      return;
    }
    // A Retry-After (or any 429/529) concerns the connection, not one request: hold everyone.
    const pauseMs =
      rateLimited && decision.action === "retry"
        ? decision.delayMs
        : failure.kind === "status"
          ? (failure.retryAfterMs ?? (scope !== undefined && decision.action === "retry" ? decision.delayMs : undefined))
          : undefined;
    if (pauseMs !== undefined && failure.kind === "status") {
      this.budget.refused({ sentAt, retryAfterMs: pauseMs, scope: scope ?? "unknown", learn: scope !== undefined });
      this.emit({ type: "throttled", retryAfterMs: pauseMs, status: failure.status, scope: scope ?? "unknown", ...this.where(job) });
    }
    if (decision.action === "retry" && !(rateLimited && (job.rateLimited > this.maxRateLimitRetries || decision.delayMs > this.maxRetryAfterMs))) {
      this.counts.retries += 1;
      this.emit({ type: "retrying", attempt: job.sends + 1, delayMs: decision.delayMs, status, ...this.where(job) });
      discard(outcome);
      // After a pause the bucket does the waiting; otherwise this request alone backs off.
      return pauseMs !== undefined ? this.enqueue(job, "front") : this.backOff(job, decision.delayMs);
    }
    if (decision.action === "ambiguous") return this.failAmbiguous(job, outcome, status);
    this.emit({ type: "gave-up", status, reason: rateLimited ? "rate-limited" : "attempts-exhausted", ...this.where(job) });
    if ("response" in outcome) job.resolve(outcome.response);
    else job.reject(status === "timeout" ? new NotionTimeoutError(`Notion did not answer within ${this.timeoutMs} ms.`) : outcome.error);
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
    this.emit({ type: "gave-up", status, reason: "ambiguous", ...this.where(job) });
    const code = "response" in outcome ? await errorCode(outcome.response) : undefined;
    const cause = "error" in outcome ? (status === "timeout" ? new NotionTimeoutError(`No answer within ${this.timeoutMs} ms.`) : outcome.error) : undefined;
    job.reject(new AmbiguousWriteError({ ...this.where(job), status, ...(code ? { code } : {}), ...(cause !== undefined ? { cause } : {}) }));
  }

  private where(job: Job): { method: string; path: string } {
    return { method: job.method, path: job.path };
  }

  private emit(event: SchedulerEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // A broken listener must not break Notion traffic.
    }
  }
}

/** The failure in an outcome, or undefined when there is nothing to retry (a 2xx/4xx answer, or an error that isn't a network failure). */
function toFailure(outcome: Outcome, now: number): Failure | undefined {
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

function isRefusal(status: number): boolean {
  return status === RATE_LIMITED_STATUS || status === SERVICE_OVERLOAD_STATUS;
}

/** Which limit a 429/529 names; reads a clone, so the answer stays readable for the caller. */
async function refusalScope(response: Response): Promise<RateLimitScope> {
  let reason: string | undefined;
  try {
    reason = rateLimitReason(await response.clone().text());
  } catch {
    reason = undefined;
  }
  return rateLimitScope(response.status, reason);
}

/** Notion's error `code` from an error answer; never the raw body. */
async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const code = (JSON.parse(await response.text()) as { code?: unknown }).code;
    return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Releases an answer nobody will read, so its connection can be reused. Not
 * awaited: cancelling a tee'd body (a cloned Response) only settles once the
 * other branch is cancelled too.
 */
function discard(outcome: Outcome): void {
  if ("response" in outcome) outcome.response.body?.cancel().catch(() => {});
}

function isRequest(input: RequestInfo | URL): input is Request {
  return typeof Request !== "undefined" && input instanceof Request;
}

/** Method, URL, headers (a copy we may edit) and a body that can be sent more than once. */
async function readRequest(input: RequestInfo | URL, init: RequestInit | undefined) {
  const request = isRequest(input) ? input : undefined;
  const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const headers = new Headers(init?.headers ?? request?.headers);
  let body = init?.body;
  if (body == null && request?.body) body = await request.clone().arrayBuffer();
  return { method, url, headers, body: body ?? null };
}

function abortError(): DOMException {
  return new DOMException("The Notion request was aborted.", "AbortError");
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
