/**
 * No silent storage failure: when storage.local refuses a critical save
 * (Chrome's QUOTA_BYTES error), a database run stops with a clear message
 * instead of writing answers to Notion that its record (and so Undo and
 * resume) would never know about.
 */
import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GeminiEngine } from "../../src/ai/gemini";
import { runDatabase } from "../../src/background/runs/database-run";
import { RecordStore } from "../../src/background/connections/records";
import { RunSaver } from "../../src/background/runs/run-saver";
import { NOTION_VERSION } from "../../src/notion/client";
import { NotionScheduler } from "../../src/notion/scheduler";
import type { Connection, DatabaseSettings, Run } from "../../src/shared/storage/schema";
import { defaultGenerationOptions } from "../../src/shared/storage/schema";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { failingStorage, type FailingStorage } from "../support/failing-storage";
import { startedRun } from "../support/runs";
import { outline, TOKEN } from "./helpers";

describe("database runs when storage is full", () => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let notion: NotionEmulator;
  let notionServer: Listening;
  let storage: FailingStorage;
  let records: RecordStore;

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 5, tokensPerSecond: 5000 } });
    gemini.answerWhen(/Topic: (.+)/, (request) => `Body for ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    storage = failingStorage(fakeBrowser.storage.local as never);
    records = new RecordStore(storage.area);
    notion = new NotionEmulator();
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
  });
  afterEach(() => notionServer.close());

  function seed(ticked: number) {
    const page = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    return notion.createDatabase({
      parentPageId: page,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} } },
      rows: Array.from({ length: ticked }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true })),
    });
  }

  async function execute(db: { databaseId: string; dataSourceId: string }, concurrency: number): Promise<Run> {
    const scheduler = new NotionScheduler({ baseDelayMs: 30, maxDelayMs: 300 });
    const client = new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
    const connection: Connection & { database: DatabaseSettings } = {
      id: "c1",
      name: "Topics",
      kind: "database",
      url: `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`,
      targetId: db.databaseId,
      targetTitle: "Topics",
      prompt: "Topic: {{title}}",
      options: defaultGenerationOptions(),
      createdAt: 0,
      updatedAt: 0,
      runIds: [],
      database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" } },
    };
    // As the run manager persists: through a RunSaver, whose critical saves must report failure.
    const saver = new RunSaver((run) => records.saveRun(run), 10);
    return runDatabase({
      run: startedRun({ id: "run-1", targetId: db.databaseId }),
      connection,
      client,
      engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }),
      records,
      signal: new AbortController().signal,
      concurrency,
      save: (run, critical) => saver.save(run, critical),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
  }

  it("stops the run with a clear 'storage is full' message when a row's answer can't be kept, writing nothing it couldn't record", async () => {
    const db = seed(5);
    // Room for the run's start and one row; the second answer finds storage full.
    let answersKept = 0;
    storage.failWhen(({ method, keys }) => {
      if (method !== "set") return false;
      if (keys.some((key) => key.startsWith("runtext:"))) answersKept++;
      if (answersKept >= 2) storage.fill();
      return answersKept >= 2;
    });
    const result = await execute(db, 1);

    expect(result.status).toBe("failed");
    expect(result.error).toEqual({ code: "storage_failed", message: expect.stringContaining("storage in this browser is full") });
    // Stopped: the rows after the failure were neither generated nor written, and stay ticked for the next run.
    const bodies = db.rowIds.map((rowId) => outline(notion.blockTree(rowId) as never));
    expect(bodies[0]).toEqual(["paragraph:Body for Topic 1."]);
    expect(bodies.slice(1)).toEqual([[], [], [], []]);
    const ticked = notion.rows(db.databaseId).map((row) => (row.properties.Generate as unknown as { checkbox: boolean }).checkbox);
    expect(ticked).toEqual([false, true, true, true, true]);
  });

  it("stops (rather than writing on unrecorded) when the run's own record can't be saved after a row was written", async () => {
    const db = seed(4);
    // The record that would say "row 1 is written" is refused.
    storage.failWhen(({ method, keys }) => method === "set" && keys.includes("run:run-1") && storage.writes.some((write) => write.keys.some((key) => key.startsWith("runtext:"))));
    const result = await execute(db, 1);
    expect(result).toMatchObject({ status: "failed", error: { code: "storage_failed" } });
    const bodies = db.rowIds.map((rowId) => outline(notion.blockTree(rowId) as never));
    // At most the row in hand when storage failed was written; no other row was started.
    expect(bodies.slice(1)).toEqual([[], [], []]);
  });
});
