/**
 * One view of a run, for every surface that shows one: the popup's Create tab,
 * the connection details and list, the in-Notion toast (through the worker's
 * RunSummary), the Notion connections database's "Last result", notifications
 * and the toolbar badge. Each surface words it its own way; what a run is
 * (active or not, its outcome, what it wrote, whether Undo has anything to
 * remove) is decided here only.
 */
import type { RowState, Run, RunStatus } from "../shared/storage/schema";

/** True while a run is going: it can be cancelled, and neither undone, retried nor pruned. */
export const isRunActive = (run: Pick<Run, "status"> | null | undefined): boolean => run?.status === "running";

export interface RowCounts {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  /** A dry run's rows whose answer is ready to show (nothing written). */
  previewed: number;
  /** done + failed + skipped + previewed: rows the run has finished with. */
  finished: number;
  /** Rows not finished yet: waiting, or being generated or written. */
  unfinished: number;
}

/** A database run's rows by state (all zero for a page run). */
export function rowCounts(run: Pick<Run, "rows">): RowCounts {
  const rows = run.rows ?? [];
  const count = (state: RowState["state"]) => rows.filter((row) => row.state === state).length;
  const done = count("done");
  const failed = count("failed");
  const skipped = count("skipped");
  const previewed = count("previewed");
  const finished = done + failed + skipped + previewed;
  return { total: rows.length, done, failed, skipped, previewed, finished, unfinished: rows.length - finished };
}

/** How many rows (a page run, or a database run still finding its rows, counts as one) a run is filling; 0 once it ended. */
export function rowsBeingFilled(run: Pick<Run, "status" | "kind" | "rows"> | undefined): number {
  if (!run || !isRunActive(run)) return 0;
  if (run.kind === "page" || !run.rows) return 1;
  return rowCounts(run).unfinished;
}

/** A run's outcome: its status, except that a database run that succeeded with failed rows is "partial". */
export function runOutcome(run: Pick<Run, "status" | "rows">): RunStatus {
  if (run.status === "succeeded" && run.rows?.some((row) => row.state === "failed")) return "partial";
  return run.status;
}

/**
 * True when undoing the run would remove something: it ended, wasn't undone,
 * and wrote blocks (to the page, or to rows' bodies) or property values. A
 * row that failed after some of its blocks were written counts: undo removes those too; so does one
 * whose typed properties update went unanswered (it may have landed).
 */
export function canUndoRun(run: Pick<Run, "status" | "kind" | "undoneAt" | "writtenBlockIds" | "rows">): boolean {
  if (run.undoneAt !== undefined || isRunActive(run)) return false;
  if (run.kind === "page") return run.writtenBlockIds.length > 0;
  return (run.rows ?? []).some(
    (row) =>
      (row.blockIds?.length ?? 0) > 0 ||
      row.previousText !== undefined ||
      row.previousRichText !== undefined ||
      row.writtenProperties !== undefined ||
      row.state === "done" ||
      row.state === "written",
  );
}

/** The newest run Undo applies to (runs listed oldest first), or null. */
export function undoableRun<T extends Run>(runs: readonly T[]): T | null {
  for (let index = runs.length - 1; index >= 0; index--) {
    const run = runs[index]!;
    if (canUndoRun(run)) return run;
  }
  return null;
}
