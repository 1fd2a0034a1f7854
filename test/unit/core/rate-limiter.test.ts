import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../../src/core/rate-limiter";

/** A bucket on a hand-driven clock. */
function bucket(ratePerSecond = 3, burst = 3) {
  let now = 1_000_000;
  const b = new TokenBucket({ ratePerSecond, burst, now: () => now });
  return { b, advance: (ms: number) => (now += ms), at: () => now };
}

describe("TokenBucket", () => {
  it("starts full: a burst goes out at once, then one token per 1/rate s", () => {
    const { b } = bucket(3, 3);
    expect([b.take(), b.take(), b.take()]).toEqual([0, 0, 0]);
    expect(b.wait()).toBe(334); // 333.3 ms, rounded up so a timer never fires early
  });

  it("take() reserves: each caller gets its own later slot", () => {
    const { b } = bucket(3, 3);
    for (let i = 0; i < 3; i++) b.take();
    expect([b.take(), b.take(), b.take()]).toEqual([334, 667, 1000]);
  });

  it("wait() reserves nothing", () => {
    const { b } = bucket(3, 1);
    b.take();
    expect(b.wait()).toBe(334);
    expect(b.wait()).toBe(334);
    expect(b.take()).toBe(334);
    expect(b.wait()).toBe(667);
  });

  it("waiting the announced time always yields a token", () => {
    const { b, advance } = bucket(3, 1);
    b.take();
    for (let i = 0; i < 50; i++) {
      const wait = b.wait();
      expect(wait).toBeGreaterThan(0);
      advance(wait);
      expect(b.take()).toBe(0);
    }
  });

  it("refills up to burst, never beyond", () => {
    const { b, advance } = bucket(2, 4);
    for (let i = 0; i < 4; i++) b.take();
    advance(60_000);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([0, 0, 0, 0]);
    expect(b.take()).toBe(500);
  });

  it("pauseUntil holds every take until then, and resumes with one token, not a burst", () => {
    const { b, advance, at } = bucket(3, 3);
    b.pauseUntil(at() + 2000);
    expect(b.wait()).toBe(2000);
    expect(b.pausedUntil()).toBe(at() + 2000);
    advance(1999);
    expect(b.wait()).toBe(1);
    advance(1);
    expect(b.pausedUntil()).toBeUndefined();
    expect(b.take()).toBe(0);
    expect(b.wait()).toBe(334);
  });

  it("a shorter or past pause doesn't shorten a longer one", () => {
    const { b, at } = bucket();
    b.pauseUntil(at() + 3000);
    b.pauseUntil(at() + 1000);
    b.pauseUntil(at() - 1000);
    expect(b.wait()).toBe(3000);
    expect(b.pausedUntil()).toBe(at() + 3000);
  });

  it("a pause doesn't cancel a reservation that ends later", () => {
    const { b, at } = bucket(1, 1);
    b.take();
    expect(b.take()).toBe(1000); // reserved for +1000
    b.pauseUntil(at() + 500);
    expect(b.wait()).toBe(2000); // the next free token comes after the reserved one
  });

  it("rejects nonsense settings", () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: Infinity, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 3, burst: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 3, burst: 1.5 })).toThrow(RangeError);
  });

  it("property: whoever waits as told, no 1 s window holds more than burst + rate takes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 80 }),
        (rate, burst, gaps) => {
          const { b, advance, at } = bucket(rate, burst);
          const starts: number[] = [];
          for (const gap of gaps) {
            advance(gap);
            const wait = b.wait();
            if (wait > 0) advance(wait);
            expect(b.take()).toBe(0);
            starts.push(at());
          }
          expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(burst + rate);
        },
      ),
      { numRuns: 300 },
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
