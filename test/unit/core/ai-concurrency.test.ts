import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AdaptiveConcurrency } from "../../../src/core/ai-concurrency";

describe("AdaptiveConcurrency", () => {
  it("starts at 16 (or the cap, if lower) and grows by one per answer up to the cap while Notion keeps up", () => {
    const control = new AdaptiveConcurrency({ cap: 30, now: () => 0 });
    expect(control.limit()).toBe(16);
    for (let i = 0; i < 3; i++) control.succeeded(false);
    expect(control.limit()).toBe(19);
    for (let i = 0; i < 20; i++) control.succeeded(false);
    expect(control.limit()).toBe(30);
    expect(new AdaptiveConcurrency({ cap: 2 }).limit()).toBe(2);
  });

  it("doesn't grow while Notion's budget is what holds the run back, and eases down instead", () => {
    const control = new AdaptiveConcurrency({ cap: 32, initial: 12, now: () => 0 });
    // Half a step per round of answers: about 2 after 4 rounds of 12.
    for (let i = 0; i < 48; i++) control.succeeded(true);
    expect(control.limit()).toBeGreaterThanOrEqual(9);
    expect(control.limit()).toBeLessThanOrEqual(10);
  });

  it("halves on the provider's 429/overload, once per event, and holds new starts for the retry hint", () => {
    let now = 1000;
    const control = new AdaptiveConcurrency({ cap: 32, initial: 16, now: () => now });
    control.overloaded(900, 20_000);
    expect(control.limit()).toBe(8);
    expect(control.holdMs()).toBe(20_000);
    // Generations that started before the cut fail too: the same event.
    control.overloaded(950, 20_000);
    control.overloaded(999);
    expect(control.limit()).toBe(8);
    expect(control.backoffs).toBe(1);
    now = 21_000;
    expect(control.holdMs()).toBe(0);
    // A later one (started after the cut) halves again.
    control.overloaded(5000);
    expect(control.limit()).toBe(4);
    // After a cut, growth is one per round (1/limit per answer), not one per answer.
    for (let i = 0; i < 3; i++) control.succeeded(false);
    expect(control.limit()).toBe(4);
    for (let i = 0; i < 2; i++) control.succeeded(false);
    expect(control.limit()).toBe(5);
  });

  it("never goes below 1", () => {
    let now = 0;
    const control = new AdaptiveConcurrency({ cap: 4, now: () => now });
    for (let i = 0; i < 10; i++) {
      now += 1;
      control.overloaded(now);
    }
    expect(control.limit()).toBe(1);
  });

  it("property: stays within 1..cap whatever happens", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.oneof(fc.constant("ok" as const), fc.constant("bound" as const), fc.record({ retry: fc.option(fc.integer({ min: 0, max: 60_000 })) })), { maxLength: 300 }),
        (cap, events) => {
          let now = 0;
          const control = new AdaptiveConcurrency({ cap, now: () => now });
          for (const event of events) {
            now += 100;
            if (event === "ok") control.succeeded(false);
            else if (event === "bound") control.succeeded(true);
            else control.overloaded(now - 50, event.retry ?? undefined);
            expect(control.limit()).toBeGreaterThanOrEqual(1);
            expect(control.limit()).toBeLessThanOrEqual(cap);
            expect(Number.isInteger(control.limit())).toBe(true);
          }
        },
      ),
    );
  });

  it("property: against a provider allowing k at once, settles near k with few refusals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 8, max: 64 }), (k, cap) => {
        let now = 0;
        const control = new AdaptiveConcurrency({ cap, now: () => now });
        let refusals = 0;
        const limits: number[] = [];
        // Rounds: `limit` generations start together; those beyond k are refused.
        for (let round = 0; round < 200; round++) {
          now += 5000;
          const n = control.limit();
          limits.push(n);
          for (let i = 0; i < n; i++) {
            if (i < k) control.succeeded(false);
            else {
              refusals++;
              control.overloaded(now - 1);
            }
          }
        }
        const settled = limits.slice(100);
        const mean = settled.reduce((a, b) => a + b, 0) / settled.length;
        const target = Math.min(k, cap);
        expect(mean).toBeGreaterThanOrEqual(Math.max(1, target * 0.6));
        expect(mean).toBeLessThanOrEqual(target + 1.5);
        // Refused generations: a fraction of the rounds, not of the generations.
        expect(refusals).toBeLessThanOrEqual(200 * 1.5);
      }),
    );
  });
});
