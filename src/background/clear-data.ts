import type { TypedStore } from "../shared/storage/store";
import type { RunManager } from "./run-manager";

export interface ClearDataDeps {
  runs: Pick<RunManager, "stopAll" | "resume">;
  /** Resolves once the connections mirror has nothing in flight (it writes its own bookkeeping key). */
  mirrorSettled: () => Promise<void>;
  store: Pick<TypedStore, "clearAll">;
}

/**
 * "Clear all data": stops every run first (no new one may start meanwhile, and
 * nothing of the stopped ones is written afterwards), lets the mirror finish
 * what it was doing, then empties storage and lays down fresh defaults.
 */
export async function clearAllData({ runs, mirrorSettled, store }: ClearDataDeps): Promise<void> {
  await runs.stopAll();
  try {
    await mirrorSettled();
    await store.clearAll();
  } finally {
    runs.resume();
  }
}
