import { useEffect } from "preact/hooks";
import { BudgetField } from "./BudgetField";
import { formatCost } from "./format";
import { PriceTable } from "./PriceTable";
import { ConnectionsUsage, MonthsUsage, TotalsTable } from "./UsageTables";
import { UsageRuns } from "./UsageRuns";
import { useUsage } from "./useUsage";

export { RUNS_PAGE } from "./UsageRuns";
export { USAGE_REFRESH_MS } from "./useUsage";

interface UsageTabProps {
  /** Bumped to bring the budget field into view and focus it ("Raise the monthly budget"). */
  focusBudget?: number;
}

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
  const { loaded, load } = useUsage();

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
      <TotalsTable summary={summary} />
      <BudgetField monthly={view.settings.usage.monthlyBudget} spent={summary.budget.spent} onSaved={() => void load()} />
      <ConnectionsUsage byConnection={summary.byConnection} />
      <UsageRuns summary={summary} now={now} />
      <MonthsUsage months={summary.months} />
      <PriceTable prices={view.settings.usage.prices} unpriced={summary.unpricedModels} onSaved={() => void load()} />
    </div>
  );
}
