/**
 * An imported connection (file or Notion connections database) runs only once
 * its target was resolved again from its id: a page now in the trash, or a
 * database connection whose data source belongs to another database, is
 * refused before any AI call.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { testVault } from "../support/vault";
import { TOKEN } from "./helpers";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../src/background/connections/records");
const { RunManager } = await import("../../src/background/runs/run-manager");
const { SettingsService } = await import("../../src/background/settings/settings");
const { TypedStore } = await import("../../src/shared/storage/store");
const { defaultGenerationOptions } = await import("../../src/shared/storage/schema");

describe("imported connections are checked before they run", () => {
  let notion: NotionEmulator;
  let notionServer: Listening;
  let aiCalls: number;
  const realFetch = globalThis.fetch;

  beforeEach(async () => {
    fakeBrowser.reset();
    aiCalls = 0;
    notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
    vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.host === "api.notion.com") return realFetch(`${notionServer.url}${url.pathname}${url.search}`, init);
      aiCalls++;
      return new Response(JSON.stringify({ error: { code: 503, message: "unavailable", status: "UNAVAILABLE" } }), { status: 503, headers: { "content-type": "application/json" } });
    });
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    await notionServer.close();
  });

  async function setup() {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = new SettingsService(store, testVault(), fakeBrowser.storage.local as never);
    await settings.save({ secrets: { notionToken: TOKEN, geminiKey: "AIzaIntegrationTestKey0123456789abcdef" } });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    return { records, runs: new RunManager(records, settings, Date.now) };
  }

  const exported = (fields: Record<string, unknown>) =>
    JSON.stringify({ format: "inkwell-connections", version: 1, connections: [{ name: "Imported", prompt: "Write about {{Name}}", options: defaultGenerationOptions(), createdAt: 1, updatedAt: 2, url: "", ...fields }] });

  it("refuses a page that is in Notion's trash now, before any AI call", async () => {
    const { records, runs } = await setup();
    const page = notion.createPage({ title: "Old", sharedWith: [TOKEN] });
    notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    await records.importConnections(exported({ id: "c-page", kind: "page", targetId: page, targetTitle: "Old", prompt: "Write" }));
    await realFetch(`${notionServer.url}/v1/pages/${page}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${TOKEN}`, "notion-version": "2026-03-11", "content-type": "application/json" },
      body: JSON.stringify({ in_trash: true }),
    });
    await expect(runs.start("c-page")).rejects.toMatchObject({ code: "notion_in_trash" });
    expect(aiCalls).toBe(0);
    expect((await records.getConnection("c-page"))?.targetUnchecked).toBe(true);
  });

  it("refuses a database connection whose data source belongs to another database", async () => {
    const { records, runs } = await setup();
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const mine = notion.createDatabase({ parentPageId: home, title: "Mine", properties: { Name: { title: {} }, Generate: { checkbox: {} } }, rows: [] });
    const other = notion.createDatabase({ parentPageId: home, title: "Other", properties: { Name: { title: {} }, Generate: { checkbox: {} } }, rows: [{ Name: "x", Generate: true }] });
    const database = { dataSourceId: other.dataSourceId, selectionProperty: "Generate", output: { type: "body" } };
    await records.importConnections(exported({ id: "c-db", kind: "database", targetId: mine.databaseId, targetTitle: "Mine", database }));
    await expect(runs.start("c-db")).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("don't match its Notion target") });
    expect(aiCalls).toBe(0);
  });

  it("runs one whose target holds up, under the target's current title, ", async () => {
    const { records, runs } = await setup();
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({ parentPageId: home, title: "Topics now", properties: { Name: { title: {} }, Generate: { checkbox: {} } }, rows: [] });
    const database = { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" } };
    await records.importConnections(exported({ id: "c-ok", kind: "database", targetId: db.databaseId, targetTitle: "Topics then", database }));
    const run = await runs.start("c-ok");
    expect(run.targetId).toBe(db.databaseId);
    const checked = await records.getConnection("c-ok");
    expect(checked).not.toHaveProperty("targetUnchecked");
    expect(checked?.targetTitle).toBe("Topics now");
    await vi.waitFor(async () => expect((await records.getRuns([run.id]))[0]?.endedAt).toBeDefined(), { timeout: 10_000 });
  });
});
