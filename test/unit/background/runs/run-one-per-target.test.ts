/**
 * One run per target, whatever starts it: Generate (run.start), Retry failed
 * rows, the in-Notion panel (which the context menu and the keyboard command
 * open), and resume after a restart all claim the target in the run manager,
 * so a second run into the same page or database is refused while one is going.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import type { Runtime } from "webextension-polyfill";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Run } from "../../../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { createContentHandlers } = await import("../../../../src/background/messaging/content-handlers");
const { keyedSettings, holdNotion, databaseDraft } = await import("../../../support/run-manager-setup");

const DB_ID = "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9";
const DB_URL = "https://www.notion.so/acme/Topics-1a2b3c4d5e6f40718293a4b5c6d7e8f9";
const ALREADY_RUNNING = expect.objectContaining({ code: "invalid_input", message: expect.stringContaining("already running") });

function endedRun(id: string, connectionId: string, patch: Partial<Run> = {}): Run {
  return {
    id,
    connectionId,
    kind: "database",
    targetId: DB_ID,
    engine: "gemini",
    model: "gemini-flash-latest",
    status: "partial",
    startedAt: 1,
    endedAt: 2,
    receivedChars: 0,
    inputTokens: 10,
    outputTokens: 10,
    writtenBlockIds: ["b1"],
    blocksWritten: 1,
    rows: [
      { rowId: "r1", title: "A", state: "done", blockIds: ["b1"] },
      { rowId: "r2", title: "B", state: "failed", reason: "Gemini is overloaded." },
    ],
    ...patch,
  };
}

describe("run manager: one run per target, whatever starts it", () => {
  let release: () => void;

  beforeEach(() => {
    fakeBrowser.reset();
    release = holdNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function setup() {
    const { settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const draft = { ...databaseDraft(), url: DB_URL };
    const connection = await records.saveConnection(draft, { id: DB_ID, title: "Topics" });
    const copy = await records.saveConnection({ ...draft, name: "Topics again" }, { id: DB_ID, title: "Topics" });
    await records.saveRun(endedRun("failed-run", connection.id));
    await records.addRunToConnection(connection.id, "failed-run");
    const runs = new RunManager(records, settings);
    const ended = async () => {
      release();
      await vi.waitFor(async () => expect((await records.listRuns()).filter((run) => run.status === "running")).toEqual([]));
    };
    return { runs, records, settings, connection, copy, ended };
  }

  it("Retry failed rows is refused while Generate's run into the same database is going", async () => {
    const { runs, records, connection, ended } = await setup();
    const going = await runs.start(connection.id);
    await expect(runs.retryFailed("failed-run")).rejects.toEqual(ALREADY_RUNNING);
    expect((await records.listRuns()).map((run) => run.id).sort()).toEqual(["failed-run", going.id].sort());
    await ended();
  });

  it("Generate (from this connection or another one into the same database) is refused while a retry is going", async () => {
    const { runs, connection, copy, ended } = await setup();
    await runs.retryFailed("failed-run");
    await expect(runs.start(connection.id)).rejects.toEqual(ALREADY_RUNNING);
    await expect(runs.start(copy.id)).rejects.toEqual(ALREADY_RUNNING);
    await ended();
  });

  it("two retries at once start one run", async () => {
    const { runs, records, ended } = await setup();
    const results = await Promise.allSettled([runs.retryFailed("failed-run"), runs.retryFailed("failed-run")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason)).toEqual([ALREADY_RUNNING]);
    expect(await records.listRuns()).toHaveLength(2);
    await ended();
  });

  it("the in-Notion panel's Generate (also what the context menu and keyboard command open) is refused while a retry is going", async () => {
    const { runs, records, settings, ended } = await setup();
    const handlers = createContentHandlers({ records, runs, settings, notionAccess: async () => ({ kind: "integration", name: "Inkwell" }) });
    const sender: Runtime.MessageSender = { id: "inkwell", url: DB_URL, tab: { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false, url: DB_URL } };
    await runs.retryFailed("failed-run");
    // The panel shows the first connection of the page it finds: either one is refused.
    const shown = (await records.listConnections()).find((candidate) => candidate.targetId === DB_ID)!;
    await expect(handlers["content.generate"]({ url: DB_URL, connectionId: shown.id, prompt: shown.prompt, baseUpdatedAt: shown.updatedAt }, sender)).rejects.toEqual(ALREADY_RUNNING);
    await ended();
  });

  it("resume after a restart claims the target: of two interrupted runs into one database, one resumes and the other is closed", async () => {
    const { runs, records, connection, ended } = await setup();
    await records.saveRun(endedRun("interrupted-1", connection.id, { status: "running", startedAt: 10, endedAt: undefined, rows: [{ rowId: "r3", title: "C", state: "pending" }] }));
    await records.saveRun(endedRun("interrupted-2", connection.id, { status: "running", startedAt: 20, endedAt: undefined, blocksWritten: 0, writtenBlockIds: [], rows: [{ rowId: "r4", title: "D", state: "pending" }] }));
    await runs.resumeInterrupted();
    expect((await records.getRun("interrupted-1"))?.status).toBe("running");
    expect(await records.getRun("interrupted-2")).toMatchObject({ status: "failed", error: { code: "ai_stream_interrupted" } });
    // And a start from anywhere is refused while the resumed run goes on.
    await expect(runs.start(connection.id)).rejects.toEqual(ALREADY_RUNNING);
    await expect(runs.retryFailed("failed-run")).rejects.toEqual(ALREADY_RUNNING);
    await ended();
  });

  it("frees the target when the run ends, so the next start from any starter goes ahead", async () => {
    const { runs, connection, ended } = await setup();
    await runs.start(connection.id);
    await ended();
    await expect(runs.retryFailed("failed-run")).resolves.toMatchObject({ status: "running" });
    await ended();
  });
});

describe("run manager: a retry is a new run with its own Undo", () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("carries nothing of the old run's outcome: not undone, no preview, notice, error or row limit, fresh counts", async () => {
    const deleted: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        const method = init?.method ?? (input instanceof Request ? input.method : "GET");
        if (method === "DELETE") {
          deleted.push(url.split("/blocks/")[1] ?? url);
          return new Response(JSON.stringify({ object: "block", id: "x", archived: true }), { status: 200, headers: { "content-type": "application/json" } });
        }
        const refused = { object: "error", status: 401, code: "unauthorized", message: "API token is invalid." };
        return new Response(JSON.stringify(refused), { status: 401, headers: { "content-type": "application/json" } });
      }),
    );
    const { settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const connection = await records.saveConnection(
      { ...databaseDraft(), url: DB_URL },
      { id: DB_ID, title: "Topics" },
    );
    await records.saveRun(
      endedRun("old", connection.id, { undoneAt: 5, preview: "old answer", notice: "old notice", rowLimit: 3, receivedChars: 99, error: { code: "ai_unavailable", message: "old" }, waitingUntil: 7 }),
    );
    await records.addRunToConnection(connection.id, "old");
    const runs = new RunManager(records, settings);

    const retry = await runs.retryFailed("old");
    for (const field of ["undoneAt", "preview", "notice", "rowLimit", "error", "endedAt", "waitingUntil"]) expect(retry).not.toHaveProperty(field);
    expect(retry).toMatchObject({ status: "running", receivedChars: 0, inputTokens: 0, outputTokens: 0, blocksWritten: 0, writtenBlockIds: [], rows: [{ rowId: "r2", state: "pending" }] });
    await vi.waitFor(async () => expect((await records.getRun(retry.id))?.status).toBe("failed"));
    expect(await records.getRun(retry.id)).not.toHaveProperty("undoneAt");

    // The retried run is undoable on its own (here it wrote a block before stopping).
    await records.saveRun({ ...(await records.getRun(retry.id))!, rows: [{ rowId: "r2", title: "B", state: "done", blockIds: ["new-block"] }], writtenBlockIds: ["new-block"] });
    await expect(runs.undo(retry.id)).resolves.toEqual({ removed: 1 });
    expect(deleted).toEqual(["new-block"]);
  });
});
