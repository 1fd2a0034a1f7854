// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SettingsPatch, SettingsView, UsageSummary } from "../../../src/shared/protocol/types";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { parsePrices } from "../../../src/ui/usage/PriceTable";
import { UsageTab } from "../../../src/ui/usage/UsageTab";
import { formatCost } from "../../../src/ui/usage/format";
import { answer, button, byLabel, click, mount, queryButton, textOf, type, waitFor } from "./dom";
import { settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const cells = (selector: string) => [...document.querySelectorAll(`${selector} > *`)].map((cell) => (cell.textContent ?? "").trim());
const labelled = (label: string) => document.querySelector<HTMLInputElement>(`[aria-label="${label}"]`)!;
const totals = (prompts: number, inputTokens: number, outputTokens: number, estimatedCost: number | null) => ({ prompts, inputTokens, outputTokens, estimatedCost });

function summary(overrides: Partial<UsageSummary> = {}): UsageSummary {
  const now = Date.now();
  return {
    month: "2026-11",
    thisMonth: totals(12, 34_000, 120_500, 1.234),
    allTime: totals(40, 100_000, 400_000, null),
    months: [
      { month: "2026-10", ...totals(28, 66_000, 279_500, 3.5) },
      { month: "2026-11", ...totals(12, 34_000, 120_500, 1.234) },
    ],
    byConnection: [
      { connectionId: "c-1", name: "Digest", deleted: false, ...totals(30, 80_000, 300_000, 4) },
      { connectionId: "c-2", name: "Old", deleted: true, ...totals(10, 20_000, 100_000, null) },
    ],
    runs: Array.from({ length: 20 }, (_, index) => ({
      runId: `r-${index}`,
      connectionId: "c-1",
      connectionName: "Digest",
      startedAt: now - index * 60_000,
      engine: "gemini" as const,
      model: "gemini-flash-latest",
      status: "succeeded" as const,
      ...totals(1, 1_000, 2_000, 0.005),
    })),
    unpricedModels: ["llama3"],
    budget: { monthly: null, spent: 1.234, reached: false },
    ...overrides,
  };
}

describe("Usage tab", () => {
  let view: SettingsView;
  let patches: SettingsPatch[];
  let current: UsageSummary;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    view = settingsView();
    patches = [];
    current = summary();
    answer(request, {
      "usage.summary": () => current,
      "settings.get": () => view,
      "settings.save": ({ patch }) => {
        patches.push(patch);
        view = { ...view, settings: { ...view.settings, usage: { ...view.settings.usage, ...patch.usage } as SettingsView["settings"]["usage"] } };
        return view;
      },
    });
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows this month and all time, per connection, per run (recent first, capped) and per month", async () => {
    await mount(<UsageTab />);
    await waitFor(() => expect(cells("#usage-this-month")).toEqual(["This month (November 2026)", "12", "34,000", "120,500", "$1.23"]));
    expect(cells("#usage-all-time")).toEqual(["All time", "40", "100,000", "400,000", "—"]); // a model without an estimate
    expect(cells('#usage-by-connection tr[data-connection-id="c-2"]')).toEqual(["Old (deleted)", "10", "20,000 / 100,000", "—"]);
    const runs = () => [...document.querySelectorAll("#usage-runs li")].map((li) => li.getAttribute("data-run-id"));
    expect(runs()).toHaveLength(15);
    expect(runs()[0]).toBe("r-0");
    expect(textOf('#usage-runs li[data-run-id="r-0"]')).toContain("1,000 in / 2,000 out · <$0.01");
    await click(button("Show more"));
    expect(runs()).toHaveLength(20);
    expect(queryButton("Show more")).toBeNull();
    expect([...document.querySelectorAll("#usage-months tbody tr td:first-child")].map((td) => td.textContent)).toEqual(["November 2026", "October 2026"]);
  });

  it("states how many runs are kept and that removed runs still count in the totals", async () => {
    current = summary({ retention: { runsKeptPerConnection: 20, prunedRuns: 1_234 } });
    await mount(<UsageTab />);
    await waitFor(() => expect(textOf("#usage-retention")).toContain("keeps the last 20 runs of each connection"));
    expect(textOf("#usage-retention")).toContain("their usage stays in every total above (1,234 runs removed so far)");
  });

  it("edits the price estimates (labelled as estimates) and saves them", async () => {
    await mount(<UsageTab />);
    await waitFor(() => expect(labelled("Model pattern 1").value).toBe(view.settings.usage.prices[0]!.model));
    expect(textOf("#prices-hint")).toContain("Estimates only");
    expect(textOf("#prices-hint")).toContain("pricing page");
    expect(textOf("#prices-hint")).toContain("Local engines (OpenAI-compatible server, Chrome built-in AI) count as free");
    expect(textOf("#unpriced-models")).toContain("No estimate yet for llama3.");
    const rows = view.settings.usage.prices.length;
    await click(labelled("Remove price 1"));
    await click(button("Add llama3"));
    expect(labelled(`Model pattern ${rows}`).value).toBe("llama3");
    await type(labelled(`Input $ per 1M tokens ${rows}`), "0");
    await type(labelled(`Output $ per 1M tokens ${rows}`), "0.5");
    await click(button("Save prices"));
    await waitFor(() => expect(textOf("#prices-status")).toContain("Saved"));
    const saved = patches[0]!.usage!.prices!;
    expect(saved).toHaveLength(rows);
    expect(saved[0]).toEqual(settingsView().settings.usage.prices[1]); // the first row was removed
    expect(saved[rows - 1]).toEqual({ model: "llama3", inputPerMillion: 0, outputPerMillion: 0.5 });
  });

  it("refuses a price that isn't an amount, saying which", () => {
    expect(parsePrices([{ model: "gpt-*", input: "abc", output: "1" }])).toEqual({ ok: false, message: "“gpt-*”: prices must be dollar amounts from 0 to 1,000,000 per million tokens." });
    expect(parsePrices([{ model: "", input: "", output: "" }])).toEqual({ ok: true, prices: [] });
    expect(parsePrices([{ model: "", input: "1", output: "1" }]).ok).toBe(false);
  });

  it("saves a monthly budget, and empty means none", async () => {
    await mount(<UsageTab />);
    await waitFor(() => byLabel("Monthly budget (US$)"));
    expect(textOf("#budget-spent")).toContain("No budget. Spent this month: $1.23");
    await type(byLabel("Monthly budget (US$)"), "-3");
    await click(button("Save budget"));
    expect(textOf("#budget-status")).toContain("must be a dollar amount");
    expect(patches).toEqual([]);
    await type(byLabel("Monthly budget (US$)"), "10");
    await click(button("Save budget"));
    await waitFor(() => expect(patches).toEqual([{ usage: { monthlyBudget: 10 } }]));
    current = summary({ budget: { monthly: 10, spent: 1.234, reached: false } });
    await waitFor(() => expect(textOf("#budget-spent")).toContain("Spent $1.23 of $10.00 this month"));
    await type(byLabel("Monthly budget (US$)"), "");
    await click(button("Save budget"));
    await waitFor(() => expect(patches[1]).toEqual({ usage: { monthlyBudget: null } }));
  });

  it("shows a clear banner once the budget is reached", async () => {
    current = summary({ budget: { monthly: 1, spent: 1.234, reached: true } });
    await mount(<UsageTab />);
    await waitFor(() => expect(textOf("#budget-banner")).toBe(
      "This month's budget is reached: $1.23 of $1.00 (estimated). Runs are stopped until next month, or raise the budget below.",
    ));
    expect(document.querySelector("#budget-banner")?.getAttribute("role")).toBe("alert");
  });

  it("formats estimated costs", () => {
    expect([formatCost(null), formatCost(0), formatCost(0.004), formatCost(12.345)]).toEqual(["—", "$0.00", "<$0.01", "$12.35"]);
  });
});
