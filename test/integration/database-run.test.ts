import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GeminiEngine } from "../../src/ai/gemini";
import { runDatabase } from "../../src/background/runs/database-run";
import { RecordStore } from "../../src/background/connections/records";
import { NOTION_VERSION } from "../../src/notion/client";
import { inspectDatabase } from "../../src/notion/databases";
import { NotionScheduler } from "../../src/notion/scheduler";
import type { Connection, DatabaseSettings, Run } from "../../src/shared/storage/schema";
import { defaultGenerationOptions } from "../../src/shared/storage/schema";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { startedRun } from "../support/runs";
import { outline, TOKEN } from "./helpers";

type Db = { databaseId: string; dataSourceId: string; rowIds: string[] };

describe("database runs against the emulators (Notion rate limit on)", () => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let notion: NotionEmulator;
  let notionServer: Listening;
  let records: RecordStore;

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 5, tokensPerSecond: 5000 } });
    // Each answer names its row, so duplicates and mix-ups are visible.
    gemini.answerWhen(/Topic: (.+)/, (request) => `## ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}\n\nBody for ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    records = new RecordStore(fakeBrowser.storage.local as never);
    notion = new NotionEmulator();
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
  });
  afterEach(() => notionServer.close());

  function seed(ticked = 6, unticked = 2): Db {
    const rows = [
      ...Array.from({ length: ticked }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true, Audience: i % 2 ? "Developers" : "Managers" })),
      ...Array.from({ length: unticked }, (_, i) => ({ Name: `Unticked ${i + 1}`, Generate: false })),
    ];
    const page = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    return notion.createDatabase({
      parentPageId: page,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} }, Audience: { select: {} }, Summary: { rich_text: {} }, "AI status": { select: {} } },
      rows,
    });
  }

  function client(fetchImpl?: typeof fetch, scheduler = new NotionScheduler({ baseDelayMs: 30, maxDelayMs: 300, ...(fetchImpl ? { fetch: fetchImpl } : {}) })) {
    return new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
  }

  function connection(db: Db, database: Partial<DatabaseSettings> = {}, prompt = "Topic: {{title}}"): Connection & { database: DatabaseSettings } {
    return {
      id: "c1",
      name: "Topics",
      kind: "database",
      url: `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`,
      targetId: db.databaseId,
      targetTitle: "Topics",
      prompt,
      options: defaultGenerationOptions(),
      createdAt: 0,
      updatedAt: 0,
      runIds: [],
      database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" }, statusProperty: "AI status", ...database },
    };
  }

  function newRun(db: Db, rowLimit?: number): Run {
    return startedRun({ id: `run-${Math.random()}`, targetId: db.databaseId, ...(rowLimit ? { rowLimit } : {}) });
  }

  async function execute(run: Run, conn: Connection & { database: DatabaseSettings }, notionClient = client(), signal = new AbortController().signal) {
    return runDatabase({
      run,
      connection: conn,
      client: notionClient,
      engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }),
      records,
      signal,
      concurrency: 3,
      save: async (next) => records.saveRun(next),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
  }

  /** Each ticked row's body holds its own answer exactly once; unticked rows are untouched. */
  function expectEachRowWrittenOnce(db: Db, ticked: number) {
    for (const [index, rowId] of db.rowIds.entries()) {
      const body = outline(notion.blockTree(rowId) as never);
      const row = notion.rows(db.databaseId).find((candidate) => candidate.id === rowId)!;
      if (index < ticked) {
        expect(body).toEqual([`heading_2:Topic ${index + 1}`, `paragraph:Body for Topic ${index + 1}.`]);
        expect(row.properties.Generate).toMatchObject({ checkbox: false });
        expect(row.properties["AI status"]).toMatchObject({ select: { name: "Done" } });
      } else {
        expect(body).toEqual([]);
        expect(row.properties.Generate).toMatchObject({ checkbox: false });
        expect(row.properties["AI status"]).toMatchObject({ select: null });
      }
    }
  }

  it("fills the 6 ticked rows' bodies, clears their checkboxes, leaves the 2 unticked alone", async () => {
    const db = seed();
    const result = await execute(newRun(db), connection(db));
    expect(result.status).toBe("succeeded");
    expect(result.rows?.map((row) => row.state)).toEqual(Array(6).fill("done"));
    expectEachRowWrittenOnce(db, 6);
    // Few calls per row: one append and one property update (plus the schema read and the query). Not counted:
    // the 429s of the scheduler finding Notion's budget (nothing assumed, so the first burst meets the limit).
    const writes = notion.requestLog().filter((entry) => entry.method === "PATCH" && entry.status !== 429).length;
    expect(writes).toBe(12);
  });

  it("fills a text property from a template with {{Property}} placeholders", async () => {
    const db = seed(3, 1);
    const prompt = "Topic: {{Name}} for {{Audience}}";
    const result = await execute(newRun(db), connection(db, { output: { type: "property", property: "Summary", overwrite: "if_empty" } }, prompt));
    expect(result.status).toBe("succeeded");
    const rows = notion.rows(db.databaseId);
    for (const index of [0, 1, 2]) {
      const summary = rows[index]!.properties.Summary as unknown as { rich_text: { plain_text: string }[] };
      expect(summary.rich_text.map((item) => item.plain_text).join("")).toContain(`Topic ${index + 1} for ${index % 2 ? "Developers" : "Managers"}`);
    }
    expect(rows[3]!.properties.Summary).toMatchObject({ rich_text: [] });
    expect(notion.requestLog().filter((entry) => entry.method === "PATCH" && entry.status !== 429)).toHaveLength(3);
  });

  it("reads each row's template, output and status properties on Notion API 2026-12-01 too, asking for just those by id", async () => {
    const db = seed(3, 0);
    const filled = db.rowIds[1]!;
    await client().pages.update({ page_id: filled, properties: { Summary: { rich_text: [{ text: { content: "Written by hand" } }] } } });
    notion.clearRequestLog();
    // 2026-12-01 lists pages with their title only unless filter_properties names more (the upgrade guide's first change).
    const nextVersion = new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: "2026-12-01", logLevel: LogLevel.ERROR, logger: () => {}, ...new NotionScheduler({ baseDelayMs: 30, maxDelayMs: 300 }).clientOptions() });
    const result = await execute(newRun(db), connection(db, { output: { type: "property", property: "Summary", overwrite: "if_empty" } }, "Topic: {{Name}} for {{Audience}}"), nextVersion);
    expect(result.status).toBe("succeeded");
    const rows = notion.rows(db.databaseId);
    const summary = (index: number) => (rows[index]!.properties.Summary as unknown as { rich_text: { plain_text: string }[] }).rich_text.map((item) => item.plain_text).join("");
    expect(summary(0)).toContain("Topic 1 for Managers");
    expect(summary(2)).toContain("Topic 3 for Managers");
    // The hand-written summary was read, so "only if empty" kept it.
    expect(summary(1)).toBe("Written by hand");
    const query = notion.requestLog().find((entry) => entry.method === "POST" && entry.path.includes("/query"))!;
    const asked = new URL(query.path, "http://x").searchParams.getAll("filter_properties");
    const schema = notion.getDataSource(db.dataSourceId)!.properties as Record<string, { id: string }>;
    expect(asked.sort()).toEqual(["Name", "Generate", "Audience", "Summary", "AI status"].map((name) => decodeURIComponent(schema[name]!.id)).sort());
  });

  it("previews a database at setup with its ticked rows on Notion API 2026-12-01 too", async () => {
    const db = seed(2, 1);
    const nextVersion = new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: "2026-12-01", logLevel: LogLevel.ERROR, logger: () => {} });
    const inspection = await inspectDatabase(nextVersion, `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`, { access: undefined });
    expect(inspection.selectionProperty).toBe("Generate");
    expect(inspection.preview.rows.map((row) => [row.title, row.checked])).toEqual([
      ["Topic 1", true],
      ["Topic 2", true],
      ["Unticked 1", false],
    ]);
    expect(inspection.preview.tickedCount).toBe(2);
  });

  it("lists the options of select properties at setup, for choosing typed outputs", async () => {
    const db = seed(2, 0);
    const inspection = await inspectDatabase(client(), `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`, { access: undefined });
    const audience = inspection.properties.find((property) => property.name === "Audience");
    expect([...(audience?.options ?? [])].sort()).toEqual(["Developers", "Managers"]);
    expect(inspection.properties.find((property) => property.name === "Summary")).not.toHaveProperty("options");
  });

  it("a row whose answer is empty fails saying the model returned nothing, and nothing is written to it", async () => {
    const db = seed(2, 0);
    gemini.scriptAnswer("");
    const result = await execute(newRun(db), connection(db));
    expect(result.status).toBe("partial");
    const empty = result.rows!.filter((row) => row.state === "failed");
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ emptyAnswer: true });
    expect(empty[0]!.reason).toMatch(/returned nothing/);
    expect(result.rows!.filter((row) => row.state === "done")).toHaveLength(1);
    expect(notion.blockTree(empty[0]!.rowId)).toEqual([]);
    expect(notion.rows(db.databaseId).find((row) => row.id === empty[0]!.rowId)!.properties["AI status"]).toMatchObject({ select: { name: "Error" } });
  });

  it("tries the first 3 rows only when asked", async () => {
    const db = seed();
    const result = await execute(newRun(db, 3), connection(db));
    expect(result.rows).toHaveLength(3);
    // The other three ticked rows stay ticked for a full run.
    expect(notion.rows(db.databaseId).filter((row) => (row.properties.Generate as unknown as { checkbox: boolean }).checkbox)).toHaveLength(3);
  });

  it("skips rows with an empty title, with the reason", async () => {
    const db = seed(2, 0);
    notion.addRow(db.dataSourceId, { Name: "", Generate: true });
    const result = await execute(newRun(db), connection(db));
    const skipped = result.rows!.filter((row) => row.state === "skipped");
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toMatch(/title/i);
  });

  it("says which properties exist when the template names one that was renamed", async () => {
    const db = seed(2, 0);
    await expect(execute(newRun(db), connection(db, {}, "Topic: {{Topik}}"))).rejects.toThrow(/Topik[\s\S]*Name/);
  });

  it("writes every row exactly once with 10% injected faults (before and after apply)", async () => {
    const db = seed(12, 2);
    notion.setFaults({ rate: 0.1, kinds: ["500", "502", "503", "529", "drop"], timing: "random", seed: 3 });
    const result = await execute(newRun(db), connection(db));
    notion.setFaults(null);
    expect(result.rows?.filter((row) => row.state !== "done")).toEqual([]);
    expectEachRowWrittenOnce(db, 12);
  });

  it("resumes after the worker dies at any point, and writes every row exactly once", async () => {
    for (const crashAfter of [1, 2, 4, 7]) {
      const db = seed(6, 1);
      const run = newRun(db);
      await records.saveRun(run);
      // The "worker" dies right after its n-th write reached Notion: the response never comes back.
      let writes = 0;
      let dead = false;
      const dying: typeof fetch = async (input, init) => {
        if (dead) return new Promise<Response>(() => undefined);
        const response = await fetch(input, init);
        if (init?.method === "PATCH" && ++writes >= crashAfter) {
          dead = true;
          return new Promise<Response>(() => undefined);
        }
        return response;
      };
      void execute(run, connection(db), client(dying)).catch(() => undefined);
      await until(() => dead);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // A new worker starts from what was persisted.
      const persisted = (await records.getRun(run.id))!;
      const result = await execute(persisted, connection(db));
      expect(result.status, `crash after ${crashAfter}`).toBe("succeeded");
      expectEachRowWrittenOnce(db, 6);
    }
  });

  it("stops cleanly when the AI quota runs out: the rest stay ticked and are marked for retry", async () => {
    const db = seed(4, 0);
    let calls = 0;
    const exhausting = new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url });
    const engine = {
      id: "gemini" as const,
      listModels: () => exhausting.listModels(),
      async *stream(request: Parameters<GeminiEngine["stream"]>[0]) {
        if (++calls > 1) throw Object.assign(new (await import("../../src/core/errors")).InkwellError("ai_quota_exhausted", "Gemini's quota for this key is used up."));
        yield* exhausting.stream(request);
      },
    };
    const result = await runDatabase({
      run: newRun(db),
      connection: connection(db),
      client: client(),
      engine,
      records,
      signal: new AbortController().signal,
      concurrency: 1,
      save: async () => undefined,
    });
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("ai_quota_exhausted");
    expect(result.rows!.filter((row) => row.state === "done")).toHaveLength(1);
    expect(result.rows!.filter((row) => row.state === "failed")).toHaveLength(3);
    const stillTicked = notion.rows(db.databaseId).filter((row) => (row.properties.Generate as unknown as { checkbox: boolean }).checkbox);
    expect(stillTicked).toHaveLength(3);
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
