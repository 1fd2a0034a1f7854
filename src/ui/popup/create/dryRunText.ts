import type { RowState, Run, RunEstimate } from "../../../shared/storage/schema";
import { plural } from "./runStatus";

const count = (value: number) => value.toLocaleString("en-US");

/** The dry run's one-line status: nothing is ever written by it, and it says so. */
export function dryRunStatusText(run: Run, active: boolean): string {
  const rows = run.rows ?? [];
  const previewed = rows.filter((row) => row.state === "previewed").length;
  const failed = rows.filter((row) => row.state === "failed").length;
  if (active) return rows.length === 0 ? "Finding the ticked rows…" : `Previewing row ${Math.min(rows.length, previewed + failed + 1)} of ${rows.length}… Nothing is written.`;
  if (run.status === "failed") return run.error?.message ?? "The preview failed.";
  if (run.status === "cancelled") return "Preview cancelled. Nothing was written.";
  return `Preview: ${plural(previewed, "row")} ready, ${failed} failed. Nothing was written to Notion.`;
}

/** "Failed: …", "Refused: …", "Skipped: …" for a row that has nothing to show. */
export function rowProblem(row: RowState): string | null {
  if (row.state === "failed") return `${row.refused ? "Refused" : "Failed"}${row.reason ? `: ${row.reason}` : "."}`;
  if (row.state === "skipped") return `Skipped${row.reason ? `: ${row.reason}` : "."}`;
  return null;
}

/** The whole run's estimate: rows, tokens, and the cost when the model has a price. */
export function estimateText(estimate: RunEstimate): string {
  const rows = `${count(estimate.rows)}${estimate.rowsIsLowerBound ? "+" : ""} ticked ${estimate.rows === 1 && !estimate.rowsIsLowerBound ? "row" : "rows"}`;
  const tokens = `about ${count(estimate.inputTokens)} input and ${count(estimate.outputTokens)} output tokens`;
  const cost =
    estimate.cost === null
      ? "no price is set for this model (add one under Usage → Price estimates)"
      : `about ${estimate.cost.toLocaleString("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: estimate.cost < 1 ? 4 : 2 })}`;
  return `The whole run (${rows}): ${tokens}, ${cost}.`;
}
