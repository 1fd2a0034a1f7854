/**
 * Undo of a run that pruning or "Clear all data" removes while Notion is
 * still answering the Undo's deletes: recording the Undo must not bring the
 * run back (its usage is already in the archive, or the user cleared it).
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Run } from "../../../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { BudgetGuard } = await import("../../../../src/background/runs/budget");
const { clearAllData } = await import("../../../../src/background/operations/clear-data");
const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { RunPruner } = await import("../../../../src/background/runs/run-pruner");
const { keyedSettings, pageDraft, PAGE_TARGET } = await import("../../../support/run-manager-setup");

const NOW = new Date(2026, 11, 7, 12).getTime();

function pageRun(id: string, connectionId: string, startedAt: number): Run {
  return {
    id,
    connectionId,
    kind: "page",
    targetId: "page-1",
    engine: "gemini",
    model: "gemini-flash-latest",
    status: "succeeded",
    startedAt,
    endedAt: startedAt + 1000,
    receivedChars: 400,
    inputTokens: 1200,
    outputTokens: 3400,
    writtenBlockIds: [`${id}-block`],
    blocksWritten: 1,
  };
}

describe("Undo of a run removed meanwhile", () => {
  let releaseDeletes: () => void;
  let deleteStarted: Promise<void>;

  beforeEach(() => {
    fakeBrowser.reset();
    // Notion answers the Undo's delete only once released.
    const gate = new Promise<void>((resolve) => (releaseDeletes = resolve));
    let started!: () => void;
    deleteStarted = new Promise<void>((resolve) => (started = resolve));
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        started();
        await gate;
        return new Response(JSON.stringify({ object: "block", id: "x", archived: true }), { status: 200, headers: { "content-type": "application/json" } });
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  async function setup() {
    const area = fakeBrowser.storage.local as never;
    const { store, settings } = await keyedSettings();
    const records = new RecordStore(area, () => NOW);
    const connection = await records.saveConnection(pageDraft(), PAGE_TARGET);
    for (const run of [pageRun("older", connection.id, NOW - 2000), pageRun("newer", connection.id, NOW - 1000)]) {
      await records.saveRun(run);
      await records.addRunToConnection(connection.id, run.id);
    }
    // Each connection keeps its newest run only: "older" goes at the next prune.
    const pruner = new RunPruner(area, records, 1);
    const runs = new RunManager(records, settings, () => NOW, { exclusive: (task) => pruner.exclusive(task) });
    return { store, records, pruner, runs, budget: new BudgetGuard(records, store, () => NOW) };
  }

  it("pruned while its deletes are in flight: it stays removed and its usage is counted once", async () => {
    const { records, pruner, runs, budget } = await setup();
    const before = (await budget.summary()).allTime;

    const undo = runs.undo("older");
    await deleteStarted;
    expect((await pruner.prune()).pruned).toEqual(["older"]);
    releaseDeletes();
    await expect(undo).resolves.toEqual({ removed: 1 });

    expect(await records.getRun("older")).toBeUndefined();
    expect((await budget.summary()).allTime).toEqual(before);
    // A later prune finds nothing to fold again.
    expect((await pruner.prune()).pruned).toEqual([]);
    expect((await budget.summary()).allTime).toEqual(before);
  });

  it("cleared while its deletes are in flight: no run record comes back", async () => {
    const { store, pruner, runs } = await setup();

    const undo = runs.undo("newer");
    await deleteStarted;
    await clearAllData({ runs, mirrorSettled: async () => {}, store, exclusive: (task) => pruner.exclusive(task) });
    releaseDeletes();
    await undo;

    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.startsWith("run"))).toEqual([]);
  });

  it("still records the Undo of a run that stays", async () => {
    const { records, runs } = await setup();
    releaseDeletes();
    await expect(runs.undo("newer")).resolves.toEqual({ removed: 1 });
    expect(await records.getRun("newer")).toMatchObject({ undoneAt: NOW });
  });
});
