/** A run leaves no row answers behind once it ended: a failed or cancelled row's kept answer is removed with the run's end. */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { keyedSettings, refuseNotion, databaseDraft, DATABASE_TARGET } = await import("../../../support/run-manager-setup");

describe("run end: no row answers left behind", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    refuseNotion();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  async function setup() {
    const { settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const connection = await records.saveConnection(databaseDraft(), DATABASE_TARGET);
    return { records, connection, runs: new RunManager(records, settings) };
  }

  const textKeys = async () => Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.startsWith("runtext:"));

  it("removes the kept answers of a run's rows when the run fails", async () => {
    const { records, connection, runs } = await setup();
    await records.saveRun({
      id: "old",
      connectionId: connection.id,
      kind: "database",
      targetId: "db-1",
      engine: "gemini",
      model: "m",
      status: "partial",
      startedAt: 1,
      endedAt: 2,
      receivedChars: 0,
      inputTokens: 0,
      outputTokens: 0,
      writtenBlockIds: [],
      blocksWritten: 0,
      rows: [{ rowId: "r1", title: "A", state: "failed", reason: "x" }],
    });
    vi.spyOn(crypto, "randomUUID").mockReturnValue("1-2-3-4-5");
    // The retried row's answer was generated and kept, then the run failed before writing it (Notion refused).
    await records.setRunText("1-2-3-4-5", "r1", "An answer that will never be written");
    const retry = await runs.retryFailed("old");
    await vi.waitFor(async () => expect((await records.getRun(retry.id))?.status).toBe("failed"));
    await vi.waitFor(async () => expect(await textKeys()).toEqual([]));
  });

  it("removes them when a run interrupted by a restart is closed instead of resumed", async () => {
    const { records, runs } = await setup();
    await records.saveRun({
      id: "orphan",
      connectionId: "deleted-connection",
      kind: "database",
      targetId: "db-2",
      engine: "gemini",
      model: "m",
      status: "running",
      startedAt: 1,
      receivedChars: 0,
      inputTokens: 0,
      outputTokens: 0,
      writtenBlockIds: [],
      blocksWritten: 0,
      rows: [{ rowId: "r1", title: "A", state: "generated" }],
    });
    await records.setRunText("orphan", "r1", "kept answer");
    await runs.resumeInterrupted();
    expect(await records.getRun("orphan")).toMatchObject({ status: "failed" });
    expect(await textKeys()).toEqual([]);
  });
});
