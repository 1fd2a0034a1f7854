import { useState } from "preact/hooks";
import { runOutcome } from "../../core/run-view";
import type { Run } from "../../shared/storage/schema";
import { formatNumber, relativeTime, runResultLabel, writtenSummary } from "./model";

/** Runs listed before "Show more". */
export const HISTORY_PAGE = 20;

/** The runs newest first, HISTORY_PAGE at a time, each with its result, what it wrote, tokens, engine and any note. */
export function RunHistory({ runs, now }: { runs: readonly Run[]; now: number }) {
  const [shown, setShown] = useState(HISTORY_PAGE);
  const history = [...runs].reverse();
  return (
    <section aria-labelledby="history-heading">
      <h3 id="history-heading">Run history</h3>
      {history.length === 0 ? (
        <p class="muted">Not run yet.</p>
      ) : (
        <div class="table-wrap">
          <table id="run-history" class="data">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col">Written</th>
                <th scope="col">Tokens in / out</th>
                <th scope="col">Engine</th>
              </tr>
            </thead>
            <tbody>
              {history.slice(0, shown).map((run) => (
                <RunRow key={run.id} run={run} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.length > shown && (
        <button type="button" class="link" onClick={() => setShown(shown + HISTORY_PAGE)}>
          Show more
        </button>
      )}
    </section>
  );
}

function RunRow({ run, now }: { run: Run; now: number }) {
  const result = runOutcome(run);
  const note = run.error?.message ?? run.notice ?? "";
  return (
    <>
      <tr data-run-id={run.id}>
        <td title={new Date(run.startedAt).toLocaleString()}>{relativeTime(run.startedAt, now)}</td>
        <td class={`result ${result}`}>
          {runResultLabel(run)}
          {run.trigger === "automatic" && <span class="tag automatic"> · automatic</span>}
          {run.undoneAt !== undefined && " (undone)"}
        </td>
        <td>{writtenSummary(run)}</td>
        <td>
          {formatNumber(run.inputTokens)} / {formatNumber(run.outputTokens)}
        </td>
        <td>
          {run.engine} · {run.model}
        </td>
      </tr>
      {note && (
        <tr class="run-note">
          <td colSpan={5} class={run.error ? "error" : "muted"}>
            {note}
          </td>
        </tr>
      )}
    </>
  );
}
