import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../../../src/core/retry-policy";
import type { Job, Priority } from "../../../src/notion/scheduling/admission";
import { planFollowUp, type RetryRules } from "../../../src/notion/scheduling/follow-up";
import { JobQueue } from "../../../src/notion/scheduling/job-queue";

function job(overrides: Partial<Job> = {}): Job {
  return {
    method: "PATCH",
    path: "/v1/blocks/b/children",
    url: "https://api.notion.com/v1/blocks/b/children",
    init: {},
    safe: false,
    priority: "normal",
    abort: new AbortController(),
    sends: 1,
    attempts: 0,
    rateLimited: 0,
    state: "in-flight",
    resolve: () => undefined,
    reject: () => undefined,
    ...overrides,
  };
}

const rules: RetryRules = { policy: DEFAULT_RETRY_POLICY, maxRateLimitRetries: 2, maxRetryAfterMs: 60_000, random: () => 0.5 };

describe("the scheduler's follow-up after a failed attempt", () => {
  it("hands a 4xx back as it is, counting it as an attempt", () => {
    const write = job();
    expect(planFollowUp(write, { kind: "status", status: 400 }, undefined, rules)).toEqual({ next: "hand-back" });
    expect(write.attempts).toBe(1);
  });

  it("sends a refused write again from the front once everyone has waited the Retry-After, learning from a named limit", () => {
    const write = job();
    expect(planFollowUp(write, { kind: "status", status: 429, retryAfterMs: 3000 }, "connection", rules)).toEqual({
      next: "requeue",
      delayMs: 3000,
      pause: { ms: 3000, status: 429, scope: "connection", learn: true },
    });
    expect(write.rateLimited).toBe(1);
    expect(write.attempts).toBe(0);
  });

  it("hands back the 429 past maxRateLimitRetries, or when its Retry-After is longer than it holds a request, still pausing everyone", () => {
    const often = job({ rateLimited: 2 });
    expect(planFollowUp(often, { kind: "status", status: 429, retryAfterMs: 1000 }, undefined, rules)).toEqual({
      next: "give-up",
      reason: "rate-limited",
      pause: { ms: 1000, status: 429, scope: "unknown", learn: false },
    });
    expect(planFollowUp(job(), { kind: "status", status: 429, retryAfterMs: 120_000 }, "workspace", rules)).toMatchObject({ next: "give-up", pause: { ms: 120_000, scope: "workspace" } });
  });

  it("never sends a write again after a 5xx or a dropped connection: it is ambiguous", () => {
    expect(planFollowUp(job(), { kind: "network" }, undefined, rules)).toEqual({ next: "ambiguous" });
    expect(planFollowUp(job(), { kind: "status", status: 529, retryAfterMs: 2000 }, "overload", rules)).toEqual({
      next: "ambiguous",
      pause: { ms: 2000, status: 529, scope: "overload", learn: true },
    });
  });

  it("backs off a safe request alone after a 5xx without Retry-After, then gives up after maxAttempts", () => {
    const read = job({ method: "GET", safe: true });
    expect(planFollowUp(read, { kind: "status", status: 503 }, undefined, rules)).toEqual({ next: "back-off", delayMs: 500 });
    const last = job({ method: "GET", safe: true, attempts: DEFAULT_RETRY_POLICY.maxAttempts - 1 });
    expect(planFollowUp(last, { kind: "network" }, undefined, rules)).toEqual({ next: "give-up", reason: "attempts-exhausted" });
  });

  it("holds everyone for a 5xx's Retry-After on a safe request, without learning a pace from it", () => {
    expect(planFollowUp(job({ safe: true }), { kind: "status", status: 503, retryAfterMs: 4000 }, undefined, rules)).toEqual({
      next: "requeue",
      delayMs: 4000,
      pause: { ms: 4000, status: 503, scope: "unknown", learn: false },
    });
  });
});

describe("the scheduler's queue", () => {
  const named = (name: string, priority: Priority = "normal") => job({ path: name, priority, state: "queued" });

  it("serves interactive requests first, each priority in order, with a retried request back at the front", () => {
    const queue = new JobQueue();
    const [a, b, popup, retried] = [named("a"), named("b"), named("popup", "interactive"), named("retried")];
    queue.add(a, "back");
    queue.add(b, "back");
    queue.add(popup, "back");
    expect(queue.head()).toBe(popup);
    queue.remove(popup);
    queue.add(retried, "front");
    expect([queue.head(), queue.size]).toEqual([retried, 3]);
    queue.remove(retried);
    queue.remove(a);
    expect([queue.head(), queue.size]).toEqual([b, 1]);
  });

  it("marks what it holds as queued, and ignores removing what it doesn't hold", () => {
    const queue = new JobQueue();
    const waiting = job({ state: "waiting" });
    queue.add(waiting, "front");
    expect(waiting.state).toBe("queued");
    queue.remove(job());
    expect(queue.size).toBe(1);
  });
});
