/**
 * A worker restarting with storage full: closing an interrupted run can't be
 * saved, yet start-up completes (every request waits for it, Clear all data
 * included) and the other interrupted runs still resume. And a start that
 * storage refused leaves nothing for the next start to resume.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Run } from "../../../../src/shared/storage/schema";
import { failingStorage } from "../../../support/failing-storage";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { keyedSettings, refuseNotion, holdNotion, databaseDraft, DATABASE_TARGET } = await import("../../../support/run-manager-setup");

function interrupted(id: string, connectionId: string, patch: Partial<Run>): Run {
  return {
    id,
    connectionId,
    kind: "page",
    targetId: "page-1",
    engine: "gemini",
    model: "m",
    status: "running",
    startedAt: 1,
    receivedChars: 10,
    inputTokens: 0,
    outputTokens: 3,
    writtenBlockIds: ["b1"],
    blocksWritten: 1,
    ...patch,
  };
}

describe("resume at start-up with storage full", () => {
  let release: () => void;

  beforeEach(() => {
    fakeBrowser.reset();
    // Notion holds every request until released, then refuses the token: the resumed run stays going meanwhile.
    release = holdNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("completes, logs why, and still resumes the database run", async () => {
    const { settings } = await keyedSettings();
    const storage = failingStorage(fakeBrowser.storage.local as never);
    const records = new RecordStore(storage.area);
    const database = await records.saveConnection(databaseDraft(), DATABASE_TARGET);
    // The page run (oldest) is closed first; its save is refused.
    await records.saveRun(interrupted("page-run", "page-connection", { startedAt: 1 }));
    await records.saveRun(interrupted("db-run", database.id, { kind: "database", targetId: "db-1", startedAt: 2, rows: [{ rowId: "r1", title: "A", state: "pending" }] }));
    const failed = vi.fn();
    const runs = new RunManager(records, settings, Date.now, { onRunFailed: failed });
    storage.fill();

    await expect(runs.resumeInterrupted()).resolves.toBeUndefined();
    expect([...runs.activeRunIds()]).toEqual(["db-run"]);
    expect(failed).toHaveBeenCalledWith({ code: "storage_failed", message: expect.stringContaining("storage in this browser is full") });
    release();
    await vi.waitFor(() => expect(runs.activeRunIds().size).toBe(0));
  });
});

describe("a start that storage refuses", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    refuseNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("leaves no run behind for the next start to resume: the user was told it didn't start", async () => {
    const { settings } = await keyedSettings();
    const storage = failingStorage(fakeBrowser.storage.local as never);
    const records = new RecordStore(storage.area);
    const database = await records.saveConnection(databaseDraft(), DATABASE_TARGET);
    // The run's record fits; the connection's list of runs no longer does.
    storage.failWhen(({ method, keys }) => method === "set" && keys.some((key) => key.startsWith("connection:")));

    await expect(new RunManager(records, settings).start(database.id)).rejects.toMatchObject({ code: "storage_failed" });
    expect(await records.listRuns()).toEqual([]);

    // The next worker start finds nothing to resume.
    const restarted = new RunManager(records, settings);
    await restarted.resumeInterrupted();
    expect(restarted.activeRunIds().size).toBe(0);
  });
});

describe("resume of a connection an import left unchecked", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.stubGlobal("fetch", vi.fn(async () => new Response("{}", { status: 500 })));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("closes the interrupted run instead of writing with settings nobody checked (an import replaced them while it ran)", async () => {
    const { connectionKey } = await import("../../../../src/shared/storage/schema");
    const { settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const database = await records.saveConnection(databaseDraft(), DATABASE_TARGET);
    await records.saveRun(interrupted("db-run", database.id, { kind: "database", targetId: "db-1", startedAt: 2, rows: [{ rowId: "r1", title: "A", state: "pending" }] }));
    // What an import does to the stored connection meanwhile: new settings, marked to be checked before they run.
    const key = connectionKey(database.id);
    const stored = (await fakeBrowser.storage.local.get(key))[key] as Record<string, unknown>;
    await fakeBrowser.storage.local.set({ [key]: { ...stored, targetUnchecked: true } });

    const runs = new RunManager(records, settings, Date.now);
    await runs.resumeInterrupted();
    expect(runs.activeRunIds().size).toBe(0);
    expect((await records.getRun("db-run"))?.status).toMatch(/failed|partial/);
    expect(fetch).not.toHaveBeenCalled();
  });
});
