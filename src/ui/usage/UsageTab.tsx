import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { SettingsView, UsageSummary, UsageTotals } from "../../shared/protocol/types";
import { RUN_KEY_PREFIX, USAGE_ARCHIVE_KEY } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { relativeTime, statusLabel } from "../connections/model";
import { useStorageChanges } from "../storageSync";
import { costTitle, formatCost, formatCount, monthName } from "./format";
import { PriceTable } from "./PriceTable";

/** Runs listed before "Show more". */
export const RUNS_PAGE = 15;
/** A streaming run writes often; usage is re-read at most this often. */
export const USAGE_REFRESH_MS = 1_000;

interface UsageTabProps {
  /** Bumped to bring the budget field into view and focus it ("Raise the monthly budget"). */
  focusBudget?: number;
}

type Loaded = { state: "loading" } | { state: "ready"; summary: UsageSummary; view: SettingsView } | { state: "error"; message: string };

/**
 * Usage: prompts and tokens this month and in all, per connection, per run and
 * per month, with costs estimated from the user's own price table, and the
 * optional monthly budget.
 *
 * Stable hooks: #budget-banner (role alert when the budget is reached),
 * #usage-totals, input #usage-budget (label "Monthly budget (US$)"), button
 * "Save budget", #budget-status, #budget-spent, #usage-by-connection,
 * #usage-runs, #usage-retention (how many runs are kept), #usage-months, and
 * the price table (see PriceTable).
 */
export function UsageTab({ focusBudget = 0 }: UsageTabProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [runsShown, setRunsShown] = useState(RUNS_PAGE);

  const load = useCallback(async () => {
    try {
      const [summary, view] = await Promise.all([request("usage.summary", {}), request("settings.get", {})]);
      setLoaded({ state: "ready", summary, view });
    } catch (failure) {
      setLoaded((current) => (current.state === "ready" ? current : { state: "error", message: errorMessage(failure) }));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useStorageChanges([RUN_KEY_PREFIX, "settings", "connection:", USAGE_ARCHIVE_KEY], () => void load(), USAGE_REFRESH_MS);

  const ready = loaded.state === "ready";
  useEffect(() => {
    if (!focusBudget || !ready) return;
    const field = document.getElementById("usage-budget");
    field?.scrollIntoView?.({ block: "center" });
    field?.focus();
  }, [focusBudget, ready]);

  if (loaded.state === "loading") return <p class="muted">Loading…</p>;
  if (loaded.state === "error") {
    return (
      <div class="stack">
        <p role="alert" class="error">
          {loaded.message}
        </p>
        <div class="row">
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      </div>
    );
  }

  const { summary, view } = loaded;
  const now = Date.now();
  return (
    <div class="stack usage">
      {summary.budget.reached && summary.budget.monthly !== null && (
        <p id="budget-banner" role="alert" class="notice error">
          This month's budget is reached: {formatCost(summary.budget.spent)} of {formatCost(summary.budget.monthly)} (estimated). Runs are stopped until next month, or raise the budget below.
        </p>
      )}
      <section aria-labelledby="usage-totals-heading">
        <h3 id="usage-totals-heading">Totals</h3>
        <table id="usage-totals" class="data">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Prompts</th>
              <th scope="col">Tokens in</th>
              <th scope="col">Tokens out</th>
              <th scope="col">Est. cost</th>
            </tr>
          </thead>
          <tbody>
            <TotalsRow label={`This month (${monthName(summary.month)})`} totals={summary.thisMonth} id="usage-this-month" />
            <TotalsRow label="All time" totals={summary.allTime} id="usage-all-time" />
          </tbody>
        </table>
      </section>
      <BudgetField monthly={view.settings.usage.monthlyBudget} spent={summary.budget.spent} onSaved={() => void load()} />
      <section aria-labelledby="usage-connections-heading">
        <h3 id="usage-connections-heading">Per connection</h3>
        {summary.byConnection.length === 0 ? (
          <p class="muted">Nothing generated yet.</p>
        ) : (
          <div class="table-wrap">
            <table id="usage-by-connection" class="data">
              <thead>
                <tr>
                  <th scope="col">Connection</th>
                  <th scope="col">Prompts</th>
                  <th scope="col">In / out</th>
                  <th scope="col">Est. cost</th>
                </tr>
              </thead>
              <tbody>
                {summary.byConnection.map((row) => (
                  <tr key={row.connectionId} data-connection-id={row.connectionId}>
                    <td>
                      {row.name}
                      {row.deleted && <span class="hint"> (deleted)</span>}
                    </td>
                    <UsageCells totals={row} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
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
      <section aria-labelledby="usage-months-heading">
        <h3 id="usage-months-heading">Months</h3>
        {summary.months.length === 0 ? (
          <p class="muted">No months yet.</p>
        ) : (
          <table id="usage-months" class="data">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Prompts</th>
                <th scope="col">In / out</th>
                <th scope="col">Est. cost</th>
              </tr>
            </thead>
            <tbody>
              {[...summary.months]
                .sort((a, b) => b.month.localeCompare(a.month))
                .map((row) => (
                  <tr key={row.month}>
                    <td>{monthName(row.month)}</td>
                    <UsageCells totals={row} />
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </section>
      <PriceTable prices={view.settings.usage.prices} unpriced={summary.unpricedModels} onSaved={() => void load()} />
    </div>
  );
}

/** Prompts, tokens in / out and estimated cost: the columns the per-connection and per-month tables share. */
function UsageCells({ totals }: { totals: UsageTotals }) {
  return (
    <>
      <td>{formatCount(totals.prompts)}</td>
      <td>
        {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
      </td>
      <td title={costTitle(totals)}>{formatCost(totals.estimatedCost)}</td>
    </>
  );
}

function TotalsRow({ label, totals, id }: { label: string; totals: UsageTotals; id: string }) {
  return (
    <tr id={id}>
      <th scope="row">{label}</th>
      <td>{formatCount(totals.prompts)}</td>
      <td>{formatCount(totals.inputTokens)}</td>
      <td>{formatCount(totals.outputTokens)}</td>
      <td title={costTitle(totals)}>{formatCost(totals.estimatedCost)}</td>
    </tr>
  );
}

interface BudgetFieldProps {
  monthly: number | null;
  spent: number;
  onSaved: () => void;
}

/** The optional monthly budget in estimated dollars; empty means none. */
function BudgetField({ monthly, spent, onSaved }: BudgetFieldProps) {
  const [value, setValue] = useState(monthly === null ? "" : String(monthly));
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const edited = useRef(false);
  useEffect(() => {
    if (!edited.current) setValue(monthly === null ? "" : String(monthly));
  }, [monthly]);

  const save = async () => {
    const text = value.trim();
    const amount = text === "" ? null : Number(text);
    if (amount !== null && (!Number.isFinite(amount) || amount < 0 || amount > 1_000_000)) {
      setStatus({ text: "The budget must be a dollar amount from 0 to 1,000,000, or empty for none.", error: true });
      return;
    }
    setStatus({ text: "Saving…" });
    try {
      await request("settings.save", { patch: { usage: { monthlyBudget: amount } } });
      edited.current = false;
      setStatus({ text: amount === null ? "Saved: no monthly budget." : `Saved: runs stop once ${formatCost(amount)} is reached this month.` });
      onSaved();
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    }
  };

  return (
    <form
      class="field"
      id="budget"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label for="usage-budget">Monthly budget (US$)</label>
      <div class="row nowrap">
        <input
          id="usage-budget"
          type="number"
          min={0}
          step="any"
          value={value}
          placeholder="No budget"
          aria-describedby="budget-spent"
          onInput={(event) => {
            edited.current = true;
            setValue(event.currentTarget.value);
            setStatus({ text: "" });
          }}
        />
        <button type="submit">Save budget</button>
      </div>
      <p id="budget-spent" class="hint">
        {monthly === null ? `No budget. Spent this month: ${formatCost(spent)} (estimated).` : `Spent ${formatCost(spent)} of ${formatCost(monthly)} this month (estimated).`} Empty means no budget.
      </p>
      {status.text && (
        <p id="budget-status" role="status" class={status.error ? "error" : "muted"}>
          {status.text}
        </p>
      )}
    </form>
  );
}
