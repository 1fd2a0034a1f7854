/**
 * Transport and timing: sends one attempt of a job over the real fetch, with
 * its own timeout from the moment it is sent, and aborts it with the job.
 */
import type { Job } from "./admission";
import { abortError } from "./errors";

/** One attempt's result: Notion's answer, or the error fetch threw (and whether our timeout caused it). */
export type Outcome = { response: Response } | { error: unknown; timedOut: boolean };

/** Must reject (with anything) when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Wire {
  fetch: typeof fetch;
  sleep: Sleep;
  /** Per attempt, from the moment it is sent. */
  timeoutMs: number;
}

/** Sends `job` once. Never rejects: a failure is an outcome. */
export async function sendAttempt(job: Job, wire: Wire): Promise<Outcome> {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const onAbort = () => controller.abort();
  job.abort.signal.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  wire.sleep(wire.timeoutMs, stopTimer.signal).then(
    () => {
      timedOut = true;
      controller.abort();
    },
    () => {},
  );
  try {
    return { response: await wire.fetch(job.url, { ...job.init, signal: controller.signal }) };
  } catch (error) {
    return { error, timedOut };
  } finally {
    stopTimer.abort();
    job.abort.signal.removeEventListener("abort", onAbort);
  }
}

/** The real fetch, called unbound as a service worker requires. */
export const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
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
