import type { Run } from "../../shared/storage/schema";
import type { BudgetGuard } from "./budget";

/** Connection-management hooks: the monthly budget, mirroring and the error log. All optional. */
export interface RunHooks {
  /** Refuses runs once the month's budget is reached, and meters database runs as they go. */
  budget?: BudgetGuard;
  /** After a run ended (its record saved): the connections mirror updates "Last run". */
  onRunEnded?: (run: Run) => void;
  /** A run ended with an error (already scrubbed): the diagnostics error log. */
  onRunFailed?: (error: { code: string; message: string }) => void;
  /**
   * Runs `task` with no pruning or "Clear all data" in progress or starting
   * meanwhile: a write to a run that isn't going (recording an Undo) can then
   * check the run is still stored and never brings back one that was removed.
   */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
}
