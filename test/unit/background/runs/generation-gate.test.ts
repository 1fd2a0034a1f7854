import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GenerationGate } from "../../../../src/background/runs/generation-gate";

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("GenerationGate", () => {
  it("admits no more generations than the limit, and the next one when one ends", async () => {
    const gate = new GenerationGate({ cap: 2, now: Date.now });
    const signal = new AbortController().signal;
    const started: number[] = [];
    const acquisitions = Array.from({ length: 3 }, (_, i) => gate.acquire(signal).then(() => started.push(i)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    gate.release(0, "answered");
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1, 2]);
    await Promise.all(acquisitions);
  });

  it("on an overload, halves and holds every new start for the provider's retry hint", async () => {
    const limits: number[] = [];
    const gate = new GenerationGate({ cap: 32, now: Date.now, onLimit: (limit) => limits.push(limit) });
    const signal = new AbortController().signal;
    const first = await gate.acquire(signal);
    gate.release(first, { overloaded: true, retryAfterMs: 20_000 });
    expect(limits).toEqual([16, 8]);
    let admitted = false;
    void gate.acquire(signal).then(() => (admitted = true));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(admitted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(admitted).toBe(true);
  });

  it("grows only while Notion is not what holds the run back", async () => {
    let bound = true;
    const gate = new GenerationGate({ cap: 32, now: Date.now, notionBound: () => bound });
    const signal = new AbortController().signal;
    for (let i = 0; i < 4; i++) gate.release(await gate.acquire(signal), "answered");
    expect(gate.limit()).toBe(15);
    bound = false;
    for (let i = 0; i < 4; i++) gate.release(await gate.acquire(signal), "answered");
    expect(gate.limit()).toBe(19);
  });

  it("a waiting generation gives up with 'cancelled' when the run stops", async () => {
    const gate = new GenerationGate({ cap: 1, now: Date.now });
    const stop = new AbortController();
    await gate.acquire(stop.signal);
    const waiting = gate.acquire(stop.signal).catch((error: unknown) => error);
    stop.abort();
    await expect(waiting).resolves.toMatchObject({ code: "cancelled" });
  });
});
