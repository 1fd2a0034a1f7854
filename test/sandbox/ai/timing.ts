/**
 * When tokens leave the emulator. Token i (0-based) is due at
 * `ttftMs + i * 1000 / tokensPerSecond` after the request arrived; tokens go
 * out in batches of `tokensPerEvent` (real APIs batch: Gemini sends a few
 * dozen characters per chunk, OpenAI about one token per delta), and a batch
 * leaves when its last token is due. `ttftMs: 0, tokensPerSecond: Infinity`
 * streams everything at once, for fast tests.
 */
export interface Timing {
  /** Delay before the first token, in ms. */
  ttftMs: number;
  /** Generation speed; Infinity means no delay between tokens. */
  tokensPerSecond: number;
  /** Tokens per SSE event (at least 1). */
  tokensPerEvent: number;
}

/** A plausible live pace, for manual runs against the sandbox. */
export const REALISTIC_TIMING: Omit<Timing, "tokensPerEvent"> = { ttftMs: 600, tokensPerSecond: 120 };

/** Instant streaming: the default, so that tests are fast unless they ask otherwise. */
export const INSTANT_TIMING: Omit<Timing, "tokensPerEvent"> = { ttftMs: 0, tokensPerSecond: Infinity };

export function checkTiming(timing: Timing): Timing {
  if (!(timing.ttftMs >= 0) || !Number.isFinite(timing.ttftMs)) throw new RangeError(`ttftMs must be a finite number >= 0, got ${timing.ttftMs}`);
  if (!(timing.tokensPerSecond > 0)) throw new RangeError(`tokensPerSecond must be > 0 (or Infinity), got ${timing.tokensPerSecond}`);
  if (!Number.isInteger(timing.tokensPerEvent) || timing.tokensPerEvent < 1) {
    throw new RangeError(`tokensPerEvent must be an integer >= 1, got ${timing.tokensPerEvent}`);
  }
  return timing;
}

/** Milliseconds after the start at which token `index` is due. */
export function dueAt(timing: Timing, index: number): number {
  const perToken = Number.isFinite(timing.tokensPerSecond) ? 1000 / timing.tokensPerSecond : 0;
  return timing.ttftMs + index * perToken;
}

/** Resolves after `ms`, or early (with false) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Yields the tokens in batches, each when it is due relative to `startedAt`
 * (a `performance.now()` reading). Stops early, without yielding, once the
 * signal aborts (the client went away).
 */
export async function* pace(tokens: readonly string[], timing: Timing, startedAt: number, signal: AbortSignal): AsyncGenerator<string[]> {
  for (let i = 0; i < tokens.length; i += timing.tokensPerEvent) {
    const batch = tokens.slice(i, i + timing.tokensPerEvent);
    const wait = startedAt + dueAt(timing, i + batch.length - 1) - performance.now();
    if (!(await sleep(wait, signal))) return;
    if (signal.aborted) return;
    yield batch;
  }
}
