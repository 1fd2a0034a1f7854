import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiPath, backoffDelay, decide, DEFAULT_RETRY_POLICY, isSafeToRepeat, parseRetryAfter, type RetryPolicy } from "../../../src/core/retry-policy";

const ID = "1f2e3d4c5b6a79887766554433221100";
const BASE = "https://api.notion.com";

describe("isSafeToRepeat", () => {
  it.each([
    ["GET", `/v1/pages/${ID}`],
    ["GET", `/v1/blocks/${ID}/children?page_size=100`],
    ["GET", "/v1/users/me"],
    ["DELETE", `/v1/blocks/${ID}`],
    ["POST", `/v1/data_sources/${ID}/query`],
    ["POST", `/v1/databases/${ID}/query`],
    ["POST", "/v1/search"],
    ["PATCH", `/v1/pages/${ID}`],
    ["patch", `/v1/pages/${ID}/`],
  ])("%s %s is safe", (method, path) => {
    expect(isSafeToRepeat(method, path)).toBe(true);
    expect(isSafeToRepeat(method, BASE + path)).toBe(true);
  });

  it.each([
    ["PATCH", `/v1/blocks/${ID}/children`],
    ["POST", "/v1/pages"],
    ["POST", "/v1/databases"],
    ["PATCH", `/v1/data_sources/${ID}`],
    ["PATCH", `/v1/pages/${ID}/markdown`],
    ["POST", "/v1/comments"],
    ["PATCH", `/v1/blocks/${ID}`],
    ["PUT", `/v1/pages/${ID}`],
    ["POST", `/v1/data_sources/${ID}/query/extra`],
  ])("%s %s is not safe", (method, path) => {
    expect(isSafeToRepeat(method, path)).toBe(false);
    expect(isSafeToRepeat(method, BASE + path)).toBe(false);
  });

  it("looks past a proxy prefix and a query string", () => {
    expect(isSafeToRepeat("POST", `http://127.0.0.1:4000/notion/v1/search?x=1`)).toBe(true);
    expect(isSafeToRepeat("POST", `http://127.0.0.1:4000/notion/v1/pages?x=/v1/search`)).toBe(false);
  });
});

describe("apiPath", () => {
  it("keeps only the /v1/ path", () => {
    expect(apiPath(`${BASE}/v1/blocks/${ID}/children?page_size=10#x`)).toBe(`/v1/blocks/${ID}/children`);
    expect(apiPath(`/v1/search/`)).toBe("/v1/search");
    expect(apiPath(`https://example.com/other/path?q=1`)).toBe("/other/path");
    expect(apiPath("/")).toBe("/");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-02T10:00:00Z");
  it("reads whole seconds, as Notion sends them", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
  });
  it("reads an HTTP date", () => {
    expect(parseRetryAfter("Mon, 02 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Mon, 02 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
  it("ignores what it can't read", () => {
    for (const value of [null, undefined, "", "-1", "soon", "1e3", "12abc"]) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 10_000 };
  it("doubles the ceiling per attempt up to the cap (full jitter)", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000);
  });
  it("property: always within [0, min(cap, base·2^(n-1))]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 120_000 }), (n, r, base, cap) => {
        const d = backoffDelay(n, { baseDelayMs: base, maxDelayMs: cap }, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(cap, base * 2 ** (n - 1)));
        expect(Number.isInteger(d)).toBe(true);
      }),
    );
  });
});

describe("decide", () => {
  const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };
  const half = () => 0.5;

  it("retries a 429 even for writes, after Retry-After", () => {
    expect(decide({ kind: "status", status: 429, retryAfterMs: 2000 }, false, 1, policy, half)).toEqual({ action: "retry", delayMs: 2000 });
    expect(decide({ kind: "status", status: 429, retryAfterMs: 0 }, false, 7, policy, half)).toEqual({ action: "retry", delayMs: 0 });
  });

  it("waits at least a second after a 429 without Retry-After", () => {
    expect(decide({ kind: "status", status: 429 }, true, 1, policy, () => 0)).toEqual({ action: "retry", delayMs: 1000 });
    expect(decide({ kind: "status", status: 429 }, true, 4, policy, () => 1)).toEqual({ action: "retry", delayMs: 8000 });
  });

  it.each([500, 502, 503, 504, 529])("retries %i for a safe request with backoff, until attempts run out", (status) => {
    expect(decide({ kind: "status", status }, true, 1, policy, half)).toEqual({ action: "retry", delayMs: 500 });
    expect(decide({ kind: "status", status }, true, 2, policy, half)).toEqual({ action: "retry", delayMs: 1000 });
    expect(decide({ kind: "status", status }, true, 3, policy, half)).toEqual({ action: "give-up" });
  });

  it("lets Retry-After win over backoff on a 5xx", () => {
    expect(decide({ kind: "status", status: 529, retryAfterMs: 4000 }, true, 1, policy, half)).toEqual({ action: "retry", delayMs: 4000 });
  });

  it.each([500, 502, 503, 504, 529])("calls %i on a write ambiguous, never a retry", (status) => {
    expect(decide({ kind: "status", status }, false, 1, policy, half)).toEqual({ action: "ambiguous" });
    expect(decide({ kind: "status", status, retryAfterMs: 1000 }, false, 1, policy, half)).toEqual({ action: "ambiguous" });
  });

  it("treats a network failure like a 5xx", () => {
    expect(decide({ kind: "network" }, true, 1, policy, half)).toEqual({ action: "retry", delayMs: 500 });
    expect(decide({ kind: "network" }, true, 3, policy, half)).toEqual({ action: "give-up" });
    expect(decide({ kind: "network" }, false, 1, policy, half)).toEqual({ action: "ambiguous" });
  });

  it.each([400, 401, 403, 404, 409, 413])("hands %i over untouched", (status) => {
    expect(decide({ kind: "status", status }, true, 1, policy, half)).toEqual({ action: "return" });
    expect(decide({ kind: "status", status }, false, 1, policy, half)).toEqual({ action: "return" });
  });

  it("has sane defaults", () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.baseDelayMs);
  });
});
