import { rowCounts, type RowCounts } from "../../../core/run-view";
import { waitNotice } from "../../../core/wait-notice";
import type { RowState, Run } from "../../../shared/storage/schema";

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** The one-line status of a run, as the Create tab shows it. `now` drives the rate-limit countdown. */
export function runStatusText(run: Run, now: number): string {
  const blocks = plural(run.blocksWritten, "block");
  const tokens = plural(run.outputTokens, "token");
  switch (run.status) {
    case "running": {
      const text = `Generating… ${tokens} received, ${blocks} written`;
      if (run.waitingUntil === undefined || run.waitingUntil <= now) return text;
      return `${text} — ${waitNotice(run.waitingUntil, now, run.waitingScope)}`;
    }
    case "succeeded":
      return `Done: ${blocks} written (${tokens}).`;
    case "cancelled":
      return run.blocksWritten === 0
        ? "Cancelled before anything was written."
        : `Cancelled. ${blocks} already written ${run.blocksWritten === 1 ? "stays" : "stay"} in the page.`;
    case "partial":
      return `Partial: the answer stopped halfway; ${blocks} written.`;
    case "failed":
      return run.error?.message ?? "The run failed.";
  }
}

/** "45s" under a minute and a half, "3 min" above. */
export function formatDuration(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))}s` : `${Math.round(seconds / 60)} min`;
}

/** Seconds left, from the average time per finished row since the run started; null until a row has finished. */
export function etaSeconds(run: Run, counts: RowCounts, now: number): number | null {
  if (counts.finished === 0 || counts.finished >= counts.total) return null;
  const perRow = Math.max(0, now - run.startedAt) / counts.finished;
  return (perRow * (counts.total - counts.finished)) / 1000;
}

/** The one-line status of a database run. */
export function databaseRunStatusText(run: Run, now: number): string {
  const counts = rowCounts(run);
  const summary = (prefix: string) =>
    `${prefix}: ${plural(counts.done, "row")} written, ${counts.failed} failed, ${counts.skipped} skipped. ${plural(run.outputTokens, "token")}.`;
  switch (run.status) {
    case "running": {
      if (counts.total === 0) return "Finding the ticked rows…";
      const parts = [`Row ${counts.finished} of ${counts.total}`];
      if (counts.failed > 0) parts.push(`${counts.failed} failed`);
      const eta = etaSeconds(run, counts, now);
      if (eta !== null) parts.push(`about ${formatDuration(eta)} left`);
      if (run.waitingUntil !== undefined && run.waitingUntil > now) parts.push(waitNotice(run.waitingUntil, now, run.waitingScope));
      return parts.join(" — ");
    }
    case "succeeded":
    case "partial":
      return summary("Done");
    case "cancelled":
      return summary("Cancelled");
    case "failed":
      return run.error?.message ?? summary("Failed");
  }
}

const ROW_STATE_LABELS: Record<RowState["state"], string> = {
  pending: "Waiting",
  generating: "Generating",
  generated: "Writing",
  writing: "Writing",
  written: "Writing",
  patching: "Writing",
  done: "Done",
  failed: "Failed",
  skipped: "Skipped",
  previewed: "Previewed",
};

/** A row's state as the list shows it; rows a finished run never reached say so instead of "Waiting". */
export function rowStateLabel(row: RowState, runActive = true): string {
  let label = ROW_STATE_LABELS[row.state];
  if (!runActive && row.state === "pending") label = "Not run";
  else if (!runActive && (row.state === "generating" || row.state === "generated" || row.state === "written")) label = "Stopped";
  if (row.state === "failed" && row.refused) label = "Refused";
  if ((row.state === "failed" || row.state === "skipped") && row.reason) label = `${label}: ${row.reason}`;
  if (row.truncated) label = `${label} (truncated)`;
  // The row's own content ({{Page content}}) was sent only up to the connection's cap.
  return row.contentTruncated ? `${label} (its content was cut to the cap)` : label;
}
