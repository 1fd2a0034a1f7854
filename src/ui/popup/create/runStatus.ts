import type { Run } from "../../../shared/storage/schema";

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** The one-line status of a run, as the Create tab shows it. `now` drives the rate-limit countdown. */
export function runStatusText(run: Run, now: number): string {
  const blocks = plural(run.blocksWritten, "block");
  const tokens = plural(run.outputTokens, "token");
  switch (run.status) {
    case "queued":
      return "Starting…";
    case "running": {
      const text = `Generating… ${tokens} received, ${blocks} written`;
      if (run.waitingUntil === undefined || run.waitingUntil <= now) return text;
      return `${text} — Notion asked us to wait, resuming in ${Math.ceil((run.waitingUntil - now) / 1000)}s`;
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
