import { useState } from "preact/hooks";
import type { UsageSummary } from "../../shared/protocol/types";
import { relativeTime, statusLabel } from "../connections/model";
import { formatCost, formatCount } from "./format";

/** Runs listed before "Show more". */
export const RUNS_PAGE = 15;

/** Each run newest first, with its tokens and cost, and how many runs are kept. */
export function UsageRuns({ summary, now }: { summary: UsageSummary; now: number }) {
  const [runsShown, setRunsShown] = useState(RUNS_PAGE);
  return (
    <section aria-labelledby="usage-runs-heading">
      <h3 id="usage-runs-heading">Runs</h3>
      {summary.retention && (
        <p id="usage-retention" class="hint">
          Inkwell keeps the last {summary.retention.runsKeptPerConnection} runs of each connection (and none of a deleted connection once it leaves the trash). Older
          runs are removed from this browser; their usage stays in every total above
          {summary.retention.prunedRuns > 0 ? ` (${formatCount(summary.retention.prunedRuns)} ${summary.retention.prunedRuns === 1 ? "run" : "runs"} removed so far)` : ""}.
        </p>
      )}
      {summary.runs.length === 0 ? (
        <p class="muted">No runs yet.</p>
      ) : (
        <ol id="usage-runs" class="usage-runs">
          {[...summary.runs]
            .sort((a, b) => b.startedAt - a.startedAt)
            .slice(0, runsShown)
            .map((run) => (
              <li key={run.runId} data-run-id={run.runId}>
                <span class="grow">
                  {run.connectionName} <span class="hint">· {relativeTime(run.startedAt, now)} · {statusLabel(run.status)}{run.automatic ? " · automatic" : ""}</span>
                </span>
                <span class="hint" title={`${run.engine} · ${run.model}`}>
                  {formatCount(run.inputTokens)} in / {formatCount(run.outputTokens)} out · {formatCost(run.estimatedCost)}
                </span>
              </li>
            ))}
        </ol>
      )}
      {summary.runs.length > runsShown && (
        <button type="button" class="link" onClick={() => setRunsShown(runsShown + RUNS_PAGE)}>
          Show more
        </button>
      )}
    </section>
  );
}
