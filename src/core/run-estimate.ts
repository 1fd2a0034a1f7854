/**
 * What a whole database run would cost, from a dry run: the average tokens of
 * the rows it generated, times the rows the run would fill, priced with the
 * user's price table (estimates, never the provider's bill).
 */
import type { EngineId, PriceEstimate, RunEstimate } from "../shared/storage/schema";
import { estimateCost } from "./usage";

export interface SampledRow {
  inputTokens: number;
  outputTokens: number;
}

/** null when no row was generated (nothing to extrapolate from). */
export function estimateRun(
  sample: readonly SampledRow[],
  rows: { count: number; isLowerBound: boolean },
  pricing: { engine: EngineId; model: string; prices: readonly PriceEstimate[] },
): RunEstimate | null {
  if (sample.length === 0) return null;
  const average = (pick: (row: SampledRow) => number) => sample.reduce((sum, row) => sum + pick(row), 0) / sample.length;
  const inputTokens = Math.round(average((row) => row.inputTokens) * rows.count);
  const outputTokens = Math.round(average((row) => row.outputTokens) * rows.count);
  return {
    rows: rows.count,
    rowsIsLowerBound: rows.isLowerBound,
    inputTokens,
    outputTokens,
    cost: estimateCost(pricing.engine, pricing.model, inputTokens, outputTokens, pricing.prices),
  };
}
