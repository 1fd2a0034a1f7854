import { useEffect, useRef } from "preact/hooks";
import browser from "webextension-polyfill";

export const SYNC_DELAY_MS = 150;

/** True when a changed storage key is one of the given kinds ("connection:", "run:", "mirror", "settings"). */
export const matchesPrefix = (key: string, prefixes: readonly string[]): boolean => prefixes.some((prefix) => key.startsWith(prefix));

/**
 * Calls `onChange` when storage.local keys with one of `prefixes` change:
 * the worker, another popup or the options page wrote them. A run streams
 * many writes a second; they are batched into at most one call per `delayMs`,
 * and the last change always gets its call.
 */
export function useStorageChanges(prefixes: readonly string[], onChange: (keys: string[]) => void, delayMs = SYNC_DELAY_MS): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = prefixes.join("|");

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let changed = new Set<string>();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area !== "local") return;
      const keys = Object.keys(changes).filter((name) => matchesPrefix(name, prefixes));
      if (keys.length === 0) return;
      keys.forEach((name) => changed.add(name));
      // A throttle, not a debounce: a run saves its progress every 250 ms, so a
      // pause that restarts on each write would wait for the whole run to end.
      timer ??= setTimeout(() => {
        timer = undefined;
        const batch = [...changed];
        changed = new Set();
        callback.current(batch);
      }, delayMs);
    };
    browser.storage.onChanged.addListener(listener);
    return () => {
      clearTimeout(timer);
      browser.storage.onChanged.removeListener(listener);
    };
    // Re-subscribes only when the prefixes themselves change.
  }, [key, delayMs]);
}
