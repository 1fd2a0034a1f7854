/**
 * Per-item records carry a version and are validated when read, by one reader
 * the worker and the extension pages share: a damaged record (or one from a
 * newer Inkwell) is reported and left out, never crashes whoever reads it.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { buildDiagnostics } from "../../../src/background/operations/diagnostics";
import { RecordStore } from "../../../src/background/connections/records";
import { RECORD_VERSION, readConnectionRecord, readRunRecord } from "../../../src/shared/storage/records-reader";
import { defaultGenerationOptions, defaultSettings, emptySecrets, type Connection, type Run } from "../../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
const { readLastRuns } = await import("../../../src/ui/connections/useConnections");
const { readAutomationStates } = await import("../../../src/ui/stored");

const connection: Connection = {
  id: "c1",
  name: "Blog",
  kind: "page",
  url: "https://www.notion.so/x",
  targetId: "t1",
  targetTitle: "Blog",
  prompt: "Write",
  options: defaultGenerationOptions(),
  createdAt: 1,
  updatedAt: 2,
  runIds: ["r1", "r2"],
};
const run: Run = {
  id: "r1",
  connectionId: "c1",
  kind: "page",
  targetId: "t1",
  engine: "gemini",
  model: "m",
  status: "succeeded",
  startedAt: 1,
  endedAt: 2,
  receivedChars: 3,
  inputTokens: 4,
  outputTokens: 5,
  writtenBlockIds: ["b"],
  blocksWritten: 1,
};

describe("the shared record reader", () => {
  it("reads a record written before versions (as version 1) and one of this version, without the version field", () => {
    expect(readConnectionRecord("connection:c1", connection)).toEqual({ ok: true, record: connection });
    expect(readRunRecord("run:r1", { ...run, recordVersion: RECORD_VERSION })).toEqual({ ok: true, record: run });
  });

  it("keeps fields it doesn't know (a later feature's), untouched", () => {
    const read = readRunRecord("run:r1", { ...run, journalSteps: 3, rows: [{ rowId: "x", title: "X", state: "appending", step: 2 }] });
    expect(read).toMatchObject({ ok: true, record: { journalSteps: 3, rows: [{ state: "appending", step: 2 }] } });
  });

  it("refuses a damaged record, naming the field, and one from a newer Inkwell", () => {
    expect(readConnectionRecord("connection:c1", { ...connection, runIds: undefined })).toEqual({ ok: false, problem: { key: "connection:c1", reason: expect.stringMatching(/^runIds: /) } });
    expect(readRunRecord("run:r1", { ...run, inputTokens: "many" })).toEqual({ ok: false, problem: { key: "run:r1", reason: expect.stringMatching(/^inputTokens: /) } });
    expect(readRunRecord("run:r1", "garbage")).toMatchObject({ ok: false });
    expect(readRunRecord("run:r1", { ...run, recordVersion: RECORD_VERSION + 1 })).toEqual({ ok: false, problem: { key: "run:r1", reason: "recordVersion: it was written by a newer Inkwell" } });
    expect(readRunRecord("run:other", run)).toEqual({ ok: false, problem: { key: "run:other", reason: "id: does not match its key" } });
  });
});

describe("records in the worker and the pages", () => {
  beforeEach(() => fakeBrowser.reset());

  it("the worker writes the version, leaves damaged records out of every answer and reports each once", async () => {
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const problems: string[] = [];
    records.onInvalidRecord((problem) => problems.push(problem.key));
    await records.saveRun(run);
    expect((await fakeBrowser.storage.local.get("run:r1"))["run:r1"]).toMatchObject({ recordVersion: RECORD_VERSION });
    await fakeBrowser.storage.local.set({
      "connection:c1": connection,
      "connection:broken": { id: "broken", name: "Half written" },
      "run:r2": { ...run, id: "r2", rows: "not rows" },
    });

    expect((await records.listConnections()).map((item) => item.id)).toEqual(["c1"]);
    expect(await records.getConnection("broken")).toBeUndefined();
    expect((await records.listRuns()).map((item) => item.id)).toEqual(["r1"]);
    expect((await records.getRuns(["r1", "r2"])).map((item) => item.id)).toEqual(["r1"]);
    await records.listRuns();
    expect(problems.sort()).toEqual(["connection:broken", "run:r2"]);

    // Diagnostics list them, with the field at fault and no value.
    const text = buildDiagnostics({
      extensionVersion: "1",
      userAgent: "test",
      schemaVersion: 3,
      settings: defaultSettings(),
      secrets: emptySecrets(),
      connections: { live: 1, deleted: 0 },
      runs: 1,
      invalidRecords: records.invalidRecords(),
      mirror: { databaseUrl: null, pending: 0, lastError: null },
      errors: [],
      now: 0,
    });
    expect(text).toContain("Unreadable records (left out): 2");
    expect(text).toMatch(/ {2}run:r2: rows: /);
    expect(text).toMatch(/ {2}connection:broken: kind: /);
    expect(text).not.toContain("not rows");

    // Once rewritten in a good shape, it is no longer listed.
    await records.saveRun({ ...run, id: "r2" });
    await records.listRuns();
    expect(records.invalidRecords().map((problem) => problem.key)).toEqual(["connection:broken"]);
  });

  it("the popup's list reads runs through the same reader: a damaged run is left out", async () => {
    await fakeBrowser.storage.local.set({ "run:r1": run, "run:r2": { ...run, id: "r2", writtenBlockIds: null } });
    const runs = await readLastRuns([{ ...connection, runIds: ["r1"] }, { ...connection, id: "c2", runIds: ["r2"] }]);
    expect([...runs.keys()]).toEqual(["r1"]);
  });

  it("the pages read automation states through the reader too: a damaged one, or one stored under another connection's key, is left out", async () => {
    const state = (connectionId: string) => ({ connectionId, nextAt: 5, failures: 0, filledToday: 0 });
    await fakeBrowser.storage.local.set({ "automation:c1": state("c1"), "automation:c2": { ...state("c2"), nextAt: "soon" }, "automation:c3": state("c1") });
    const states = await readAutomationStates(["c1", "c2", "c3", "c4"]);
    expect([...states.entries()]).toEqual([["c1", state("c1")]]);
  });
});
