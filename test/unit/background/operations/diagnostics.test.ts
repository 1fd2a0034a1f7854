import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it } from "vitest";
import { buildDiagnostics, collectDiagnostics } from "../../../../src/background/operations/diagnostics";
import { ErrorLog } from "../../../../src/background/operations/error-log";
import { createMessageListener, type ContentHandlers, type PageHandlers } from "../../../../src/background/messaging/router";
import { InkwellError } from "../../../../src/core/errors";
import { defaultSettings, ERROR_LOG_LIMIT, type StoredSecrets } from "../../../../src/shared/storage/schema";
import { TypedStore } from "../../../../src/shared/storage/store";

const SECRETS: StoredSecrets = {
  notionToken: "ntn_plantedNotionSecret0123456789abcdef",
  geminiKey: "AIzaPlantedGeminiKey0123456789abcdefg",
  openaiKey: "sk-proj-plantedOpenAiKey0123456789",
  anthropicKey: "sk-ant-plantedAnthropicKey0123456789",
  // A local server key doesn't look like any known credential: only its exact value can catch it.
  compatibleKey: "localServerPassphrase-42",
};
const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

describe("diagnostics", () => {
  let store: TypedStore;
  let log: ErrorLog;
  let clock: number;

  beforeEach(async () => {
    fakeBrowser.reset();
    store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    clock = Date.UTC(2026, 10, 21, 8, 0, 0);
    log = new ErrorLog(store, async () => Object.values(SECRETS), () => clock++);
  });

  it("never contains a secret, even one pasted into a plain field or echoed by an error", async () => {
    await log.record({ code: "ai_invalid_key", message: `Provider said: key ${SECRETS.openaiKey} is wrong; server ${SECRETS.compatibleKey}`, context: "run" });
    const settings = {
      ...defaultSettings(),
      // People paste keys in the wrong box, and put credentials in server URLs.
      models: { ...defaultSettings().models, openai: SECRETS.openaiKey },
      compatibleBaseUrl: `http://user:${SECRETS.compatibleKey}@localhost:11434/v1`,
      connectionsDatabaseUrl: "https://www.notion.so/db-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    const text = buildDiagnostics({
      extensionVersion: "1.2.3",
      userAgent: "Mozilla/5.0 Chrome/142",
      schemaVersion: 3,
      settings,
      secrets: SECRETS,
      connections: { live: 4, deleted: 1 },
      runs: 9,
      mirror: { databaseUrl: "https://www.notion.so/x", pending: 3, lastError: `Notion said Bearer ${SECRETS.notionToken}` },
      errors: await log.list(),
      now: clock,
    });
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).toContain("Extension version: 1.2.3");
    expect(text).toContain("Browser: Mozilla/5.0 Chrome/142");
    expect(text).toContain("Storage schema version: 3");
    expect(text).toMatch(/notionToken=set, geminiKey=set, openaiKey=set, anthropicKey=set, compatibleKey=set/);
    expect(text).toContain("Connections: 4 (plus 1 in the trash)");
    expect(text).toContain("Runs: 9");
    expect(text).toContain("3 change(s) waiting");
    expect(text).toMatch(/2026-11-21T08:00:00.000Z \[run\] ai_invalid_key: Provider said/);
  });

  it("says which kind of Notion token is saved, without the name Notion gave it", () => {
    const facts = (settings: ReturnType<typeof defaultSettings>) =>
      buildDiagnostics({
        extensionVersion: "1",
        userAgent: "UA",
        schemaVersion: 3,
        settings,
        secrets: SECRETS,
        connections: { live: 0, deleted: 0 },
        runs: 0,
        mirror: { databaseUrl: null, pending: 0, lastError: null },
        errors: [],
        now: 0,
      });
    const personal = facts({ ...defaultSettings(), notionIdentity: { kind: "personal", name: "Ada Lovelace", workspaceName: "" } });
    expect(personal).toContain("notion token kind: personal access token");
    expect(personal).not.toContain("Ada Lovelace");
    expect(facts({ ...defaultSettings(), notionIdentity: { kind: "integration", name: "Inkwell", workspaceName: "Acme" } })).toContain("notion token kind: integration");
    expect(facts(defaultSettings())).toContain("notion token kind: not checked yet");
  });

  it("says whether keys are protected, and why not when the browser refused their storage", () => {
    const facts = {
      extensionVersion: "1",
      userAgent: "UA",
      schemaVersion: 3,
      settings: defaultSettings(),
      secrets: SECRETS,
      connections: { live: 0, deleted: 0 },
      runs: 0,
      mirror: { databaseUrl: null, pending: 0, lastError: null },
      errors: [],
      now: clock,
    };
    expect(buildDiagnostics({ ...facts, secretProtection: { ok: true } })).toContain("secret storage: protected (extension-only IndexedDB)");
    const refused = buildDiagnostics({ ...facts, secretProtection: { ok: false, problem: "IndexedDB: denied" } });
    expect(refused).toContain("secret storage: NOT PROTECTED: IndexedDB: denied");
  });

  it("says which secrets are missing without showing any value", () => {
    const text = buildDiagnostics({
      extensionVersion: "1",
      userAgent: "UA",
      schemaVersion: 3,
      settings: defaultSettings(),
      secrets: { ...SECRETS, geminiKey: "", compatibleKey: "" },
      connections: { live: 0, deleted: 0 },
      runs: 0,
      mirror: { databaseUrl: null, pending: 0, lastError: null },
      errors: [],
      now: 0,
    });
    expect(text).toContain("geminiKey=not set");
    expect(text).toContain("compatibleKey=not set");
    expect(text).toContain("Last errors (0):\n  (none)");
  });
});

describe("error log", () => {
  beforeEach(() => fakeBrowser.reset());

  it("keeps the last 20 errors, scrubbed, even when many are recorded at once", async () => {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const log = new ErrorLog(store, async () => [SECRETS.compatibleKey]);
    await Promise.all(Array.from({ length: 25 }, (_, i) => log.record({ code: "internal", message: `failure ${i} ${SECRETS.compatibleKey} ${SECRETS.notionToken}`, context: "test" })));
    const entries = await log.list();
    expect(entries).toHaveLength(ERROR_LOG_LIMIT);
    expect(entries[0]!.message).toMatch(/^failure 5 /);
    expect(entries.at(-1)!.message).toMatch(/^failure 24 /);
    expect(JSON.stringify(await fakeBrowser.storage.local.get("errorLog"))).not.toMatch(/localServerPassphrase|ntn_planted/);
  });

  it("is fed by the router with every failed request, scrubbed, with the message type as context", async () => {
    const recorded: { code: string; message: string; context: string }[] = [];
    const page = {
      "settings.get": async () => {
        throw new InkwellError("notion_unauthorized", `rejected ${SECRETS.notionToken}`);
      },
      ping: async () => ({ version: "1", engine: "gemini" }),
    } as unknown as PageHandlers;
    const listener = createMessageListener({
      extensionId: EXTENSION_ID,
      extensionOrigin: ORIGIN,
      page,
      content: {} as ContentHandlers,
      ready: Promise.resolve(),
      knownSecrets: async () => [SECRETS.notionToken],
      recordError: (entry) => recorded.push(entry),
    });
    const popup = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };
    await listener({ type: "ping", payload: {} }, popup);
    await listener({ type: "settings.get", payload: {} }, popup);
    await listener({ type: "ping", payload: { unexpected: true } }, popup);
    expect(recorded).toEqual([
      { code: "notion_unauthorized", message: "rejected [redacted]", context: "settings.get" },
      { code: "invalid_input", message: 'Message refused: invalid payload for "ping".', context: "ping" },
    ]);
  });

  it("gathers its facts from the worker's services: live and deleted connections, runs, unreadable records, mirror and errors", async () => {
    fakeBrowser.reset();
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const clock = Date.UTC(2026, 10, 21, 8, 0, 0);
    const log = new ErrorLog(store, async () => Object.values(SECRETS), () => clock);
    await log.record({ code: "notion_unavailable", message: "Notion is down", context: "mirror" });
    const connection = (id: string, deletedAt?: number) => ({ id, ...(deletedAt === undefined ? {} : { deletedAt }) });
    const text = await collectDiagnostics({
      settings: { view: async () => ({ settings: defaultSettings(), secrets: { ...SECRETS, geminiKey: "" } }), protection: () => ({ ok: true }) },
      records: {
        listConnections: async (options) => [connection("a"), connection("b"), connection("c", 5)].filter((item) => options?.includeDeleted || item.deletedAt === undefined) as never,
        listRuns: async () => [{}, {}, {}, {}, {}, {}, {}] as never,
        invalidRecords: () => [{ key: "run:broken", reason: "missing" }],
      },
      mirrorStatus: async () => ({ databaseUrl: "https://www.notion.so/x", pending: 2, lastError: "Notion is down" }),
      errors: () => log.list(),
      schemaVersion: async () => 4,
      extensionVersion: "9.9.9",
      userAgent: "Mozilla/5.0 Chrome/142",
      now: () => clock,
    });
    expect(text).toContain("Extension version: 9.9.9");
    expect(text).toContain("Storage schema version: 4");
    expect(text).toContain("Connections: 2 (plus 1 in the trash)");
    expect(text).toContain("Runs: 7");
    expect(text).toContain("  run:broken: missing");
    expect(text).toContain("Connections database mirror: active, 2 change(s) waiting, last error: Notion is down");
    expect(text).toMatch(/\[mirror\] notion_unavailable: Notion is down/);
    expect(text).toContain("geminiKey=not set");
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
