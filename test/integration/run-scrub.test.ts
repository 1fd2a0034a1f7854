/**
 * Every text a run stores passes through the secret scrub: here a local model
 * server echoes its key in each row's failure, and neither the row reasons nor
 * the run record nor anything else in storage keeps it.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionDraft } from "../../src/shared/protocol/types";
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

// Shaped like no known credential: only its exact value can catch it.
const SERVER_KEY = "localServerPassphrase-42";

describe("run records are scrubbed of secrets", () => {
  let notion: NotionEmulator;
  let notionServer: Listening;
  const realFetch = globalThis.fetch;

  beforeEach(async () => {
    fakeBrowser.reset();
    notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
    vi.spyOn(fakeBrowser.permissions, "contains").mockResolvedValue(true as never);
    vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.host === "api.notion.com") return realFetch(`${notionServer.url}${url.pathname}${url.search}`, init);
      // The local model server refuses the key, and its message repeats it.
      return new Response(JSON.stringify({ error: { message: `Invalid API key: ${SERVER_KEY}` } }), { status: 400, headers: { "content-type": "application/json" } });
    });
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    await notionServer.close();
  });

  it("keeps no secret in row reasons, the run's error or anywhere in storage", async () => {
    const page = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({
      parentPageId: page,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} } },
      rows: [{ Name: "One", Generate: true }, { Name: "Two", Generate: true }],
    });
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = new SettingsService(store, testVault(), fakeBrowser.storage.local as never);
    await settings.save({ engine: "compatible", compatibleBaseUrl: "http://localhost:11434/v1", models: { compatible: "llama3.2" }, secrets: { notionToken: TOKEN, compatibleKey: SERVER_KEY } });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const draft: ConnectionDraft = {
      name: "Topics",
      kind: "database",
      url: `https://www.notion.so/${db.databaseId.replace(/-/g, "")}`,
      prompt: "Write about {{Name}}",
      options: defaultGenerationOptions(),
      database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" } },
    };
    const connection = await records.saveConnection(draft, { id: db.databaseId, title: "Topics" });
    const runs = new RunManager(records, settings, Date.now);
    const started = await runs.start(connection.id);

    let run = started;
    await vi.waitFor(async () => {
      run = (await records.getRuns([started.id]))[0]!;
      expect(run.endedAt).toBeDefined();
    }, { timeout: 20_000, interval: 50 });
    const reasons = (run.rows ?? []).map((row) => row.reason ?? "");
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) {
      expect(reason).toContain("Invalid API key: [redacted]");
    }
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(SERVER_KEY);
  });
});
