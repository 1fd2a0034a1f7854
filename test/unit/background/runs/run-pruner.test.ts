/**
 * Bounded storage: each connection keeps its newest runs (the rule the Usage
 * tab shows); older runs go with every key of theirs, and their usage is
 * folded into a persistent archive so the Usage tab's numbers never change.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it } from "vitest";
import { BudgetGuard } from "../../../../src/background/runs/budget";
import { RecordStore } from "../../../../src/background/connections/records";
import { RunPruner } from "../../../../src/background/runs/run-pruner";
import type { UsageSummary } from "../../../../src/shared/protocol/types";
import { defaultGenerationOptions, type Run } from "../../../../src/shared/storage/schema";
import { TypedStore } from "../../../../src/shared/storage/store";
import { failingStorage } from "../../../support/failing-storage";

const NOW = new Date(2026, 11, 7, 12).getTime();
const DAY = 24 * 60 * 60 * 1000;
const KEEP = 3;

function run(id: string, connectionId: string, startedAt: number, patch: Partial<Run> = {}): Run {
  return {
    id,
    connectionId,
    kind: "database",
    targetId: `target-${connectionId}`,
    engine: "gemini",
    model: "gemini-flash-latest",
    status: "succeeded",
    startedAt,
    endedAt: startedAt + 1000,
    receivedChars: 100,
    inputTokens: 1000 + startedAt % 997,
    outputTokens: 3000 + startedAt % 991,
    writtenBlockIds: [],
    blocksWritten: 2,
    rows: [
      { rowId: "r1", title: "A", state: "done" },
      { rowId: "r2", title: "B", state: "failed", reason: "x" },
    ],
    ...patch,
  };
}

/** The numbers the Usage tab shows, except the per-run list (pruned runs leave it, by design). */
function totals(summary: UsageSummary) {
  const { runs: _runs, retention: _retention, ...rest } = summary;
  return JSON.parse(JSON.stringify(rest, (_key, value: unknown) => (typeof value === "number" ? Math.round(value * 1e9) / 1e9 : value))) as unknown;
}

describe("run pruning", () => {
  let records: RecordStore;
  let budget: BudgetGuard;

  beforeEach(async () => {
    fakeBrowser.reset();
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = await store.get("settings");
    // One priced model, one without a price (its cost stays "unknown" before and after), and a free local engine.
    await store.set("settings", { ...settings, usage: { ...settings.usage, monthlyBudget: 50 } });
    records = new RecordStore(fakeBrowser.storage.local as never, () => NOW);
    budget = new BudgetGuard(records, store, () => NOW);
  });

  async function connectionWithRuns(name: string, runs: Run[]) {
    const connection = await records.saveConnection({ name, kind: "database", url: "https://www.notion.so/x", prompt: "{{Name}}", options: defaultGenerationOptions() }, { id: `target-${name}`, title: name });
    for (const item of runs) {
      await records.saveRun({ ...item, connectionId: connection.id });
      await records.addRunToConnection(connection.id, item.id);
      // Every other key a run may own: a kept answer, a journal entry, a whole page answer.
      await fakeBrowser.storage.local.set({ [`runtext:${item.id}:r2`]: "answer", [`runjournal:${item.id}:0`]: { ids: ["b"] }, [`runanswer:${item.id}`]: "whole answer" });
    }
    return connection;
  }

  const keysOf = async (runId: string) => Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.split(":")[1] === runId && key.startsWith("run"));

  it("keeps the newest runs of each connection and removes older ones with every key of theirs", async () => {
    const a = await connectionWithRuns("a", [0, 1, 2, 3, 4].map((i) => run(`a${i}`, "", NOW - (10 - i) * DAY)));
    const b = await connectionWithRuns("b", [run("b0", "", NOW - DAY)]);
    await fakeBrowser.storage.local.set({ "ui:createDraft": { kept: true } });

    const report = await new RunPruner(fakeBrowser.storage.local as never, records, KEEP).prune();

    expect(report.pruned.sort()).toEqual(["a0", "a1"]);
    for (const id of ["a0", "a1"]) expect(await keysOf(id)).toEqual([]);
    for (const id of ["a2", "a3", "a4", "b0"]) expect((await keysOf(id)).sort()).toEqual([`run:${id}`, `runanswer:${id}`, `runjournal:${id}:0`, `runtext:${id}:r2`]);
    expect((await records.getConnection(a.id))?.runIds).toEqual(["a2", "a3", "a4"]);
    expect((await records.getConnection(b.id))?.runIds).toEqual(["b0"]);
    expect(await fakeBrowser.storage.local.get("ui:createDraft")).toEqual({ "ui:createDraft": { kept: true } });
  });

  it("leaves every Usage total (months, connections, this month, budget spent) unchanged", async () => {
    const month = (offset: number) => new Date(2026, 11 - offset, 3).getTime();
    await connectionWithRuns("a", [
      run("a0", "", month(2)),
      run("a1", "", month(1), { model: "gemini-2.5-pro" }),
      run("a2", "", month(1), { model: "mystery-model" }),
      run("a3", "", month(0), { engine: "compatible", model: "llama3" }),
      run("a4", "", month(0) + 1),
      run("a5", "", month(0) + 2, { kind: "page", rows: undefined }),
      run("a6", "", month(0) + 3),
    ]);
    const trashed = await connectionWithRuns("gone", [run("g0", "", month(0)), run("g1", "", month(1))]);
    await records.deleteConnections([trashed.id]);
    await new RecordStore(fakeBrowser.storage.local as never, () => NOW + 2 * DAY).purgeDeleted();
    const before = await budget.summary();

    const report = await new RunPruner(fakeBrowser.storage.local as never, records, KEEP).prune();
    // The purged connection keeps none; the live one its newest three.
    expect(report.pruned.sort()).toEqual(["a0", "a1", "a2", "a3", "g0", "g1"]);
    const after = await budget.summary();

    expect(totals(after)).toEqual(totals(before));
    expect(after.unpricedModels).toEqual(["mystery-model"]);
    expect(after.runs.map((entry) => entry.runId).sort()).toEqual(["a4", "a5", "a6"]);
    expect(after.retention).toEqual({ runsKeptPerConnection: 20, prunedRuns: 6 });
    // And a second prune has nothing to do and changes nothing.
    expect((await new RunPruner(fakeBrowser.storage.local as never, records, KEEP).prune()).pruned).toEqual([]);
    expect(totals(await budget.summary())).toEqual(totals(before));
  });

  it("never prunes a run that is going", async () => {
    await connectionWithRuns("a", [run("old-running", "", NOW - 9 * DAY, { status: "running" }), ...[1, 2, 3, 4].map((i) => run(`a${i}`, "", NOW - i * DAY))]);
    const report = await new RunPruner(fakeBrowser.storage.local as never, records, 1).prune(new Set(["a4"]));
    expect(report.pruned.sort()).toEqual(["a2", "a3"]);
    expect(await records.getRun("old-running")).toBeDefined();
  });

  it("a stop midway (the removal fails) neither loses nor double-counts usage, and the next prune finishes the removal", async () => {
    await connectionWithRuns("a", [0, 1, 2, 3, 4].map((i) => run(`a${i}`, "", NOW - (10 - i) * DAY)));
    const before = await budget.summary();
    const storage = failingStorage(fakeBrowser.storage.local as never);
    // The stop comes after the usage was archived, when the run records are being removed.
    storage.failWhen(({ method, keys }) => method === "remove" && keys.some((key) => key.startsWith("run:")), new Error("The worker stopped"));

    await expect(new RunPruner(storage.area, records, KEEP).prune()).rejects.toThrow("The worker stopped");
    expect(await keysOf("a0")).not.toEqual([]);
    expect(totals(await budget.summary())).toEqual(totals(before));

    await new RunPruner(fakeBrowser.storage.local as never, records, KEEP).prune();
    expect(await keysOf("a0")).toEqual([]);
    expect(await keysOf("a1")).toEqual([]);
    expect(totals(await budget.summary())).toEqual(totals(before));
    expect((await records.usageArchive()).folding).toEqual([]);
  });

  it("with storage full, frees the pruned runs' answers first so their usage can be archived and their records removed", async () => {
    const runs = [0, 1, 2, 3, 4].map((i) => run(`a${i}`, "", NOW - (10 - i) * DAY));
    await connectionWithRuns("a", runs);
    // Whole answers are what fills storage.
    for (const item of runs) await fakeBrowser.storage.local.set({ [`runanswer:${item.id}`]: "An answer. ".repeat(200) });
    const before = await budget.summary();
    // Chrome refuses any write that would take storage past its quota; storage is now exactly at it.
    const inner = fakeBrowser.storage.local;
    const quota = JSON.stringify(await inner.get(null)).length;
    const area = {
      get: inner.get.bind(inner),
      remove: inner.remove.bind(inner),
      set: async (items: Record<string, unknown>) => {
        if (JSON.stringify({ ...(await inner.get(null)), ...items }).length > quota) throw new Error("QUOTA_BYTES quota exceeded");
        await inner.set(items);
      },
    };

    expect((await new RunPruner(area as never, records, KEEP).prune()).pruned.sort()).toEqual(["a0", "a1"]);
    expect(await keysOf("a0")).toEqual([]);
    expect(await keysOf("a1")).toEqual([]);
    expect(totals(await budget.summary())).toEqual(totals(before));
  });
});
