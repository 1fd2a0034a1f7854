import { describe, expect, it } from "vitest";
import { budgetReachedError, estimateCost, monthOf, priceFor, promptsOf, summarizeUsage } from "../../../src/core/usage";
import { defaultGenerationOptions, type Connection, type PriceEstimate, type RowState, type Run } from "../../../src/shared/storage/schema";

const PRICES: PriceEstimate[] = [
  { model: "gpt-*", inputPerMillion: 1, outputPerMillion: 10 },
  { model: "gpt-5.6-mini*", inputPerMillion: 0.25, outputPerMillion: 2 },
  { model: "gpt-5.6-mini-2026", inputPerMillion: 0.2, outputPerMillion: 1.5 },
  { model: "gemini-*pro*", inputPerMillion: 1.25, outputPerMillion: 10 },
];

// Local-time dates, so the tests hold in any time zone.
const NOV_30_LATE = new Date(2026, 10, 30, 23, 30).getTime();
const DEC_1_EARLY = new Date(2026, 11, 1, 0, 15).getTime();
const OCT_10 = new Date(2026, 9, 10, 12, 0).getTime();

function run(overrides: Partial<Run> & Pick<Run, "id">): Run {
  return {
    connectionId: "a",
    kind: "page",
    targetId: "t",
    engine: "openai",
    model: "gpt-5.6-mini",
    status: "succeeded",
    startedAt: NOV_30_LATE,
    receivedChars: 0,
    outputTokens: 0,
    inputTokens: 0,
    writtenBlockIds: [],
    blocksWritten: 0,
    ...overrides,
  };
}

function connection(id: string, name: string, deletedAt?: number): Connection {
  return {
    id,
    name,
    kind: "page",
    url: "https://www.notion.so/x",
    targetId: "t",
    targetTitle: "T",
    prompt: "p",
    options: defaultGenerationOptions(),
    createdAt: 0,
    updatedAt: 0,
    runIds: [],
    ...(deletedAt !== undefined ? { deletedAt } : {}),
  };
}

const row = (state: RowState["state"], tokens = 0): RowState => ({ rowId: `r-${Math.random()}`, title: "r", state, ...(tokens ? { inputTokens: tokens, outputTokens: tokens } : {}) });

describe("price lookup", () => {
  it("prefers an exact model id over any pattern", () => {
    expect(priceFor("gpt-5.6-mini-2026", PRICES)?.inputPerMillion).toBe(0.2);
  });

  it("otherwise takes the longest matching pattern", () => {
    expect(priceFor("gpt-5.6-mini", PRICES)?.model).toBe("gpt-5.6-mini*");
    expect(priceFor("gpt-5.6", PRICES)?.model).toBe("gpt-*");
  });

  it("treats * inside a pattern as a glob and ignores case", () => {
    expect(priceFor("Gemini-3-Pro-Preview", PRICES)?.model).toBe("gemini-*pro*");
    expect(priceFor("gemini-flash", PRICES)).toBeUndefined();
  });

  it("does not treat regex characters in a pattern as regex", () => {
    expect(priceFor("gpt-5x6-mini", [{ model: "gpt-5.6*", inputPerMillion: 1, outputPerMillion: 1 }])).toBeUndefined();
  });

  it("estimates dollars per million tokens, null without a price, 0 without tokens", () => {
    expect(estimateCost("openai", "gpt-5.6-mini", 1_000_000, 500_000, PRICES)).toBeCloseTo(0.25 + 1);
    expect(estimateCost("openai", "llama3", 10, 10, PRICES)).toBeNull();
    expect(estimateCost("openai", "llama3", 0, 0, PRICES)).toBe(0);
  });

  it("counts local engines as free, even when a paid price pattern matches the model's name", () => {
    // Ollama's "gpt-oss:20b" matches "gpt-*"; it runs on the user's machine all the same.
    expect(estimateCost("compatible", "gpt-oss:20b", 1_000_000, 1_000_000, PRICES)).toBe(0);
    expect(estimateCost("compatible", "llama3", 10, 10, PRICES)).toBe(0);
    expect(estimateCost("builtin", "gemini-nano", 10, 10, PRICES)).toBe(0);
    expect(estimateCost("openai", "gpt-oss:20b", 1_000_000, 1_000_000, PRICES)).toBe(11);
  });
});

describe("prompt counting", () => {
  it("counts a page run as one prompt", () => {
    expect(promptsOf(run({ id: "p" }))).toBe(1);
  });

  it("counts a database run's rows that reached the AI", () => {
    const rows = [row("done"), row("written"), row("generated"), row("failed", 12), row("failed"), row("skipped"), row("pending"), row("generating")];
    expect(promptsOf(run({ id: "d", kind: "database", rows }))).toBe(4);
  });
});

describe("months", () => {
  it("uses the calendar month in local time", () => {
    expect(monthOf(NOV_30_LATE)).toBe("2026-11");
    expect(monthOf(DEC_1_EARLY)).toBe("2026-12");
  });
});

describe("summarizeUsage", () => {
  const usage = (monthlyBudget: number | null = null) => ({ prices: PRICES, monthlyBudget });

  it("totals prompts, tokens and cost per month, per connection and per run", () => {
    const runs = [
      run({ id: "r1", connectionId: "a", startedAt: DEC_1_EARLY, inputTokens: 1_000_000, outputTokens: 1_000_000 }),
      run({ id: "r2", connectionId: "b", startedAt: NOV_30_LATE, inputTokens: 2_000_000, outputTokens: 0, kind: "database", rows: [row("done"), row("done"), row("skipped")] }),
      run({ id: "r3", connectionId: "a", startedAt: OCT_10, inputTokens: 0, outputTokens: 1_000_000, model: "gpt-4o" }),
    ];
    const summary = summarizeUsage(runs, [connection("a", "Alpha"), connection("b", "Beta")], usage(), DEC_1_EARLY + 1000);
    expect(summary.month).toBe("2026-12");
    expect(summary.thisMonth).toEqual({ prompts: 1, inputTokens: 1_000_000, outputTokens: 1_000_000, estimatedCost: 2.25 });
    expect(summary.allTime.prompts).toBe(4);
    expect(summary.allTime.estimatedCost).toBeCloseTo(2.25 + 0.5 + 10);
    expect(summary.months.map((m) => [m.month, m.prompts])).toEqual([["2026-12", 1], ["2026-11", 2], ["2026-10", 1]]);
    // Most prompts first, ties by name.
    expect(summary.byConnection.map((c) => [c.name, c.prompts])).toEqual([["Alpha", 2], ["Beta", 2]]);
    expect(summary.runs.map((r) => r.runId)).toEqual(["r1", "r2", "r3"]);
    expect(summary.runs[1]).toMatchObject({ connectionName: "Beta", prompts: 2, estimatedCost: 0.5 });
    expect(summary.unpricedModels).toEqual([]);
  });

  it("gives an unpriced model a null cost, lists it, and leaves it out of the budget's spend", () => {
    const runs = [run({ id: "r1", model: "llama3:8b", inputTokens: 5000, outputTokens: 5000 }), run({ id: "r2", inputTokens: 4_000_000, outputTokens: 0 })];
    const summary = summarizeUsage(runs, [connection("a", "Alpha")], usage(5), NOV_30_LATE);
    expect(summary.runs.find((r) => r.runId === "r1")?.estimatedCost).toBeNull();
    expect(summary.unpricedModels).toEqual(["llama3:8b"]);
    expect(summary.thisMonth.estimatedCost).toBeNull();
    expect(summary.budget).toEqual({ monthly: 5, spent: 1, reached: false });
  });

  it("counts local engines' runs as free: never unpriced, never spending the budget, tokens still shown", () => {
    const runs = [
      run({ id: "ollama", engine: "compatible", model: "gpt-oss:20b", inputTokens: 10_000_000, outputTokens: 10_000_000 }),
      run({ id: "lmstudio", engine: "compatible", model: "qwen3-8b", inputTokens: 5000, outputTokens: 5000 }),
      run({ id: "nano", engine: "builtin", model: "gemini-nano", inputTokens: 5000, outputTokens: 5000 }),
    ];
    const summary = summarizeUsage(runs, [connection("a", "Alpha")], usage(1), NOV_30_LATE);
    expect(summary.unpricedModels).toEqual([]);
    expect(summary.runs.map((r) => r.estimatedCost)).toEqual([0, 0, 0]);
    expect(summary.thisMonth).toEqual({ prompts: 3, inputTokens: 10_010_000, outputTokens: 10_010_000, estimatedCost: 0 });
    expect(summary.budget).toEqual({ monthly: 1, spent: 0, reached: false });
  });

  it("keeps deleted and purged connections' usage, flagged as deleted", () => {
    const runs = [run({ id: "r1", connectionId: "gone", inputTokens: 10 }), run({ id: "r2", connectionId: "trashed", inputTokens: 10 })];
    const summary = summarizeUsage(runs, [connection("trashed", "Old", 1), connection("live", "Unused")], usage(), NOV_30_LATE);
    const byId = Object.fromEntries(summary.byConnection.map((c) => [c.connectionId, c]));
    expect(byId.gone).toMatchObject({ name: "(deleted connection)", deleted: true, prompts: 1 });
    expect(byId.trashed).toMatchObject({ name: "Old", deleted: true, prompts: 1 });
    expect(byId.live).toMatchObject({ name: "Unused", deleted: false, prompts: 0, estimatedCost: 0 });
  });

  it("counts only this month towards the budget, and is reached at the limit", () => {
    const runs = [
      run({ id: "old", startedAt: NOV_30_LATE, inputTokens: 40_000_000 }), // $10 last month
      run({ id: "now", startedAt: DEC_1_EARLY, inputTokens: 8_000_000 }), // $2 this month
    ];
    expect(summarizeUsage(runs, [], usage(3), DEC_1_EARLY).budget).toEqual({ monthly: 3, spent: 2, reached: false });
    expect(summarizeUsage(runs, [], usage(2), DEC_1_EARLY).budget.reached).toBe(true);
    expect(summarizeUsage(runs, [], usage(null), DEC_1_EARLY).budget.reached).toBe(false);
  });

  it("explains a reached budget with both amounts and where to change it", () => {
    const error = budgetReachedError(5.123, 5);
    expect(error.code).toBe("budget_reached");
    expect(error.message).toBe("This month's estimated spend ($5.12) has reached your budget of $5.00. Raise or remove the budget in the Usage tab to keep generating.");
  });
});
