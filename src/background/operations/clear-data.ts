import type { TypedStore } from "../../shared/storage/store";
import type { RunManager } from "../runs/run-manager";

export interface ClearDataDeps {
  runs: Pick<RunManager, "stopAll" | "resume">;
  /** Resolves once the connections mirror has nothing in flight (it writes its own bookkeeping key). */
  mirrorSettled: () => Promise<void>;
  store: Pick<TypedStore, "clearAll">;
  /** Holds off pruning and the recording of an Undo while storage is emptied. */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * "Clear all data": stops every run first (no new one may start meanwhile, and
 * nothing of the stopped ones is written afterwards), lets the mirror finish
 * what it was doing, then empties storage and lays down fresh defaults. The
 * mirror is waited for once the lock is held, right before the clear: waiting
 * for the lock (a prune going on) gives it time to start another write, which
 * would otherwise land after the clear.
 */
export async function clearAllData({ runs, mirrorSettled, store, exclusive = (task) => task() }: ClearDataDeps): Promise<void> {
  await runs.stopAll();
  try {
    await exclusive(async () => {
      await mirrorSettled();
      await store.clearAll();
    });
  } finally {
    runs.resume();
  }
}
