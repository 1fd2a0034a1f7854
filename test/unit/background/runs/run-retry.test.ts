/** "Retry failed rows" runs with the engine the connection uses now, not the one the failed run used. */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { keyedSettings, refuseNotion, databaseDraft } = await import("../../../support/run-manager-setup");

describe("run manager: retry failed rows", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // Nothing may reach the network: Notion refuses the retried run at once (no retries on 401), ending it.
    refuseNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  /** A database connection whose last run (on Gemini) failed one row of two. */
  async function setup(secrets: Record<string, string>) {
    const { settings } = await keyedSettings({ secrets });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const base = databaseDraft();
    const connection = await records.saveConnection(base, { id: "db-1", title: "Topics" });
    await records.saveRun({
      id: "failed-run",
      connectionId: connection.id,
      kind: "database",
      targetId: "db-1",
      engine: "gemini",
      model: "gemini-flash-latest",
      status: "partial",
      startedAt: 1,
      endedAt: 2,
      receivedChars: 0,
      inputTokens: 10,
      outputTokens: 10,
      writtenBlockIds: [],
      blocksWritten: 0,
      rows: [
        { rowId: "r1", title: "A", state: "done" },
        { rowId: "r2", title: "B", state: "failed", reason: "Gemini is overloaded." },
      ],
    });
    await records.addRunToConnection(connection.id, "failed-run");
    /** The user switches this connection's engine after the failures. */
    const switchTo = (engine: "openai" | "anthropic", model: string) =>
      records.saveConnection({ ...base, id: connection.id, engine, model, baseUpdatedAt: connection.updatedAt }, { id: "db-1", title: "Topics" });
    return { runs: new RunManager(records, settings), records, switchTo };
  }

  it("uses the connection's current engine and model for the failed rows", async () => {
    const { runs, records, switchTo } = await setup({ openaiKey: "sk-unitTestKey0123456789abcdefghijklmnop" });
    await switchTo("openai", "gpt-5.6");
    const retry = await runs.retryFailed("failed-run");
    expect(retry).toMatchObject({ engine: "openai", model: "gpt-5.6", status: "running", rows: [{ rowId: "r2", title: "B", state: "pending" }] });
    expect(await records.getRun(retry.id)).toMatchObject({ engine: "openai", model: "gpt-5.6" });
    await vi.waitFor(async () => expect((await records.getRun(retry.id))?.status).not.toBe("running"));
  });

  it("refuses to retry a dry run's failed rows (the retry would write them) and saves no run", async () => {
    const { runs, records } = await setup({});
    const failed = (await records.getRun("failed-run"))!;
    await records.saveRun({ ...failed, mode: "dry", rows: [{ rowId: "r1", title: "A", state: "previewed" }, failed.rows![1]!] });
    await expect(runs.retryFailed("failed-run")).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("dry run") });
    expect((await records.listRuns()).map((run) => run.id)).toEqual(["failed-run"]);
  });

  it("refuses, naming the engine, when the connection's engine isn't set up, and saves no run", async () => {
    const { runs, records, switchTo } = await setup({});
    await switchTo("anthropic", "");
    await expect(runs.retryFailed("failed-run")).rejects.toMatchObject({ code: "not_configured", message: expect.stringContaining("This connection uses Claude") });
    expect((await records.listRuns()).map((run) => run.id)).toEqual(["failed-run"]);
  });
});
