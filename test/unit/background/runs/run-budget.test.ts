import { fakeBrowser } from "@webext-core/fake-browser";
import { testVault } from "../../../support/vault";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { BudgetGuard } = await import("../../../../src/background/runs/budget");
const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { SettingsService } = await import("../../../../src/background/settings/settings");
const { TypedStore } = await import("../../../../src/shared/storage/store");
const { keyedSettings, refuseNotion, databaseDraft } = await import("../../../support/run-manager-setup");

describe("run manager: monthly budget", () => {
  beforeEach(() => fakeBrowser.reset());

  async function setup(monthlyBudget: number | null, override: { engine?: "compatible"; model?: string } = {}) {
    const { store, settings } = await keyedSettings({
      compatibleBaseUrl: "http://localhost:11434/v1",
      usage: { prices: [{ model: "gemini-*", inputPerMillion: 1, outputPerMillion: 1 }], monthlyBudget },
    });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const connection = await records.saveConnection(
      { ...databaseDraft(), ...override },
      { id: "db-1", title: "Topics" },
    );
    // $3.00 spent this month: 3 million tokens at $1 per million.
    await records.saveRun({
      id: "spent",
      connectionId: connection.id,
      kind: "database",
      targetId: "db-1",
      engine: "gemini",
      model: "gemini-flash-latest",
      status: "partial",
      startedAt: Date.now(),
      endedAt: Date.now(),
      receivedChars: 0,
      inputTokens: 2_000_000,
      outputTokens: 1_000_000,
      writtenBlockIds: [],
      blocksWritten: 0,
      rows: [{ rowId: "r1", title: "A", state: "failed", reason: "x" }],
    });
    const runs = new RunManager(records, settings, Date.now, { budget: new BudgetGuard(records, store) });
    return { runs, records, connection };
  }

  it("refuses to start or retry a run once this month's estimate reached the budget, saying how to go on", async () => {
    const { runs, records, connection } = await setup(3);
    const refusal = { code: "budget_reached", message: "This month's estimated spend ($3.00) has reached your budget of $3.00. Raise or remove the budget in the Usage tab to keep generating." };
    await expect(runs.start(connection.id)).rejects.toMatchObject(refusal);
    await expect(runs.retryFailed("spent")).rejects.toMatchObject(refusal);
    expect((await records.listRuns()).map((run) => run.id)).toEqual(["spent"]);
  });

  it("still starts runs of a local engine once the budget is reached: they cost nothing", async () => {
    // Nothing is reached in this test: once let start, the run is cancelled (and Notion refuses it anyway, without retries).
    refuseNotion();
    try {
      const { runs, records, connection } = await setup(3, { engine: "compatible", model: "gpt-oss:20b" });
      const run = await runs.start(connection.id);
      expect(run).toMatchObject({ engine: "compatible", model: "gpt-oss:20b", status: "running" });
      runs.cancel(run.id);
      await vi.waitFor(async () => expect((await records.getRun(run.id))?.status).not.toBe("running"));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("budget guard", () => {
  beforeEach(() => fakeBrowser.reset());

  it("gives no meter to a local engine's run, and meters a paid one up to the budget", async () => {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    await new SettingsService(store, testVault()).save({ usage: { prices: [{ model: "gpt-*", inputPerMillion: 1, outputPerMillion: 1 }], monthlyBudget: 1 } });
    const guard = new BudgetGuard(new RecordStore(fakeBrowser.storage.local as never), store);
    expect(await guard.meter("compatible", "gpt-oss:20b")).toBeUndefined();
    expect(await guard.meter("builtin", "gemini-nano")).toBeUndefined();
    const paid = await guard.meter("openai", "gpt-5.6");
    paid!.add(1_000_000, 0);
    expect(paid!.exceeded()).toMatchObject({ code: "budget_reached" });
  });
});
