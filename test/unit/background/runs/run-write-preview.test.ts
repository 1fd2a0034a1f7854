/** "Write these": a dry run's previews are written by one run at a time, from the answers stored when they were previewed. */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Run } from "../../../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { BudgetGuard } = await import("../../../../src/background/runs/budget");
const { keyedSettings, refuseNotion, databaseDraft } = await import("../../../support/run-manager-setup");

describe("run manager: Write these", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // Nothing may reach the network: Notion refuses the write run at once (no retries on 401), ending it.
    refuseNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function setup(dryPatch: Partial<Run> = {}) {
    const { store, settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const draft = databaseDraft();
    const connection = await records.saveConnection(draft, { id: "db-1", title: "Topics" });
    const dry: Run = {
      id: "dry-run",
      connectionId: connection.id,
      kind: "database",
      targetId: "db-1",
      engine: "gemini",
      model: "gemini-flash-latest",
      status: "succeeded",
      mode: "dry",
      startedAt: 1,
      endedAt: 2,
      receivedChars: 0,
      inputTokens: 10,
      outputTokens: 10,
      writtenBlockIds: [],
      blocksWritten: 0,
      rows: [
        { rowId: "r1", title: "A", state: "previewed", preview: { properties: [], newOptions: [] } },
        { rowId: "r2", title: "B", state: "previewed", preview: { properties: [], newOptions: [] } },
        { rowId: "r3", title: "C", state: "failed", reason: "Refused." },
      ],
      ...dryPatch,
    };
    await records.saveRun(dry);
    await records.setPreviewAnswer("dry-run", "r1", "## A");
    await records.setPreviewAnswer("dry-run", "r2", "## B");
    return { runs: new RunManager(records, settings), records, settings, store };
  }

  const ended = async (records: InstanceType<typeof RecordStore>, id: string) => {
    for (let run = await records.getRun(id); run?.status === "running"; run = await records.getRun(id)) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it("writes the previewed rows from their stored answers, names its run on the dry run first, and refuses a second write until that run is undone", async () => {
    const { runs, records } = await setup();
    const run = await runs.writePreview("dry-run");
    expect(run.previewOf).toBe("dry-run");
    expect(run.rows).toEqual([
      { rowId: "r1", title: "A", state: "generated" },
      { rowId: "r2", title: "B", state: "generated" },
    ]);
    expect((await records.getRun("dry-run"))?.writtenBy).toBe(run.id);
    await ended(records, run.id);
    await expect(runs.writePreview("dry-run")).rejects.toThrow(/already written/);
    const written = (await records.getRun(run.id))!;
    await records.saveRun({ ...written, undoneAt: 3 });
    const again = await runs.writePreview("dry-run");
    expect(again.id).not.toBe(run.id);
    await ended(records, again.id);
  });

  it("writes the previews even once this month's budget is reached: it generates nothing, so it spends nothing", async () => {
    const { records, settings, store } = await setup({ startedAt: Date.now(), inputTokens: 1_000_000, outputTokens: 1_000_000 });
    await settings.save({ usage: { prices: [{ model: "gemini-*", inputPerMillion: 1, outputPerMillion: 1 }], monthlyBudget: 1 } });
    const runs = new RunManager(records, settings, Date.now, { budget: new BudgetGuard(records, store) });
    await expect(runs.startDryRun((await records.getRun("dry-run"))!.connectionId)).rejects.toMatchObject({ code: "budget_reached" });
    const run = await runs.writePreview("dry-run");
    expect(run.previewOf).toBe("dry-run");
    await ended(records, run.id);
  });

  it("a writer named on the dry run that was never created (the worker stopped in between) doesn't block the write", async () => {
    const { runs, records } = await setup({ writtenBy: "never-created" });
    const run = await runs.writePreview("dry-run");
    await ended(records, run.id);
  });

  it("refuses a run that isn't a dry run, and a dry run whose previews are gone", async () => {
    const { runs, records } = await setup();
    await records.saveRun({ ...(await records.getRun("dry-run"))!, id: "plain-run", mode: undefined });
    await expect(runs.writePreview("plain-run")).rejects.toThrow(/no longer exists/);
    await records.removeRunScratch({ id: "dry-run", rows: [] });
    await fakeBrowser.storage.local.remove(["runpreview:dry-run:r1", "runpreview:dry-run:r2"]);
    await expect(runs.writePreview("dry-run")).rejects.toThrow(/no previews left/);
  });
});
