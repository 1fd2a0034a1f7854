/**
 * Usage and cost estimates for the Usage tab and the monthly budget. Pure: the
 * caller passes the runs, the connections (deleted ones too, so history stays
 * true), the user's price table and the clock.
 *
 * Costs are estimates from a table the user edits, never the provider's bill:
 * a model without a price gets a null cost (and is listed so the UI can ask
 * for one) rather than a made-up number. Local engines cost nothing.
 */
import type { UsageSummary, UsageTotals } from "../shared/protocol/types";
import type { ArchivedUsage, Connection, EngineId, PriceEstimate, Run, UsageArchive, UsageSettings } from "../shared/storage/schema";
import { InkwellError } from "./errors";
import { runOutcome } from "./run-view";

/** Row states whose prompt reached the AI. */
const SENT_ROW_STATES = new Set(["generated", "written", "done"]);

/** How many prompts a run sent to the AI: one for a page, one per generated row for a database. */
export function promptsOf(run: Run): number {
  if (run.kind === "page" || run.rows === undefined) return 1;
  return run.rows.filter((row) => SENT_ROW_STATES.has(row.state) || (row.state === "failed" && ((row.inputTokens ?? 0) > 0 || (row.outputTokens ?? 0) > 0))).length;
}

/** "2026-11": the calendar month of `time` in the browser's time zone. */
export function monthOf(time: number): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * The price estimate for a model: an exact id wins; otherwise the longest
 * matching pattern with "*" (a glob: "gpt-5.6*" is a prefix, "gemini-*pro*"
 * matches inside too). Case-insensitive: providers are not consistent.
 */
export function priceFor(model: string, prices: readonly PriceEstimate[]): PriceEstimate | undefined {
  const id = model.trim().toLowerCase();
  const exact = prices.find((price) => !price.model.includes("*") && price.model.trim().toLowerCase() === id);
  if (exact) return exact;
  let best: PriceEstimate | undefined;
  for (const price of prices) {
    if (!price.model.includes("*") || !globMatches(price.model.trim().toLowerCase(), id)) continue;
    if (!best || price.model.trim().length > best.model.trim().length) best = price;
  }
  return best;
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`).test(value);
}

/**
 * Engines that run on the user's own machine: an OpenAI-compatible server
 * (Ollama, LM Studio…) or Chrome's built-in model. Their models are free, so
 * they are never priced by name (Ollama's "gpt-oss:20b" would match "gpt-*"),
 * never listed as unpriced, and never refused by the budget. A paid remote
 * OpenAI-compatible service is rare; its tokens are still counted and shown.
 */
export function isFreeEngine(engine: EngineId): boolean {
  return engine === "compatible" || engine === "builtin";
}

/** Estimated dollars for these tokens; null when the model has no price estimate. */
export function estimateCost(engine: EngineId, model: string, inputTokens: number, outputTokens: number, prices: readonly PriceEstimate[]): number | null {
  if (isFreeEngine(engine) || (inputTokens === 0 && outputTokens === 0)) return 0;
  const price = priceFor(model, prices);
  if (!price) return null;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}

type RunUsage = UsageTotals & { run: Run; month: string };

function emptyTotals(): UsageTotals {
  return { prompts: 0, inputTokens: 0, outputTokens: 0, estimatedCost: 0 };
}

/** Adds a run to totals. One unpriced run makes the total unknown (null): a partial sum would look like the whole. */
function add(totals: UsageTotals, usage: UsageTotals): UsageTotals {
  return {
    prompts: totals.prompts + usage.prompts,
    inputTokens: totals.inputTokens + usage.inputTokens,
    outputTokens: totals.outputTokens + usage.outputTokens,
    estimatedCost: totals.estimatedCost === null || usage.estimatedCost === null ? null : totals.estimatedCost + usage.estimatedCost,
  };
}

export const DELETED_CONNECTION_NAME = "(deleted connection)";

/** Folds runs into archive buckets (one per month, connection, engine and model): what pruning keeps of them. */
export function foldUsage(buckets: readonly ArchivedUsage[], runs: readonly Run[]): ArchivedUsage[] {
  const keyOf = (entry: Pick<ArchivedUsage, "month" | "connectionId" | "engine" | "model">) => JSON.stringify([entry.month, entry.connectionId, entry.engine, entry.model]);
  const folded = new Map(buckets.map((bucket) => [keyOf(bucket), { ...bucket }]));
  for (const run of runs) {
    const where = { month: monthOf(run.startedAt), connectionId: run.connectionId, engine: run.engine, model: run.model };
    const bucket = folded.get(keyOf(where)) ?? { ...where, runs: 0, prompts: 0, inputTokens: 0, outputTokens: 0 };
    bucket.runs += 1;
    bucket.prompts += promptsOf(run);
    bucket.inputTokens += run.inputTokens;
    bucket.outputTokens += run.outputTokens;
    folded.set(keyOf(where), bucket);
  }
  return [...folded.values()];
}

/**
 * The Usage tab's numbers: the runs still stored plus the archive of pruned
 * ones (whose totals count exactly as the runs did; only the per-run list
 * loses them). Runs the archive lists as being folded are already in it.
 */
export function summarizeUsage(runs: readonly Run[], connections: readonly Connection[], usage: UsageSettings, now: number, archive: UsageArchive = { buckets: [], folding: [] }): UsageSummary {
  const month = monthOf(now);
  const unpriced = new Set<string>();
  const folding = new Set(archive.folding);
  const perRun: RunUsage[] = runs
    .filter((run) => !folding.has(run.id))
    .map((run) => {
      const estimatedCost = estimateCost(run.engine, run.model, run.inputTokens, run.outputTokens, usage.prices);
      if (estimatedCost === null) unpriced.add(run.model);
      return { run, month: monthOf(run.startedAt), prompts: promptsOf(run), inputTokens: run.inputTokens, outputTokens: run.outputTokens, estimatedCost };
    });
  const archived = archive.buckets.map((bucket) => {
    const estimatedCost = estimateCost(bucket.engine, bucket.model, bucket.inputTokens, bucket.outputTokens, usage.prices);
    if (estimatedCost === null) unpriced.add(bucket.model);
    return { connectionId: bucket.connectionId, month: bucket.month, prompts: bucket.prompts, inputTokens: bucket.inputTokens, outputTokens: bucket.outputTokens, estimatedCost };
  });

  let allTime = emptyTotals();
  let thisMonth = emptyTotals();
  let spent = 0;
  const months = new Map<string, UsageTotals>();
  const byConnection = new Map<string, UsageTotals>();
  for (const entry of [...perRun.map((item) => ({ ...item, connectionId: item.run.connectionId })), ...archived]) {
    allTime = add(allTime, entry);
    months.set(entry.month, add(months.get(entry.month) ?? emptyTotals(), entry));
    byConnection.set(entry.connectionId, add(byConnection.get(entry.connectionId) ?? emptyTotals(), entry));
    if (entry.month === month) {
      thisMonth = add(thisMonth, entry);
      // The budget counts what can be estimated; unpriced models are listed for the user to price.
      spent += entry.estimatedCost ?? 0;
    }
  }

  const known = new Map(connections.map((connection) => [connection.id, connection]));
  // Every live connection appears (with zeros if unused); deleted or purged ones only if they have runs.
  for (const connection of connections) if (!connection.deletedAt && !byConnection.has(connection.id)) byConnection.set(connection.id, emptyTotals());
  const nameOf = (id: string) => known.get(id)?.name ?? DELETED_CONNECTION_NAME;

  return {
    month,
    thisMonth,
    allTime,
    months: [...months.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([name, totals]) => ({ month: name, ...totals })),
    byConnection: [...byConnection.entries()]
      .map(([connectionId, totals]) => ({ connectionId, name: nameOf(connectionId), deleted: known.get(connectionId)?.deletedAt !== undefined || !known.has(connectionId), ...totals }))
      .sort((a, b) => b.prompts - a.prompts || a.name.localeCompare(b.name)),
    runs: perRun
      .slice()
      .sort((a, b) => b.run.startedAt - a.run.startedAt)
      .map(({ run, prompts, inputTokens, outputTokens, estimatedCost }) => ({
        runId: run.id,
        connectionId: run.connectionId,
        connectionName: nameOf(run.connectionId),
        startedAt: run.startedAt,
        engine: run.engine,
        model: run.model,
        status: runOutcome(run),
        ...(run.trigger === "automatic" ? { automatic: true } : {}),
        prompts,
        inputTokens,
        outputTokens,
        estimatedCost,
      })),
    unpricedModels: [...unpriced].sort(),
    budget: { monthly: usage.monthlyBudget, spent, reached: usage.monthlyBudget !== null && spent >= usage.monthlyBudget },
  };
}

/** What a run refused (or stopped) by the budget tells the user. */
export function budgetReachedError(spent: number, budget: number): InkwellError {
  return new InkwellError(
    "budget_reached",
    `This month's estimated spend ($${spent.toFixed(2)}) has reached your budget of $${budget.toFixed(2)}. Raise or remove the budget in the Usage tab to keep generating.`,
  );
}
