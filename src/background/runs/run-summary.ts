import type { RunSummary } from "../../shared/protocol/types";
import type { Run } from "../../shared/storage/schema";

/** A run as the in-Notion toast may see it: counts and status, nothing else. */
export function summarizeRun(run: Run): RunSummary {
  const rows = run.rows ?? [];
  const finished = run.status !== "running" && run.status !== "queued";
  return {
    runId: run.id,
    status: run.status,
    kind: run.kind,
    blocksWritten: run.blocksWritten,
    outputTokens: run.outputTokens,
    rowsTotal: rows.length,
    rowsDone: rows.filter((row) => row.state === "done").length,
    rowsFailed: rows.filter((row) => row.state === "failed").length,
    waitingUntil: run.waitingUntil ?? null,
    ...(run.waitingScope ? { waitingScope: run.waitingScope } : {}),
    error: run.error?.message ?? null,
    canUndo: finished && !run.undoneAt && (run.writtenBlockIds.length > 0 || rows.some((row) => row.state === "done")),
  };
}
