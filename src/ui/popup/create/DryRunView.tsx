import { useState } from "preact/hooks";
import type { Run } from "../../../shared/storage/schema";
import { BUDGET_REACHED, RaiseBudget } from "../../components/RaiseBudget";
import { errorMessage, request } from "../../messaging";
import { dryRunStatusText, estimateText, rowProblem } from "./dryRunText";
import { RowPreviewView } from "./RowPreviewView";
import { isRunActive } from "../../../core/run-view";

export const WRITE_THESE = "Write these";

interface DryRunViewProps {
  run: Run;
  /** The run that writes the previews, for the tab to follow instead. */
  onStarted: (run: Run) => void;
}

/**
 * A dry run ("Preview without writing"): per row, exactly what would be
 * written, or why the row failed; the whole run's estimate; then "Write these",
 * which writes exactly what was previewed, with no second generation.
 */
export function DryRunView({ run, onStarted }: DryRunViewProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const active = isRunActive(run);
  const rows = run.rows ?? [];
  const previewed = rows.filter((row) => row.state === "previewed" && row.preview).length;

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError("");
    try {
      await work();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const write = () => act(async () => onStarted(await request("run.writePreview", { runId: run.id })));
  const cancel = () => act(async () => void (await request("run.cancel", { runId: run.id })));

  return (
    <section class="run dry-run" aria-label="Preview without writing">
      <div class="row">
        <p id="run-status" role="status" class={`run-status ${active ? "busy" : run.status === "failed" ? "error" : "ok"}`}>
          {dryRunStatusText(run, active)}
        </p>
        {active && (
          <button type="button" id="cancel-run" onClick={() => void cancel()} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
      {run.status === "failed" && run.error?.code === BUDGET_REACHED && <RaiseBudget />}
      {rows.length > 0 && (
        <ol id="dry-run-rows" class="dry-run-rows">
          {rows.map((row) => {
            const problem = rowProblem(row);
            return (
              <li key={row.rowId} data-row-id={row.rowId} data-state={row.state} class="stack-tight">
                <strong class="row-title">{row.title || "Untitled"}</strong>
                {row.preview && row.state === "previewed" && <RowPreviewView preview={row.preview} />}
                {problem && <p class="error">{problem}</p>}
                {row.contentTruncated && <p class="hint">The row's content was cut to the connection's content cap before it was sent.</p>}
                {row.retried && row.state === "previewed" && <p class="hint">The first answer didn't fit the properties; this is the corrected second one.</p>}
              </li>
            );
          })}
        </ol>
      )}
      {run.estimate && (
        <p id="dry-run-estimate" class="hint">
          {estimateText(run.estimate)}
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!active && previewed > 0 && (
        <div class="row">
          {run.writtenBy ? (
            <span class="muted">These previews were written.</span>
          ) : (
            <button type="button" class="primary" id="write-previewed" onClick={() => void write()} disabled={busy}>
              {WRITE_THESE}
            </button>
          )}
          <span class="hint">Writes exactly what is shown above ({previewed === 1 ? "1 row" : `${previewed} rows`}), with no new generation.</span>
        </div>
      )}
    </section>
  );
}
