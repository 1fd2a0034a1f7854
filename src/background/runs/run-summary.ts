import { canUndoRun, rowCounts, runOutcome } from "../../core/run-view";
import type { RunSummary } from "../../shared/protocol/types";
import type { Run } from "../../shared/storage/schema";

/** A run as the in-Notion toast may see it: counts and status, nothing else (the run view decides each). */
export function summarizeRun(run: Run): RunSummary {
  const rows = rowCounts(run);
  const dry = run.mode === "dry";
  return {
    runId: run.id,
    status: runOutcome(run),
    kind: run.kind,
    blocksWritten: run.blocksWritten,
    outputTokens: run.outputTokens,
    rowsTotal: rows.total,
    rowsDone: dry ? rows.previewed : rows.done,
    rowsFailed: rows.failed,
    ...(dry ? { dry: true as const } : {}),
    waitingUntil: run.waitingUntil ?? null,
    ...(run.waitingScope ? { waitingScope: run.waitingScope } : {}),
    error: run.error?.message ?? null,
    canUndo: canUndoRun(run),
  };
}
