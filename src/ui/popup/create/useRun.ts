import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { runKey, type Run } from "../../../shared/storage/schema";
import { readStoredRun, runFromStorage } from "../../stored";

/**
 * Follows one run through storage.local: the worker persists every step of a
 * run under run:<id>, so the popup can close and reopen without missing any.
 * `initial` (e.g. what run.start returned) shows until storage answers.
 */
export function useRun(runId: string | undefined, initial?: Run): Run | null {
  const [run, setRun] = useState<Run | null>(initial && initial.id === runId ? initial : null);

  useEffect(() => {
    setRun(initial && initial.id === runId ? initial : null);
    if (!runId) return;
    const key = runKey(runId);
    let active = true;
    // A change that arrives before the initial read answers is newer than it.
    let changed = false;
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== "local" || !(key in changes)) return;
      changed = true;
      setRun(runFromStorage(runId, changes[key]?.newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
    readStoredRun(runId).then(
      (stored) => {
        if (active && !changed && stored) setRun(stored);
      },
      () => undefined,
    );
    return () => {
      active = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
    // Only a new run id restarts this: `initial` seeds it, later renders must not reset what storage said.
  }, [runId]);

  return run;
}
