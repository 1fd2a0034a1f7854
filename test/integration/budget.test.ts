/**
 * The monthly budget during a database run, against the Notion and Gemini
 * emulators: once the month's estimated spend reaches the budget, the rows not
 * yet generated are skipped with the reason, what was written stays, and the
 * run ends with a notice.
 */
import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GeminiEngine } from "../../src/ai/gemini";
import { BudgetGuard } from "../../src/background/runs/budget";
import { runDatabase } from "../../src/background/runs/database-run";
import { RecordStore } from "../../src/background/connections/records";
import { NOTION_VERSION } from "../../src/notion/client";
import { NotionScheduler } from "../../src/notion/scheduler";
import { defaultGenerationOptions, type Connection, type DatabaseSettings } from "../../src/shared/storage/schema";
import { TypedStore } from "../../src/shared/storage/store";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { startedRun } from "../support/runs";
import { outline, TOKEN } from "./helpers";

describe("monthly budget during a database run", () => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let notion: NotionEmulator;
  let notionServer: Listening;
  let store: TypedStore;
  let records: RecordStore;

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 5, tokensPerSecond: 5000 } });
    gemini.answerWhen(/Topic: (.+)/, (request) => `Body for ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    records = new RecordStore(fakeBrowser.storage.local as never);
    notion = new NotionEmulator();
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
  });
  afterEach(() => notionServer.close());

  it("skips the remaining rows once the budget is reached, keeping what was written", async () => {
    const page = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({
      parentPageId: page,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} } },
      rows: Array.from({ length: 5 }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true })),
    });
    // $1 per token in or out: the first row alone reaches a $1 budget.
    const settings = await store.get("settings");
    await store.set("settings", { ...settings, usage: { prices: [{ model: "gemini-3.5-flash", inputPerMillion: 1_000_000, outputPerMillion: 1_000_000 }], monthlyBudget: 1 } });
    const guard = new BudgetGuard(records, store);
    await expect(guard.assertWithinBudget("gemini")).resolves.toBeUndefined();

    const connection: Connection & { database: DatabaseSettings } = {
      id: "c1",
      name: "Topics",
      kind: "database",
      url: "",
      targetId: db.databaseId,
      targetTitle: "Topics",
      prompt: "Topic: {{title}}",
      options: defaultGenerationOptions(),
      createdAt: 0,
      updatedAt: 0,
      runIds: [],
      database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" } },
    };
    const scheduler = new NotionScheduler({ baseDelayMs: 30, maxDelayMs: 300 });
    const client = new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
    const run = startedRun({ id: "run-1", targetId: db.databaseId });
    const result = await runDatabase({
      run,
      connection,
      client,
      engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }),
      records,
      signal: new AbortController().signal,
      concurrency: 1,
      save: async (next) => records.saveRun(next),
      budget: await guard.meter(run.engine, run.model),
    });

    expect(result.rows?.map((row) => row.state)).toEqual(["done", "skipped", "skipped", "skipped", "skipped"]);
    expect(result.rows?.[1]?.reason).toMatch(/^This month's estimated spend \(\$\d+\.\d\d\) has reached your budget of \$1\.00\. Raise or remove the budget in the Usage tab/);
    expect(result.status).toBe("succeeded");
    expect(result.notice).toMatch(/^Stopped before the remaining rows: This month's estimated spend/);
    // The first row's answer stays; the others are untouched and still ticked, ready for a later run.
    expect(outline(notion.blockTree(db.rowIds[0]!) as never)).toEqual(["paragraph:Body for Topic 1."]);
    for (const rowId of db.rowIds.slice(1)) {
      expect(notion.blockTree(rowId)).toEqual([]);
      expect(notion.rows(db.databaseId).find((row) => row.id === rowId)?.properties.Generate).toMatchObject({ checkbox: true });
    }

    // The next run is refused before it starts.
    await records.saveRun({ ...result, endedAt: Date.now() });
    await expect(guard.assertWithinBudget("gemini")).rejects.toMatchObject({ code: "budget_reached" });
  });
});
