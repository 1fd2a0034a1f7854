import type { UsageTotals } from "../../shared/protocol/types";

/** Estimated dollars: "$1.23", "<$0.01" for a fraction of a cent, "—" when a model has no price estimate. */
export function formatCost(cost: number | null): string {
  if (cost === null) return "—";
  if (cost === 0) return "$0.00";
  if (cost < 0.01) return "<$0.01";
  return `$${cost.toFixed(2)}`;
}

export const formatCount = (value: number): string => value.toLocaleString("en-US");

/** "2026-11" → "November 2026". */
export function monthName(month: string): string {
  const [year, index] = month.split("-").map(Number);
  if (!year || !index) return month;
  return new Date(year, index - 1, 1).toLocaleDateString("en-US", { month: "long", year: "numeric" });
}

export const costTitle = (totals: Pick<UsageTotals, "estimatedCost">): string | undefined =>
  totals.estimatedCost === null ? "Some models used have no price estimate: add one in the price table." : undefined;
