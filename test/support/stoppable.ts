/**
 * A worker that can be stopped at an exact point, for crash-point tests.
 *
 * Every completed storage write and every Notion write that got its answer is
 * one "boundary". `stopAt(k)` stops the worker right after boundary k: the
 * write happened (in storage, or in Notion), but from then on nothing the old
 * runner does completes — no storage call, no Notion request, no answer
 * (a Notion write's own answer included). That is what a browser stopping the
 * service worker looks like to Notion and to storage. A new runner is then
 * started over the same storage and emulator.
 */
import type { Storage } from "webextension-polyfill";

const never = <T>() => new Promise<T>(() => {});

export class StopSwitch {
  boundaries = 0;
  stopped = false;
  private stopAfter = Number.POSITIVE_INFINITY;

  stopAt(boundary: number): void {
    this.stopAfter = boundary;
  }

  private passed(): boolean {
    this.boundaries++;
    if (this.boundaries >= this.stopAfter) this.stopped = true;
    return this.stopped;
  }

  /** The storage area as the stoppable worker sees it. */
  storage(area: Storage.StorageArea): Storage.StorageArea {
    const guard = async <T>(call: () => Promise<T>, boundary: boolean): Promise<T> => {
      if (this.stopped) return never();
      const result = await call();
      if (boundary && this.passed()) return never();
      if (this.stopped) return never();
      return result;
    };
    return {
      ...area,
      get: (keys?: unknown) => guard(() => area.get(keys as never), false),
      set: (items: Record<string, unknown>) => guard(() => area.set(structuredClone(items)), true),
      remove: (keys: string | string[]) => guard(() => area.remove(keys), true),
      clear: () => guard(() => area.clear(), true),
    } as Storage.StorageArea;
  }

  /** Notion's fetch as the stoppable worker sees it. */
  fetch(base: typeof fetch): typeof fetch {
    return async (input, init) => {
      if (this.stopped) return never();
      const response = await base(input, init);
      const method = (init?.method ?? "GET").toUpperCase();
      if ((method !== "GET" && this.passed()) || this.stopped) {
        // The stopped worker never reads it; its connection lets go of it (an unread HTTP/2 body would hold the session's window).
        void response.body?.cancel().catch(() => undefined);
        return never();
      }
      return response;
    };
  }
}

/**
 * What Chromium does over HTTP/1.1 keep-alive: a request whose reused
 * connection drops before any answer is sent again, once, on a new
 * connection, and the page sees only the second answer. (Over HTTP/2 the
 * page gets the network error.)
 */
export function resendingLikeHttp1(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await base(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      return base(input, init);
    }
  };
}
