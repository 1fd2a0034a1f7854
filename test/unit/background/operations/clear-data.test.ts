/**
 * "Clear all data" stops running jobs first, then clears: a run in progress
 * writes nothing back afterwards, so storage holds no run or connection key.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { clearAllData } = await import("../../../../src/background/operations/clear-data");
const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { RunPruner } = await import("../../../../src/background/runs/run-pruner");
const { defaultGenerationOptions } = await import("../../../../src/shared/storage/schema");
const { keyedSettings, holdNotion, pageDraft, PAGE_TARGET } = await import("../../../support/run-manager-setup");

describe("Clear all data", () => {
  let release: () => void;

  beforeEach(() => {
    fakeBrowser.reset();
    // Notion answers only once released (then refuses the token): the run is mid-request while the user clears.
    release = holdNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function setup() {
    const { store, settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const connection = await records.saveConnection(pageDraft(), PAGE_TARGET);
    const ended = vi.fn();
    const failed = vi.fn();
    const runs = new RunManager(records, settings, Date.now, { onRunEnded: ended, onRunFailed: failed });
    return { store, records, runs, connection, ended, failed };
  }

  const runOrConnectionKeys = async () => Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.startsWith("run") || key.startsWith("connection:"));

  it("stops a run in progress, then clears; nothing of the run is written back afterwards", async () => {
    const { store, runs, connection, ended, failed } = await setup();
    const run = await runs.start(connection.id);
    expect(await runOrConnectionKeys()).toEqual(expect.arrayContaining([`run:${run.id}`, `connection:${connection.id}`]));

    const clearing = clearAllData({ runs, mirrorSettled: async () => {}, store });
    // The run's Notion request answers while (and after) storage is cleared.
    setTimeout(release, 20);
    await clearing;
    await vi.waitFor(() => expect(runs.cancel(run.id)).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await runOrConnectionKeys()).toEqual([]);
    // The stopped run announces nothing (the mirror and the error log would write again).
    expect(ended).not.toHaveBeenCalled();
    expect(failed).not.toHaveBeenCalled();
    // Fresh defaults are back, and runs may start again.
    expect(await store.get("meta")).toMatchObject({ schemaVersion: expect.any(Number) });
  });

  it("refuses a start that arrives while it is clearing", async () => {
    const { store, runs, connection } = await setup();
    const running = await runs.start(connection.id);
    let mirrorDone!: () => void;
    const clearing = clearAllData({ runs, mirrorSettled: () => new Promise<void>((resolve) => (mirrorDone = resolve)), store });
    release();
    await vi.waitFor(() => expect(runs.cancel(running.id)).toBe(false));
    await expect(runs.start(connection.id)).rejects.toMatchObject({ message: expect.stringContaining("clearing") });
    mirrorDone();
    await clearing;
    expect(await runOrConnectionKeys()).toEqual([]);
  });

  it("two clears at once (two popups): no start slips in before the later one cleared", async () => {
    const { store, records, runs } = await setup();
    const mirrors: (() => void)[] = [];
    const clear = () => clearAllData({ runs, mirrorSettled: () => new Promise<void>((resolve) => mirrors.push(resolve)), store });
    const first = clear();
    const second = clear();
    await vi.waitFor(() => expect(mirrors).toHaveLength(2));
    mirrors[0]!();
    await first;
    // The user connects a page again in between, and starts it.
    const connection = await records.saveConnection({ name: "Again", kind: "page", url: "https://www.notion.so/y", prompt: "Write", options: defaultGenerationOptions() }, { id: "page-2", title: "Again" });
    // A start now would be wiped by the second clear while it runs, and its writes would come back afterwards.
    await expect(runs.start(connection.id)).rejects.toMatchObject({ message: expect.stringContaining("clearing") });
    mirrors[1]!();
    await second;
    release();
  });

  it("waits for a prune going on, and for a mirror write that started meanwhile, so that write can't land after the clear", async () => {
    const { store, records, runs } = await setup();
    await store.set("mirror", { dataSourceId: "ds-old", rows: { c1: "row-1" }, pending: {}, lastError: null });
    const pruner = new RunPruner(fakeBrowser.storage.local as never, records);
    let pruneDone!: () => void;
    const pruning = pruner.exclusive(() => new Promise<void>((resolve) => (pruneDone = resolve)));
    // A stand-in for the mirror: a flush reads its bookkeeping, and writes it back once Notion answered.
    const mirror: { flushing?: Promise<void> } = {};
    let cleared = false;
    const clearing = clearAllData({ runs, mirrorSettled: async () => void (await mirror.flushing), store, exclusive: (task) => pruner.exclusive(task) }).then(() => (cleared = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cleared).toBe(false);

    // While the clear waits for the prune, the mirror's retry alarm starts a flush.
    mirror.flushing = (async () => {
      const state = await store.get("mirror");
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.set("mirror", { ...state, lastError: null });
    })();
    pruneDone();
    await Promise.all([pruning, clearing, mirror.flushing]);

    expect(await store.get("mirror")).toMatchObject({ dataSourceId: null, rows: {} });
    release();
  });
});
