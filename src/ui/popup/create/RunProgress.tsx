import { useEffect, useState } from "preact/hooks";
import { isRunActive, rowCounts } from "../../../core/run-view";
import type { Run } from "../../../shared/storage/schema";
import { BUDGET_REACHED, RaiseBudget } from "../../components/RaiseBudget";
import { errorMessage, request } from "../../messaging";
import { databaseRunStatusText, rowStateLabel, runStatusText } from "./runStatus";

interface RunProgressProps {
  run: Run;
  /** A new run started from here (Retry failed rows), for the tab to follow instead. */
  onStarted?: (run: Run) => void;
}

/**
 * Live status of a run (fed from storage by useRun), with Cancel while it goes
 * on. A database run also lists its rows, and offers to retry the failed ones.
 */
export function RunProgress({ run, onStarted }: RunProgressProps) {
  const [now, setNow] = useState(() => Date.now());
  // Both are about one run: keyed by its id, so a new run starts clean.
  const [cancellingId, setCancellingId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ runId: string; message: string } | null>(null);
  const [retryingId, setRetryingId] = useState<string | null>(null);
  const active = isRunActive(run);
  const cancelling = cancellingId === run.id;
  const errorText = actionError?.runId === run.id ? actionError.message : "";
  const database = run.kind === "database";
  const counts = rowCounts(run);

  // Ticks only while Notion makes us wait, for the countdown.
  const waitingUntil = active ? run.waitingUntil : undefined;
  useEffect(() => {
    setNow(Date.now());
    if (waitingUntil === undefined || waitingUntil <= Date.now()) return;
    const interval = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= waitingUntil) clearInterval(interval);
    }, 1_000);
    return () => clearInterval(interval);
  }, [waitingUntil]);

  const cancel = async () => {
    const runId = run.id;
    setCancellingId(runId);
    setActionError(null);
    try {
      // The run's own status then says "Cancelled" (or how it ended first).
      await request("run.cancel", { runId });
    } catch (error) {
      setActionError({ runId, message: errorMessage(error) });
      setCancellingId(null);
    }
  };

  const retry = async () => {
    const runId = run.id;
    setRetryingId(runId);
    setActionError(null);
    try {
      const next = await request("run.retryFailed", { runId });
      onStarted?.(next);
    } catch (error) {
      setActionError({ runId, message: errorMessage(error) });
    } finally {
      setRetryingId(null);
    }
  };

  const failedSome = database && counts.failed > 0;
  const tone =
    run.status === "failed" || run.status === "partial" || (!active && failedSome) ? "error" : run.status === "succeeded" ? "ok" : active ? "busy" : "";
  // A database run's ETA is worked out at each update from the time so far.
  const text = database ? databaseRunStatusText(run, Math.max(now, Date.now())) : runStatusText(run, now);
  return (
    <section class="run" aria-label="Progress">
      <div class="row">
        <p id="run-status" role="status" class={`run-status ${tone}`}>
          {text}
        </p>
        {active && (
          <button type="button" id="cancel-run" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? "Cancelling…" : "Cancel"}
          </button>
        )}
        {!active && failedSome && (
          <button type="button" id="retry-failed" onClick={() => void retry()} disabled={retryingId === run.id}>
            Retry failed rows
          </button>
        )}
      </div>
      {errorText && (
        <p role="alert" class="error">
          {errorText}
        </p>
      )}
      {run.status === "failed" && run.error?.code === BUDGET_REACHED && <RaiseBudget />}
      {database && run.rows && run.rows.length > 0 && (
        <ol id="row-list" class="row-list">
          {run.rows.map((row) => (
            <li key={row.rowId} data-row-id={row.rowId} data-state={row.state}>
              <span class="row-title">{row.title || "Untitled"}</span>
              <span class={`row-state ${row.state}`}>{rowStateLabel(row, active)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
