/**
 * Watched databases against the Notion and Gemini emulators, with the real
 * RunManager, budget and storage (fake browser) and a fake clock: Date is
 * faked (and moved forward by the tests) while the servers run on real timers.
 * Each test wakes the worker the way its alarm would, by calling tick().
 */
import { testVault } from "../support/vault";
import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AutomationState, Run } from "../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { Automations, AUTOMATION_ALARM } = await import("../../src/background/automations/automations");
const { BudgetGuard } = await import("../../src/background/runs/budget");
const { RecordStore } = await import("../../src/background/connections/records");
const { RunManager } = await import("../../src/background/runs/run-manager");
const { SettingsService } = await import("../../src/background/settings/settings");
const { createNotionClient, NOTION_VERSION } = await import("../../src/notion/client");
const { TypedStore } = await import("../../src/shared/storage/store");
const { automationKey, defaultGenerationOptions } = await import("../../src/shared/storage/schema");
const { GeminiEmulator, GEMINI_DEMO_KEY } = await import("../sandbox/ai");
const { listenHttp } = await import("../sandbox/http");
const { NotionEmulator } = await import("../sandbox/notion/emulator");
const { TOKEN } = await import("./helpers");

type Listening = Awaited<ReturnType<typeof listenHttp>>;
type WatchOptions = { intervalMinutes?: number; match?: "ticked" | "output_empty" };

const MINUTE = 60_000;
const START = new Date("2026-12-07T10:00:30Z").getTime();

describe("watched databases (emulators, fake clock)", () => {
  let gemini: InstanceType<typeof GeminiEmulator>;
  let aiServer: Listening;
  let notion: InstanceType<typeof NotionEmulator>;
  let notionServer: Listening;
  let records: InstanceType<typeof RecordStore>;
  let store: InstanceType<typeof TypedStore>;
  let settings: InstanceType<typeof SettingsService>;
  let runs: InstanceType<typeof RunManager>;
  let alarms: { name: string; when?: number; cleared?: boolean }[];

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 5, tokensPerSecond: 5000 } });
    gemini.answerWhen(/Topic: (.+)/, (request) => `Summary of ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(START);
    fakeBrowser.reset();
    gemini.clearLog();
    notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
    // The extension talks to the real hosts; here they lead to the emulators.
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input)
        .replace("https://api.notion.com", notionServer.url)
        .replace("https://generativelanguage.googleapis.com", aiServer.url);
      return realFetch(input instanceof Request ? new Request(url, input) : url, init);
    });
    store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    settings = new SettingsService(store, testVault());
    await settings.save({ engine: "gemini", secrets: { notionToken: TOKEN, geminiKey: GEMINI_DEMO_KEY } });
    records = new RecordStore(fakeBrowser.storage.local as never);
    runs = newRunManager();
    alarms = [];
  });

  afterEach(async () => {
    await waitForRunsToEnd();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    await notionServer.close();
  });

  function newRunManager() {
    const budget = new BudgetGuard(records, store);
    return new RunManager(records, settings, Date.now, { budget, onRunEnded: (run) => void automationsRef.current?.runEnded(run) });
  }
  const automationsRef: { current?: InstanceType<typeof Automations> } = {};

  function newAutomations(runner: ConstructorParameters<typeof Automations>[0]["runs"] = runs) {
    const automations = new Automations({
      area: fakeBrowser.storage.local as never,
      records,
      runs: runner,
      notionToken: () => settings.requireNotionToken(),
      notion: (token) => createNotionClient(token),
      budgetReached: async () => (await new BudgetGuard(records, store).summary()).budget.reached,
      alarms: { create: (name, info) => alarms.push({ name, when: info.when }), clear: (name) => alarms.push({ name, cleared: true }) },
    });
    automationsRef.current = automations;
    return automations;
  }

  /** A topics database; rows are "Topic n" with Summary empty and Generate as given. */
  function seed(rows: number, ticked = false) {
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const created = notion.createDatabase({
      parentPageId: home,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} }, Summary: { rich_text: {} } },
      rows: Array.from({ length: rows }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: ticked })),
    });
    return { ...created, homeId: home };
  }

  async function watched(db: ReturnType<typeof seed>, options: WatchOptions = {}) {
    const connection = await records.saveConnection(
      {
        name: "Topics",
        kind: "database",
        url: `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`,
        prompt: "Topic: {{title}}",
        options: defaultGenerationOptions(),
        database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "if_empty" } },
      },
      { id: db.databaseId, title: "Topics" },
    );
    const automations = newAutomations();
    await automations.configure(connection.id, { type: "watch", enabled: true, intervalMinutes: options.intervalMinutes ?? 1, match: options.match ?? "output_empty", notify: false });
    await waitForRunsToEnd();
    return { connection, automations };
  }

  async function waitForRunsToEnd() {
    await vi.waitFor(async () => expect((await records.listRuns()).filter((run) => run.status === "running")).toEqual([]), { timeout: 20_000, interval: 20 });
    // The run's end reaches the watch's state through a hook: let it land.
    await vi.waitFor(async () => {
      for (const run of await records.listRuns()) if (run.trigger === "automatic") expect((await state(run.connectionId))?.countedRunIds ?? []).toContain(run.id);
    });
  }

  async function state(connectionId: string) {
    const key = automationKey(connectionId);
    return (await fakeBrowser.storage.local.get(key))[key] as AutomationState | undefined;
  }

  const summaryOf = (db: ReturnType<typeof seed>, index: number) => {
    const row = notion.rows(db.databaseId)[index]!;
    return (row.properties.Summary as unknown as { rich_text: { plain_text: string }[] }).rich_text.map((item) => item.plain_text).join("");
  };
  const queries = () => notion.requestLog().filter((entry) => entry.method === "POST" && /\/query(\?|$)/.test(entry.path)).length;
  /** AI calls whose prompt names this topic ("Topic 1" not matching "Topic 10"). */
  const prompts = (topic: string) => gemini.requests.filter((request) => new RegExp(`Topic: ${topic}(?![0-9])`).test(JSON.stringify(request.body ?? ""))).length;
  const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);
  const sdk = () => new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {} });

  it("fills the rows there are at once, then new rows as they appear, each once, without a click", async () => {
    const db = seed(2);
    const { connection, automations } = await watched(db);
    expect([summaryOf(db, 0), summaryOf(db, 1)]).toEqual(["Summary of Topic 1.", "Summary of Topic 2."]);

    notion.addRow(db.dataSourceId, { Name: "Topic 3" });
    notion.addRow(db.dataSourceId, { Name: "Topic 4" });
    advance(MINUTE);
    await automations.tick();
    await waitForRunsToEnd();
    expect([0, 1, 2, 3].map((index) => summaryOf(db, index))).toEqual(["Summary of Topic 1.", "Summary of Topic 2.", "Summary of Topic 3.", "Summary of Topic 4."]);
    for (const topic of ["Topic 1", "Topic 2", "Topic 3", "Topic 4"]) expect(prompts(topic), topic).toBe(1);

    // A check that finds nothing writes nothing and asks no AI.
    const before = { requests: gemini.requests.length, writes: notion.requestLog().filter((entry) => entry.method === "PATCH").length };
    advance(MINUTE);
    await automations.tick();
    expect(gemini.requests.length).toBe(before.requests);
    expect(notion.requestLog().filter((entry) => entry.method === "PATCH").length).toBe(before.writes);
    expect(await state(connection.id)).toMatchObject({ lastResult: "Nothing new to fill.", filledToday: 4, failures: 0 });

    const automatic = (await records.listRuns()).filter((run: Run) => run.trigger === "automatic");
    expect(automatic).toHaveLength(2);
    expect(automatic.every((run) => run.status === "succeeded" && run.selection === "output_empty")).toBe(true);
  });

  it("asks Notion only for rows edited since the last check (a last_edited_time filter)", async () => {
    const db = seed(1);
    const { automations } = await watched(db);
    notion.clearRequestLog();
    advance(MINUTE);
    await automations.tick();
    const [query] = notion.requestLog().filter((entry) => /\/query(\?|$)/.test(entry.path));
    expect(JSON.stringify(query)).toContain("last_edited_time");
  });

  it("fills a row once more when someone empties it again, and only once", async () => {
    const db = seed(1);
    const { automations } = await watched(db);
    expect(summaryOf(db, 0)).toBe("Summary of Topic 1.");
    advance(2 * MINUTE);
    await sdk().pages.update({ page_id: db.rowIds[0]!, properties: { Summary: { rich_text: [] } } });
    for (let check = 0; check < 3; check++) {
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
    }
    expect(summaryOf(db, 0)).toBe("Summary of Topic 1.");
    expect(prompts("Topic 1")).toBe(2);
  });

  it("doesn't ask the AI again at every check for a row whose answer came back empty (it still matches 'is empty')", async () => {
    const db = seed(0);
    const { automations } = await watched(db);
    notion.addRow(db.dataSourceId, { Name: "Blank" });
    gemini.scriptAnswer("");
    for (let check = 0; check < 4; check++) {
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
    }
    expect(summaryOf(db, 0)).toBe("");
    expect(prompts("Blank")).toBe(1);
  });

  it("doesn't take Inkwell's own write for someone's edit when Notion's clock is ahead of the computer's", async () => {
    // Notion stamps the row's update (empty answer, checkbox cleared) with its own, later, time.
    await notionServer.close();
    notion = new NotionEmulator({ rateLimit: false, clock: () => Date.now() + 3 * MINUTE });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
    const db = seed(0);
    const { automations } = await watched(db);
    notion.addRow(db.dataSourceId, { Name: "Blank" });
    gemini.scriptAnswer("");
    for (let check = 0; check < 4; check++) {
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
    }
    expect(prompts("Blank")).toBe(1);
  });

  it("looks at every row again after the connection is edited to fill another output property", async () => {
    const db = seed(2);
    const { connection, automations } = await watched(db);
    for (let check = 0; check < 4; check++) {
      advance(MINUTE);
      await automations.tick();
    }
    await sdk().dataSources.update({ data_source_id: db.dataSourceId, properties: { Notes: { rich_text: {} } } });
    // Edited in the connection's form (not through the watch's settings): the rows' Notes are all empty.
    await records.saveConnection(
      {
        id: connection.id,
        name: "Topics",
        kind: "database",
        url: connection.url,
        prompt: "Topic: {{title}}",
        options: defaultGenerationOptions(),
        database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "property", property: "Notes", overwrite: "if_empty" } },
      },
      { id: db.databaseId, title: "Topics" },
    );
    advance(MINUTE);
    await automations.tick();
    await waitForRunsToEnd();
    const notes = (index: number) =>
      (notion.rows(db.databaseId)[index]!.properties.Notes as unknown as { rich_text: { plain_text: string }[] }).rich_text.map((item) => item.plain_text).join("");
    expect([notes(0), notes(1)]).toEqual(["Summary of Topic 1.", "Summary of Topic 2."]);
  });

  it("fills the rows an automatic run couldn't reach because the computer went offline, once it is back", async () => {
    const db = seed(0);
    const { connection, automations } = await watched(db);
    notion.addRow(db.dataSourceId, { Name: "Topic 1" });
    notion.addRow(db.dataSourceId, { Name: "Topic 2" });
    // Notion answers the check, then the network drops before the AI is reached.
    const online = globalThis.fetch;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) =>
      /generativelanguage/.test(String(input instanceof Request ? input.url : input)) ? Promise.reject(new TypeError("Failed to fetch")) : online(input, init),
    );
    advance(MINUTE);
    await automations.tick();
    await waitForRunsToEnd();
    expect((await records.listRuns()).at(-1)).toMatchObject({ trigger: "automatic", error: { code: "offline" } });
    vi.stubGlobal("fetch", online);
    for (let check = 0; check < 5; check++) {
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
    }
    expect([summaryOf(db, 0), summaryOf(db, 1)]).toEqual(["Summary of Topic 1.", "Summary of Topic 2."]);
    expect(await state(connection.id)).toMatchObject({ failures: 0 });
    expect((await state(connection.id))?.paused).toBeUndefined();
  }, 60_000);

  it("pauses, instead of starting a run at every check, when the AI server stays unreachable", async () => {
    const db = seed(0);
    const { connection, automations } = await watched(db);
    notion.addRow(db.dataSourceId, { Name: "Topic 1" });
    const online = globalThis.fetch;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) =>
      /generativelanguage/.test(String(input instanceof Request ? input.url : input)) ? Promise.reject(new TypeError("Failed to fetch")) : online(input, init),
    );
    for (let check = 0; check < 5; check++) {
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
    }
    expect((await state(connection.id))?.paused).toMatchObject({ reason: "failing" });
    expect((await records.listRuns()).filter((run) => run.trigger === "automatic" && run.error?.code === "offline")).toHaveLength(3);
  }, 60_000);

  it("two connections watching the same rows don't take each other's writes for someone's edit", async () => {
    const db = seed(0);
    const { connection, automations } = await watched(db);
    const twin = await records.saveConnection(
      { name: "Topics again", kind: "database", url: connection.url, prompt: connection.prompt, options: defaultGenerationOptions(), database: connection.database! },
      { id: db.databaseId, title: "Topics" },
    );
    await automations.configure(twin.id, { type: "watch", enabled: true, intervalMinutes: 1, match: "output_empty", notify: false });
    await waitForRunsToEnd();
    notion.addRow(db.dataSourceId, { Name: "Blank" });
    // Every answer for it comes back empty, so it still matches "Summary is empty" for both.
    for (let answer = 0; answer < 8; answer++) gemini.scriptAnswer("");
    let asked: number;
    try {
      for (let check = 0; check < 6; check++) {
        advance(MINUTE);
        await automations.tick();
        await waitForRunsToEnd();
      }
      asked = prompts("Blank");
    } finally {
      // The unused empty answers must not reach the next test.
      gemini.reset();
      gemini.answerWhen(/Topic: (.+)/, (request) => `Summary of ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    }
    // Once for each connection (each decides for itself), then neither again.
    expect(asked).toBe(2);
  }, 60_000);

  it("leaves the rows of an automatic run the user undid alone (Undo isn't undone at the next check)", async () => {
    const db = seed(1);
    const { automations } = await watched(db);
    expect(summaryOf(db, 0)).toBe("Summary of Topic 1.");
    const [run] = (await records.listRuns()).filter((candidate) => candidate.trigger === "automatic");
    advance(MINUTE);
    await runs.undo(run!.id);
    expect(summaryOf(db, 0)).toBe("");
    for (let check = 0; check < 3; check++) {
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
    }
    expect(summaryOf(db, 0)).toBe("");
    expect(prompts("Topic 1")).toBe(1);
  });

  it("keeps to the interval, and sets its alarm for the next check", async () => {
    const db = seed(0);
    const { automations } = await watched(db, { intervalMinutes: 5 });
    const checkedAt = Date.now();
    expect(queries()).toBe(1);
    expect(alarms.at(-1)).toEqual({ name: AUTOMATION_ALARM, when: expect.closeTo(checkedAt + 5 * MINUTE, -3) });
    for (const minutes of [1, 2, 3, 4]) {
      vi.setSystemTime(checkedAt + minutes * MINUTE);
      await automations.tick();
    }
    expect(queries()).toBe(1);
    vi.setSystemTime(checkedAt + 5 * MINUTE);
    await automations.tick();
    expect(queries()).toBe(2);
  });

  it("checks once after a long sleep, not once per missed interval", async () => {
    const db = seed(1);
    await watched(db);
    notion.addRow(db.dataSourceId, { Name: "Topic 2" });
    // Twelve hours with the browser closed: a new worker (start-up) checks once.
    advance(12 * 60 * MINUTE);
    const before = queries();
    const restarted = newAutomations();
    await restarted.tick();
    await restarted.tick();
    await waitForRunsToEnd();
    expect(queries() - before).toBe(2); // the check, and the run reading its rows
    expect(summaryOf(db, 1)).toBe("Summary of Topic 2.");
    expect(alarms.at(-1)!.when).toBeGreaterThan(Date.now() + 50_000);
  });

  describe("pauses, with the reason on the connection, and Resume", () => {
    it("pauses when the monthly budget is reached, fills nothing, and resumes once the budget is raised", async () => {
      const db = seed(1);
      const { connection, automations } = await watched(db);
      await settings.save({ usage: { monthlyBudget: 0 } });
      notion.addRow(db.dataSourceId, { Name: "Topic 2" });
      advance(MINUTE);
      await automations.tick();
      expect((await state(connection.id))?.paused).toMatchObject({ reason: "budget", message: expect.stringContaining("Raise or remove the budget") });
      advance(10 * MINUTE);
      await automations.tick();
      expect(summaryOf(db, 1)).toBe("");
      expect(prompts("Topic 2")).toBe(0);

      await settings.save({ usage: { monthlyBudget: null } });
      await automations.resume(connection.id);
      await waitForRunsToEnd();
      expect(summaryOf(db, 1)).toBe("Summary of Topic 2.");
      expect((await state(connection.id))?.paused).toBeUndefined();
    });

    it("pauses when the Notion token stops working, and resumes once it is fixed", async () => {
      const db = seed(0);
      const { connection, automations } = await watched(db);
      await settings.save({ secrets: { notionToken: "ntn_revokedToken0000000000000000000000" } });
      advance(MINUTE);
      await automations.tick();
      expect((await state(connection.id))?.paused).toMatchObject({ reason: "credentials" });
      expect(JSON.stringify(await state(connection.id))).not.toContain("ntn_revoked");
      await settings.save({ secrets: { notionToken: TOKEN } });
      notion.addRow(db.dataSourceId, { Name: "Topic 9" });
      await automations.resume(connection.id);
      await waitForRunsToEnd();
      expect(summaryOf(db, 0)).toBe("Summary of Topic 9.");
    });

    it("pauses when the AI key stops working (the run fails), and resumes with the rows it didn't fill", async () => {
      const db = seed(0);
      const { connection, automations } = await watched(db);
      await settings.save({ secrets: { geminiKey: "AIzaNotAValidKey00000000000000000000000" } });
      notion.addRow(db.dataSourceId, { Name: "Topic 5" });
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
      expect((await state(connection.id))?.paused).toMatchObject({ reason: "credentials" });
      await settings.save({ secrets: { geminiKey: GEMINI_DEMO_KEY } });
      await automations.resume(connection.id);
      await waitForRunsToEnd();
      expect(summaryOf(db, 0)).toBe("Summary of Topic 5.");
    });

    it("pauses after 3 failed checks in a row", async () => {
      const db = seed(0);
      const { connection, automations } = await watched(db);
      // The output property is gone: every check's query is refused.
      await sdk().dataSources.update({ data_source_id: db.dataSourceId, properties: { Summary: null } });
      for (const expected of [1, 2]) {
        advance(MINUTE);
        await automations.tick();
        expect((await state(connection.id))?.failures).toBe(expected);
        expect((await state(connection.id))?.paused).toBeUndefined();
      }
      advance(MINUTE);
      await automations.tick();
      expect((await state(connection.id))?.paused).toMatchObject({ reason: "failing" });
      const checks = queries();
      advance(60 * MINUTE);
      await automations.tick();
      expect(queries()).toBe(checks);
    });

    it("pauses after 3 automatic runs in a row fail, though each check that started them succeeded", async () => {
      const db = seed(0);
      const { connection, automations } = await watched(db, { match: "ticked" });
      // The output property is gone: the ticked-rows query still works, but every run stops on the schema.
      await sdk().dataSources.update({ data_source_id: db.dataSourceId, properties: { Summary: null } });
      for (let check = 1; check <= 3; check++) {
        notion.addRow(db.dataSourceId, { Name: `Topic ${check}`, Generate: true });
        advance(MINUTE);
        await automations.tick();
        await waitForRunsToEnd();
      }
      expect((await state(connection.id))?.paused).toMatchObject({ reason: "failing" });
      const failedRuns = (await records.listRuns()).filter((run) => run.status === "failed").length;
      expect(failedRuns).toBe(3);
      notion.addRow(db.dataSourceId, { Name: "Topic 4", Generate: true });
      advance(MINUTE);
      await automations.tick();
      await waitForRunsToEnd();
      expect((await records.listRuns()).filter((run) => run.status === "failed")).toHaveLength(failedRuns);
    });

    it("pauses when the database is no longer shared", async () => {
      const db = seed(0);
      const { connection, automations } = await watched(db);
      // The database is shared through its parent page.
      notion.unshare(db.homeId, TOKEN);
      advance(MINUTE);
      await automations.tick();
      expect(await state(connection.id)).toMatchObject({ paused: { reason: "target", message: expect.stringContaining("share it with the integration") } });
      notion.share(db.homeId, TOKEN);
      await automations.resume(connection.id);
      expect((await state(connection.id))?.paused).toBeUndefined();
    });

    it("skips offline checks quietly, without counting them as failures", async () => {
      const db = seed(0);
      const { connection, automations } = await watched(db);
      vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
      for (let check = 0; check < 3; check++) {
        advance(MINUTE);
        await automations.tick();
      }
      expect(await state(connection.id)).toMatchObject({ failures: 0, lastResult: "Skipped: offline." });
      expect((await state(connection.id))?.paused).toBeUndefined();
    }, 60_000);
  });

  it("never starts a second run while a manual run fills the same database", async () => {
    const db = seed(4, true);
    gemini.setTiming({ ttftMs: 300, tokensPerSecond: 200 });
    const { connection, automations } = await (async () => {
      const saved = await records.saveConnection(
        {
          name: "Topics",
          kind: "database",
          url: `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`,
          prompt: "Topic: {{title}}",
          options: defaultGenerationOptions(),
          database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "if_empty" } },
        },
        { id: db.databaseId, title: "Topics" },
      );
      // The click comes first; the watch is turned on while its run is going.
      await runs.start(saved.id);
      const automations = newAutomations();
      await automations.configure(saved.id, { type: "watch", enabled: true, intervalMinutes: 1, match: "ticked", notify: false });
      return { connection: saved, automations };
    })();
    try {
      expect((await state(connection.id))?.lastResult).toMatch(/^Skipped: a run into this database was going/);
      // Both start at once: one run, the other refused.
      await Promise.all([automations.tick(), runs.start(connection.id).catch(() => undefined)]);
    } finally {
      gemini.setTiming({ ttftMs: 5, tokensPerSecond: 5000 });
    }
    await waitForRunsToEnd();
    advance(MINUTE);
    await automations.tick();
    await waitForRunsToEnd();
    expect((await records.listRuns()).filter((run) => run.rows?.some((row) => row.state === "done"))).toHaveLength(1);
    for (const index of [0, 1, 2, 3]) {
      expect(summaryOf(db, index)).toBe(`Summary of Topic ${index + 1}.`);
      expect(prompts(`Topic ${index + 1}`)).toBe(1);
    }
  });

  describe("scheduled page runs (local time)", () => {
    async function scheduled() {
      const pageId = notion.createPage({ title: "Daily", sharedWith: [TOKEN] });
      const connection = await records.saveConnection(
        { name: "Daily", kind: "page", url: `https://www.notion.so/${pageId.replace(/-/g, "")}`, prompt: "Briefing for {{today}}", options: defaultGenerationOptions() },
        { id: pageId, title: "Daily" },
      );
      const automations = newAutomations();
      await automations.configure(connection.id, { type: "schedule", enabled: true, days: [1, 2, 3, 4, 5], minuteOfDay: 8 * 60, notify: false });
      return { pageId, connection, automations };
    }
    const briefings = () => gemini.requests.filter((request) => /Briefing for/.test(JSON.stringify(request.body ?? ""))).length;

    beforeEach(() => {
      gemini.answerWhen(/Briefing for (.+)/, (request) => `Today is ${/Briefing for (.+?)(?:\n|$)/.exec(request.prompt)![1]!.trim()}.`);
      // Monday 7 December 2026, 07:59 local time.
      vi.setSystemTime(new Date(2026, 11, 7, 7, 59));
    });

    it("runs every weekday at 8:00 with today's date in the prompt, and not before", async () => {
      const { pageId, connection, automations } = await scheduled();
      await automations.tick();
      expect(briefings()).toBe(0);
      expect((await state(connection.id))?.nextAt).toBe(new Date(2026, 11, 7, 8).getTime());
      vi.setSystemTime(new Date(2026, 11, 7, 8, 0, 5));
      await automations.tick();
      await waitForRunsToEnd();
      expect(briefings()).toBe(1);
      const text = JSON.stringify(notion.blockTree(pageId));
      expect(text).toContain("(2026-12-07)");
      expect((await state(connection.id))?.nextAt).toBe(new Date(2026, 11, 8, 8).getTime());
      const [run] = await records.listRuns();
      expect(run).toMatchObject({ kind: "page", trigger: "automatic", status: "succeeded" });
    });

    it("runs a time missed while the browser was closed once, the same day only", async () => {
      const { automations, connection } = await scheduled();
      // Closed from 07:59 to 13:00: one run at start-up.
      vi.setSystemTime(new Date(2026, 11, 7, 13));
      await automations.tick();
      await automations.tick();
      await waitForRunsToEnd();
      expect(briefings()).toBe(1);
      // Closed from Monday 13:00 to Wednesday 09:00: Wednesday's 8:00 runs once; Tuesday's is not run late.
      vi.setSystemTime(new Date(2026, 11, 9, 9));
      await automations.tick();
      await automations.tick();
      await waitForRunsToEnd();
      expect(briefings()).toBe(2);
      expect(JSON.stringify(gemini.requests.at(-1)?.body)).toContain("2026-12-09");
      // Closed from Wednesday 09:00 to Saturday 10:00: Thursday's and Friday's briefings are skipped; the next is Monday's.
      vi.setSystemTime(new Date(2026, 11, 12, 10));
      await automations.tick();
      await waitForRunsToEnd();
      expect(briefings()).toBe(2);
      expect(await state(connection.id)).toMatchObject({ lastResult: expect.stringContaining("browser was closed"), nextAt: new Date(2026, 11, 14, 8).getTime() });
    });
  });

  describe("the worker stopped between the check and the run", () => {
    it("before the run was recorded: the next check finds the rows again, and fills them once", async () => {
      const db = seed(0);
      const { connection } = await watched(db);
      notion.addRow(db.dataSourceId, { Name: "Topic 7" });
      advance(MINUTE);
      const stopped = newAutomations({ hasRunOn: (id) => runs.hasRunOn(id), start: () => Promise.reject(new Error("worker stopped")) });
      await stopped.tick().catch(() => undefined);
      // The restarted worker.
      advance(MINUTE);
      const restarted = newAutomations();
      await restarted.tick();
      await waitForRunsToEnd();
      expect(summaryOf(db, 0)).toBe("Summary of Topic 7.");
      expect(prompts("Topic 7")).toBe(1);
      expect((await state(connection.id))?.paused).toBeUndefined();
    });

    it("after the run was recorded but before the watch saved its state: the run resumes, and nothing is filled twice", async () => {
      const db = seed(0);
      const { connection } = await watched(db);
      notion.addRow(db.dataSourceId, { Name: "Topic 8" });
      notion.addRow(db.dataSourceId, { Name: "Topic 9" });
      advance(MINUTE);
      // This worker records the run and stops before launching it or saving the watch's state.
      const dying = newRunManager();
      (dying as unknown as { launch: () => void }).launch = () => undefined;
      const stateBefore = await state(connection.id);
      const stopped = newAutomations({
        hasRunOn: (id) => dying.hasRunOn(id),
        start: async (id, limit, automatic) => {
          await dying.start(id, limit, automatic);
          throw new Error("worker stopped");
        },
      });
      await stopped.tick().catch(() => undefined);
      await fakeBrowser.storage.local.set({ [automationKey(connection.id)]: stateBefore });
      expect((await records.listRuns()).filter((run) => run.status === "running")).toHaveLength(1);

      // The restarted worker: start-up resumes the recorded run, then the watch's catch-up check.
      runs = newRunManager();
      await runs.resumeInterrupted();
      const restarted = newAutomations();
      await restarted.tick();
      await waitForRunsToEnd();
      advance(MINUTE);
      await restarted.tick();
      await waitForRunsToEnd();
      expect([summaryOf(db, 0), summaryOf(db, 1)]).toEqual(["Summary of Topic 8.", "Summary of Topic 9."]);
      expect(prompts("Topic 8")).toBe(1);
      expect(prompts("Topic 9")).toBe(1);
      // The one run the check recorded, resumed: no second run for the same rows.
      expect((await records.listRuns()).filter((run) => run.trigger === "automatic")).toHaveLength(1);
    });
  });
});
