import { budgetReachedError, estimateCost, isFreeEngine, summarizeUsage } from "../../core/usage";
import type { InkwellError } from "../../core/errors";
import type { UsageSummary } from "../../shared/protocol/types";
import { RUNS_KEPT_PER_CONNECTION, type EngineId } from "../../shared/storage/schema";
import type { TypedStore } from "../../shared/storage/store";
import type { RecordStore } from "../connections/records";

/** Counts a database run's spending row by row, so the run stops once this month's budget is reached. */
export interface BudgetMeter {
  add(inputTokens: number, outputTokens: number): void;
  /** The error to stop with, once the budget is reached. */
  exceeded(): InkwellError | undefined;
}

/** The monthly budget: usage summaries, the check before a run starts, and meters for runs in progress. */
export class BudgetGuard {
  constructor(
    private readonly records: RecordStore,
    private readonly store: TypedStore,
    private readonly now: () => number = Date.now,
  ) {}

  async summary(): Promise<UsageSummary> {
    const [runs, connections, settings, archive] = await Promise.all([
      this.records.listRuns(),
      this.records.listConnections({ includeDeleted: true }),
      this.store.get("settings"),
      this.records.usageArchive(),
    ]);
    const summary = summarizeUsage(runs, connections, settings.usage, this.now(), archive);
    return { ...summary, retention: { runsKeptPerConnection: RUNS_KEPT_PER_CONNECTION, prunedRuns: archive.buckets.reduce((sum, bucket) => sum + bucket.runs, 0) } };
  }

  /** Refuses to start a run once this month's estimated spend reached the budget; a local (free) engine's runs always start. */
  async assertWithinBudget(engine: EngineId): Promise<void> {
    if (isFreeEngine(engine)) return;
    const { budget } = await this.summary();
    if (budget.reached && budget.monthly !== null) throw budgetReachedError(budget.spent, budget.monthly);
  }

  /**
   * A meter starting at this month's spend; each row adds its estimate (kept in
   * memory: reading every run again per row would be needlessly slow). None
   * without a budget, and none for a local (free) engine: it never stops.
   */
  async meter(engine: EngineId, model: string): Promise<BudgetMeter | undefined> {
    if (isFreeEngine(engine)) return undefined;
    const { budget } = await this.summary();
    const monthly = budget.monthly;
    if (monthly === null) return undefined;
    const { prices } = (await this.store.get("settings")).usage;
    let spent = budget.spent;
    return {
      add: (inputTokens, outputTokens) => {
        spent += estimateCost(engine, model, inputTokens, outputTokens, prices) ?? 0;
      },
      exceeded: () => (spent >= monthly ? budgetReachedError(spent, monthly) : undefined),
    };
  }
}
