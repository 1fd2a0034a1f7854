import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AmbiguousWriteError, NotionScheduler, NotionTimeoutError, PRIORITY_HEADER, SDK_TIMEOUT_MS, type NotionSchedulerOptions, type SchedulerEvent } from "../../../src/notion/scheduler";

// Fake timers drive both the scheduler's clock (Date.now) and its sleeps
// (setTimeout): every time asserted below is fake-clock time, never wall time.

const API = "https://api.notion.com/v1";
const PAGE = "1f2e3d4c5b6a79887766554433221100";
const SECRET = "ntn_4f9Kq2LmX8pRtY7vB3nC6dE1aZ0sW5u";

interface Call {
  time: number;
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

type Reply = Response | Error | "hang" | ((call: Call) => Response | Error | "hang" | Promise<Response>);

/** A fetch that answers from a script (one reply per call; the last one repeats) and records what it got. */
function fakeFetch(...replies: Reply[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: Call = {
      time: Date.now(),
      method: init?.method ?? "GET",
      url: String(input),
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : undefined,
      signal: init?.signal ?? undefined,
    };
    calls.push(call);
    let reply = replies[Math.min(calls.length - 1, replies.length - 1)] ?? ok();
    if (typeof reply === "function") {
      const result = reply(call);
      if (result instanceof Promise) return result;
      reply = result;
    }
    if (reply === "hang") return hangUntilAborted(call.signal);
    if (reply instanceof Error) throw reply;
    return reply.clone();
  });
  return { fetch, calls };
}

function hangUntilAborted(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
}

function ok(body: unknown = { object: "page", id: PAGE }): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

function notionError(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ object: "error", status, code, message: `${code} happened` }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function setup(options: NotionSchedulerOptions = {}, fetch = fakeFetch()) {
  const events: SchedulerEvent[] = [];
  const scheduler = new NotionScheduler({ random: () => 0.5, onEvent: (e) => events.push(e), fetch: fetch.fetch, ...options });
  return { scheduler, events, calls: fetch.calls, fetch: fetch.fetch };
}

/** Never lets a rejection go unhandled while fake time runs; unwrap with `await outcome`. */
function track<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  const settled = promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return { state, settled };
}

const get = (s: NotionScheduler, path = `/pages/${PAGE}`, init: RequestInit = {}) => s.fetch(`${API}${path}`, { method: "GET", ...init });
const append = (s: NotionScheduler, init: RequestInit = {}) =>
  s.fetch(`${API}/blocks/${PAGE}/children`, { method: "PATCH", headers: { authorization: `Bearer ${SECRET}` }, body: '{"children":["SECRET_BODY"]}', ...init });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("pacing", () => {
  it("starts request k (1-based) no earlier than (k - burst)/rate s, in FIFO order", async () => {
    const { scheduler, calls } = setup({ ratePerSecond: 3, burst: 3 });
    const requests = Array.from({ length: 12 }, (_, i) => track(get(scheduler, `/pages/${PAGE}?n=${i}`)));
    await vi.advanceTimersByTimeAsync(5000);
    expect(requests.every((r) => r.state.done && r.state.value?.status === 200)).toBe(true);
    expect(calls.map((c) => new URL(c.url).searchParams.get("n"))).toEqual(requests.map((_, i) => String(i)));
    calls.forEach((call, i) => {
      const k = i + 1;
      const earliest = (Math.max(0, k - 3) / 3) * 1000;
      expect(call.time).toBeGreaterThanOrEqual(earliest);
      expect(call.time).toBeLessThanOrEqual(earliest + 1); // and no later than needed (ms rounding)
    });
    expect(scheduler.stats()).toMatchObject({ sent: 12, rateLimited: 0, retries: 0, queued: 0, inFlight: 0 });
  });

  it("lets a quiet spell refill the burst", async () => {
    const { scheduler, calls } = setup({ ratePerSecond: 3, burst: 3 });
    for (let i = 0; i < 3; i++) void get(scheduler);
    await vi.advanceTimersByTimeAsync(2000);
    for (let i = 0; i < 3; i++) void get(scheduler);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.time)).toEqual([0, 0, 0, 2000, 2000, 2000]);
  });

  it("keeps at most maxConcurrent attempts on the wire", async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 1000));
      inFlight--;
      return ok();
    };
    const { scheduler } = setup({ maxConcurrent: 2, ratePerSecond: 100, burst: 10 }, fakeFetch(slow));
    const all = Array.from({ length: 6 }, () => track(get(scheduler)));
    await vi.advanceTimersByTimeAsync(1);
    expect(scheduler.stats()).toMatchObject({ inFlight: 2, queued: 4 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(all.every((r) => r.state.value?.status === 200)).toBe(true);
    expect(peak).toBe(2);
  });
});

describe("429 and Retry-After", () => {
  it("pauses every request for Retry-After, then resends the refused one first", async () => {
    const { fetch, calls } = fakeFetch((call) => (call.url.endsWith("n=0") && calls.filter((c) => c.url.endsWith("n=0")).length === 1 ? notionError(429, "rate_limited", { "retry-after": "2" }) : ok()));
    const { scheduler, events } = setup({ ratePerSecond: 3, burst: 3, maxConcurrent: 1 }, { fetch, calls });
    const requests = Array.from({ length: 4 }, (_, i) => track(get(scheduler, `/pages/${PAGE}?n=${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(events).toContainEqual(expect.objectContaining({ type: "throttled", retryAfterMs: 2000, status: 429 }));
    expect(scheduler.stats().pausedUntil).toBe(2000);
    // A request arriving during the pause waits too.
    await vi.advanceTimersByTimeAsync(500);
    const late = track(get(scheduler, `/pages/${PAGE}?n=late`));
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.slice(1).map((c) => c.time)).toEqual([2000, 2334, 2667, 3000, 3334]);
    expect(calls.map((c) => new URL(c.url).searchParams.get("n"))).toEqual(["0", "0", "1", "2", "3", "late"]);
    expect([...requests, late].every((r) => r.state.value?.status === 200)).toBe(true);
    expect(scheduler.stats()).toMatchObject({ sent: 6, rateLimited: 1, retries: 1 });
  });

  it("resends a refused write: Notion did nothing with it", async () => {
    const { scheduler, calls, events } = setup({}, fakeFetch(notionError(429, "rate_limited", { "retry-after": "1" }), ok()));
    const created = track(scheduler.fetch(`${API}/pages`, { method: "POST", body: '{"parent":{}}' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(created.state.value?.status).toBe(200);
    expect(calls.map((c) => [c.time, c.method, c.body])).toEqual([
      [0, "POST", '{"parent":{}}'],
      [1000, "POST", '{"parent":{}}'],
    ]);
    expect(events.map((e) => e.type)).toEqual(["throttled", "retrying"]);
    expect(scheduler.stats()).toMatchObject({ ambiguous: 0, rateLimited: 1, retries: 1 });
  });

  it("hands back the 429 after maxRateLimitRetries, and a Retry-After beyond maxRetryAfterMs at once", async () => {
    const { scheduler, calls, events } = setup({ maxRateLimitRetries: 2 }, fakeFetch(notionError(429, "rate_limited", { "retry-after": "1" })));
    const r = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.state.value?.status).toBe(429);
    expect(calls).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: "gave-up", reason: "rate-limited", status: 429 });

    const long = setup({ maxRetryAfterMs: 60_000 }, fakeFetch(notionError(429, "rate_limited", { "retry-after": "600" })));
    const r2 = track(get(long.scheduler));
    await vi.advanceTimersByTimeAsync(0);
    expect(r2.state.value?.status).toBe(429);
    expect(long.calls).toHaveLength(1);
    // …but the pause still holds the next request.
    expect(long.scheduler.stats().pausedUntil).toBe(Date.now() + 600_000);
  });

  it("uses backoff (at least 1 s) when a 429 has no Retry-After", async () => {
    const { scheduler, calls } = setup({}, fakeFetch(notionError(429, "rate_limited"), ok()));
    const r = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.state.value?.status).toBe(200);
    expect(calls.map((c) => c.time)).toEqual([0, 1000]);
  });
});

describe("a budget learned, not assumed", () => {
  const refusedBy = (reason: string, retryAfter: string) =>
    new Response(JSON.stringify({ object: "error", status: 429, code: "rate_limited", message: "m", additional_data: { rate_limit_reason: reason } }), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": retryAfter },
    });

  it("sends as fast as work arrives until Notion refuses something", async () => {
    const { scheduler, calls } = setup({ maxConcurrent: 50 });
    const all = Array.from({ length: 40 }, () => track(get(scheduler)));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(40);
    expect(calls.every((call) => call.time === 0)).toBe(true);
    await Promise.all(all.map((r) => r.settled));
    expect(scheduler.stats()).toMatchObject({ sent: 40, rateLimited: 0, budgetBound: false });
    expect(scheduler.stats().ratePerSecond).toBeUndefined();
  });

  it("says which limit asked for the wait (workspace), holds everyone for its Retry-After, then paces under what was granted", async () => {
    // 20 accepted at once, then the workspace limit asks for 42 s.
    let n = 0;
    const script = fakeFetch(() => (++n === 21 ? refusedBy("public_api_space_request_rate_limit", "42") : ok()));
    const { scheduler, events, calls } = setup({ maxConcurrent: 1 }, script);
    const all = Array.from({ length: 30 }, () => track(get(scheduler)));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toContainEqual(expect.objectContaining({ type: "throttled", status: 429, scope: "workspace", retryAfterMs: 42_000 }));
    expect(calls).toHaveLength(21);
    expect(scheduler.stats()).toMatchObject({ pausedUntil: 42_000, budgetBound: true });
    await vi.advanceTimersByTimeAsync(41_999);
    expect(calls).toHaveLength(21);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(all.every((r) => r.state.value?.status === 200)).toBe(true);
    // 20 granted over 42 s: paced at about 0.45/s from then on, not all at once.
    const pace = scheduler.stats().ratePerSecond!;
    expect(pace).toBeGreaterThan(0.3);
    expect(pace).toBeLessThan(0.5);
    const after = calls.slice(21).map((c) => c.time);
    expect(after[0]).toBe(42_000);
    expect(after.at(-1)! - after[0]!).toBeGreaterThanOrEqual(((after.length - 1) / pace) * 1000 - 1000 * 1.01);
  });

  it("the connection limit and an unknown reason are named as such", async () => {
    const first = setup({}, fakeFetch(refusedBy("public_api_request_rate_limit", "3"), ok()));
    const a = track(get(first.scheduler));
    const second = setup({}, fakeFetch(refusedBy("something_new", "2"), ok()));
    const b = track(get(second.scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect([a, b].every((r) => r.state.value?.status === 200)).toBe(true);
    expect(first.events[0]).toMatchObject({ type: "throttled", scope: "connection", retryAfterMs: 3000 });
    expect(second.events[0]).toMatchObject({ type: "throttled", scope: "unknown", retryAfterMs: 2000 });
  });

  it("treats 529 service_overload like a 429: everyone waits its Retry-After, and a read is sent again", async () => {
    const { scheduler, calls, events } = setup({ maxConcurrent: 1 }, fakeFetch(notionError(529, "service_overload", { "retry-after": "5" }), ok()));
    const first = track(get(scheduler));
    const second = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(0);
    expect(events[0]).toMatchObject({ type: "throttled", status: 529, scope: "overload", retryAfterMs: 5000 });
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.map((c) => c.time)).toEqual([0, 5000, 5000]);
    expect([first, second].every((r) => r.state.value?.status === 200)).toBe(true);
  });
});

describe("5xx and network failures", () => {
  it("retries a safe request with exponential backoff until it succeeds", async () => {
    const { scheduler, calls, events } = setup({ baseDelayMs: 1000 }, fakeFetch(notionError(500, "internal_server_error"), notionError(503, "service_unavailable"), ok()));
    const r = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.state.value?.status).toBe(200);
    // random() = 0.5: attempt 1 waits 0.5·1000, attempt 2 waits 0.5·2000.
    expect(calls.map((c) => c.time)).toEqual([0, 500, 1500]);
    expect(events).toEqual([
      { type: "retrying", attempt: 2, delayMs: 500, status: 500, method: "GET", path: `/v1/pages/${PAGE}` },
      { type: "retrying", attempt: 3, delayMs: 1000, status: 503, method: "GET", path: `/v1/pages/${PAGE}` },
    ]);
    expect(scheduler.stats()).toMatchObject({ sent: 3, retries: 2, ambiguous: 0 });
  });

  it.each([
    ["POST", `/data_sources/${PAGE}/query`],
    ["POST", "/search"],
    ["PATCH", `/pages/${PAGE}`],
    ["DELETE", `/blocks/${PAGE}`],
  ])("retries %s %s (safe to repeat)", async (method, path) => {
    const { scheduler, calls } = setup({}, fakeFetch(notionError(502, "bad_gateway"), ok()));
    const r = track(scheduler.fetch(`${API}${path}`, { method, body: method === "DELETE" ? null : "{}" }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.state.value?.status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it("returns the last answer after maxAttempts", async () => {
    const { scheduler, calls, events } = setup({ maxAttempts: 3 }, fakeFetch(notionError(504, "gateway_timeout")));
    const r = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.state.value?.status).toBe(504);
    expect(await r.state.value?.json()).toMatchObject({ code: "gateway_timeout" }); // body intact for the SDK
    expect(calls).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: "gave-up", reason: "attempts-exhausted", status: 504 });
  });

  it("retries a network failure of a safe request, and rethrows the last one", async () => {
    const healed = setup({}, fakeFetch(new TypeError("fetch failed"), ok()));
    const r = track(get(healed.scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.state.value?.status).toBe(200);
    expect(healed.events[0]).toMatchObject({ type: "retrying", status: "network" });

    const failure = new TypeError("Failed to fetch");
    const down = setup({ maxAttempts: 2 }, fakeFetch(failure));
    const r2 = track(get(down.scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r2.state.error).toBe(failure);
    expect(down.calls).toHaveLength(2);
  });

  it.each([500, 502, 503, 504, 529])("fails a write with AmbiguousWriteError on %i, without a second call", async (status) => {
    const { scheduler, calls, events } = setup({}, fakeFetch(notionError(status, "some_error"), ok()));
    const r = track(append(scheduler));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    const error = r.state.error as AmbiguousWriteError;
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect(error).toMatchObject({ name: "AmbiguousWriteError", method: "PATCH", path: `/v1/blocks/${PAGE}/children`, status, code: "some_error" });
    expect(events).toEqual([{ type: "gave-up", status, reason: "ambiguous", method: "PATCH", path: `/v1/blocks/${PAGE}/children` }]);
    expect(scheduler.stats()).toMatchObject({ ambiguous: 1, retries: 0 });
  });

  it.each([
    ["POST", "/pages"],
    ["POST", "/databases"],
    ["PATCH", `/data_sources/${PAGE}`],
  ])("treats %s %s as an unsafe write", async (method, path) => {
    const { scheduler, calls } = setup({}, fakeFetch(notionError(500, "internal_server_error"), ok()));
    const r = track(scheduler.fetch(`${API}${path}`, { method, body: "{}" }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.state.error).toBeInstanceOf(AmbiguousWriteError);
    expect(calls).toHaveLength(1);
  });

  it("fails a write whose connection dropped with AmbiguousWriteError carrying the cause", async () => {
    const dropped = new TypeError("fetch failed");
    const { scheduler, calls } = setup({}, fakeFetch(dropped, ok()));
    const r = track(append(scheduler));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(r.state.error).toMatchObject({ name: "AmbiguousWriteError", status: "network", cause: dropped });
    expect((r.state.error as Error).message).toMatch(/may or may not have applied PATCH \/v1\/blocks\/.+\/children/);
  });

  it("a 529 with Retry-After on a write is ambiguous, and still holds everyone else", async () => {
    const { scheduler, calls } = setup({ maxConcurrent: 1 }, fakeFetch(notionError(529, "service_overload", { "retry-after": "3" }), ok()));
    const w = track(append(scheduler));
    const g = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.state.error).toBeInstanceOf(AmbiguousWriteError);
    expect(g.state.value?.status).toBe(200);
    expect(calls.map((c) => [c.method, c.time])).toEqual([
      ["PATCH", 0],
      ["GET", 3000],
    ]);
  });

  it("hands 4xx answers over untouched", async () => {
    const { scheduler, calls, events } = setup({}, fakeFetch(notionError(404, "object_not_found"), ok()));
    const r = track(append(scheduler));
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.state.value?.status).toBe(404);
    expect(calls).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it("times out a silent attempt: retried when safe, ambiguous for a write", async () => {
    const safe = setup({ timeoutMs: 5000 }, fakeFetch("hang", ok()));
    const r = track(get(safe.scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(safe.calls[0]?.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.state.value?.status).toBe(200);
    expect(safe.events[0]).toMatchObject({ type: "retrying", status: "timeout" });

    const write = setup({ timeoutMs: 5000 }, fakeFetch("hang"));
    const w = track(append(write.scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(w.state.error).toMatchObject({ name: "AmbiguousWriteError", status: "timeout" });
    expect((w.state.error as AmbiguousWriteError).cause).toBeInstanceOf(NotionTimeoutError);

    const gone = setup({ timeoutMs: 1000, maxAttempts: 1 }, fakeFetch("hang"));
    const g = track(get(gone.scheduler));
    await vi.advanceTimersByTimeAsync(1000);
    expect(g.state.error).toBeInstanceOf(NotionTimeoutError);
    expect(g.state.error).toMatchObject({ code: "notionhq_client_request_timeout" });
  });

  it("passes other rejections through unchanged", async () => {
    const odd = new RangeError("bad header");
    const { scheduler, calls } = setup({}, fakeFetch(odd, ok()));
    const r = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.state.error).toBe(odd);
    expect(calls).toHaveLength(1);
  });
});

describe("abort", () => {
  it("takes a queued request out at once, without spending its token", async () => {
    const { scheduler, calls } = setup({ ratePerSecond: 3, burst: 3 });
    const controller = new AbortController();
    const first = Array.from({ length: 4 }, (_, i) => track(get(scheduler, `/pages/${PAGE}?n=${i}`)));
    const doomed = track(get(scheduler, `/pages/${PAGE}?n=doomed`, { signal: controller.signal }));
    const after = track(get(scheduler, `/pages/${PAGE}?n=after`));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await doomed.settled;
    expect(Date.now()).toBe(100); // rejected at once, not at its turn
    expect(doomed.state.error).toMatchObject({ name: "AbortError" });
    expect(scheduler.stats().queued).toBe(2); // n=3 and "after"
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.map((c) => new URL(c.url).searchParams.get("n"))).toEqual(["0", "1", "2", "3", "after"]);
    // "after" gets the slot the aborted request would have used.
    expect(calls.map((c) => c.time)).toEqual([0, 0, 0, 334, 667]);
    expect([...first, after].every((r) => r.state.value?.status === 200)).toBe(true);
  });

  it("rejects an already aborted request without queueing it", async () => {
    const { scheduler, calls } = setup();
    await expect(get(scheduler, "/users/me", { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    expect(calls).toHaveLength(0);
    expect(scheduler.stats()).toMatchObject({ queued: 0, sent: 0 });
  });

  it("aborts a request on the wire and frees its slot", async () => {
    const { scheduler, calls } = setup({ maxConcurrent: 1 }, fakeFetch("hang", ok()));
    const controller = new AbortController();
    const r = track(get(scheduler, "/users/me", { signal: controller.signal }));
    const next = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.state.error).toMatchObject({ name: "AbortError" });
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(next.state.value?.status).toBe(200);
  });

  it("aborts a request waiting for its retry", async () => {
    const { scheduler, calls } = setup({}, fakeFetch(notionError(500, "internal_server_error"), ok()));
    const controller = new AbortController();
    const r = track(get(scheduler, "/users/me", { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100); // backoff is 500 ms
    controller.abort();
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.state.error).toMatchObject({ name: "AbortError" });
    expect(calls).toHaveLength(1);
  });

  it("fetchWith binds a signal to every request made through it", async () => {
    const { scheduler, calls } = setup({ ratePerSecond: 1, burst: 1 });
    const job = new AbortController();
    const jobFetch = scheduler.fetchWith({ signal: job.signal });
    const a = track(jobFetch(`${API}/search`, { method: "POST", body: "{}" }));
    const b = track(jobFetch(`${API}/search`, { method: "POST", body: "{}" }));
    await vi.advanceTimersByTimeAsync(10);
    job.abort();
    await vi.advanceTimersByTimeAsync(5000);
    expect(a.state.value?.status).toBe(200);
    expect(b.state.error).toMatchObject({ name: "AbortError" });
    expect(calls).toHaveLength(1);
  });
});

describe("priority", () => {
  it("sends interactive requests ahead of queued bulk work, and strips the header", async () => {
    const { scheduler, calls } = setup({ ratePerSecond: 3, burst: 3 });
    const bulk = Array.from({ length: 6 }, (_, i) => track(get(scheduler, `/blocks/${PAGE}/children?n=bulk${i}`)));
    const popup = track(get(scheduler, `/users/me?n=popup`, { headers: { [PRIORITY_HEADER]: "interactive", "notion-version": "2026-03-11" } }));
    const viaBound = track(scheduler.fetchWith({ priority: "interactive" })(`${API}/users/me?n=bound`));
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.map((c) => new URL(c.url).searchParams.get("n"))).toEqual(["bulk0", "bulk1", "bulk2", "popup", "bound", "bulk3", "bulk4", "bulk5"]);
    const popupCall = calls[3]!;
    expect(popupCall.time).toBe(334);
    expect(popupCall.headers.has(PRIORITY_HEADER)).toBe(false);
    expect(popupCall.headers.get("notion-version")).toBe("2026-03-11");
    expect([...bulk, popup, viaBound].every((r) => r.state.value?.status === 200)).toBe(true);
  });
});

describe("privacy and robustness", () => {
  it("never puts the Authorization header or the body into events or errors", async () => {
    const { scheduler, events } = setup({}, fakeFetch(notionError(429, "rate_limited", { "retry-after": "1" }), notionError(500, "internal_server_error")));
    const r = track(append(scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    const error = r.state.error as AmbiguousWriteError;
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    const exposed = JSON.stringify(events) + error.message + String(error) + JSON.stringify(error) + String(error.stack);
    expect(exposed).not.toContain(SECRET);
    expect(exposed).not.toContain("SECRET_BODY");
    expect(exposed).not.toMatch(/bearer/i);
  });

  it("forwards headers and body unchanged to Notion", async () => {
    const { scheduler, calls } = setup();
    await append(scheduler);
    expect(calls[0]?.headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(calls[0]?.body).toBe('{"children":["SECRET_BODY"]}');
  });

  it("accepts a Request object", async () => {
    const { scheduler, calls } = setup();
    const response = await scheduler.fetch(new Request(`${API}/search`, { method: "POST", body: '{"query":"x"}', headers: { [PRIORITY_HEADER]: "interactive" } }));
    expect(response.status).toBe(200);
    expect(calls[0]).toMatchObject({ method: "POST", url: `${API}/search` });
    expect(calls[0]?.headers.has(PRIORITY_HEADER)).toBe(false);
  });

  it("survives a throwing event listener", async () => {
    const { scheduler } = setup(
      {
        onEvent: () => {
          throw new Error("listener bug");
        },
      },
      fakeFetch(notionError(500, "internal_server_error"), ok()),
    );
    const r = track(get(scheduler));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.state.value?.status).toBe(200);
  });
});

describe("property: rate", () => {
  it("never starts more than burst + rate requests in any 1 s window, whatever the arrivals and failures", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 1200 }),
            latency: fc.integer({ min: 0, max: 800 }),
            reply: fc.constantFrom(200, 200, 200, 429, 500, 503),
            method: fc.constantFrom("GET", "PATCH"),
            interactive: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        async (rate, burst, arrivals) => {
          const starts: number[] = [];
          let n = 0;
          const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
            starts.push(Date.now());
            const spec = arrivals[n++ % arrivals.length]!;
            await new Promise((r) => setTimeout(r, spec.latency));
            if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
            return spec.reply === 200 ? ok() : notionError(spec.reply, "x", spec.reply === 429 ? { "retry-after": "1" } : {});
          };
          const scheduler = new NotionScheduler({ ratePerSecond: rate, burst, fetch, maxConcurrent: 4, baseDelayMs: 100 });
          const all: Promise<unknown>[] = [];
          for (const spec of arrivals) {
            await vi.advanceTimersByTimeAsync(spec.gap);
            const init: RequestInit = { method: spec.method, ...(spec.interactive ? { headers: { [PRIORITY_HEADER]: "interactive" } } : {}) };
            all.push(scheduler.fetch(`${API}/pages/${PAGE}`, init).catch(() => undefined));
          }
          await vi.advanceTimersByTimeAsync(10 * 60_000);
          await Promise.all(all);
          expect(scheduler.stats()).toMatchObject({ queued: 0, inFlight: 0 });
          expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(burst + rate);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Most timestamps in any closed window [t, t + width]. `times` ascending. */
function maxInWindow(times: readonly number[], width: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! > width) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe("clientOptions", () => {
  it("plugs into the SDK: scheduler fetch, SDK retries off, no SDK timeout while queued", async () => {
    const { scheduler, calls } = setup();
    const options = scheduler.clientOptions({ priority: "interactive" });
    expect(options).toMatchObject({ retry: false, timeoutMs: SDK_TIMEOUT_MS });
    const response = await options.fetch!(`${API}/users/me`, { method: "GET", headers: {} });
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});
