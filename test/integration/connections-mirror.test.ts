/**
 * The connections mirror against the Notion emulator, rate limit on: setting up
 * the database (created, or pasted with missing columns), mirroring every kind
 * of change, surviving faults without duplicate rows, and restoring everything
 * with "Import from Notion" after local storage is wiped.
 */
import { Client, LogLevel } from "@notionhq/client";
import { testVault } from "../support/vault";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toExported } from "../../src/background/connections/connection-file";
import { ConnectionsMirror } from "../../src/background/connections/mirror";
import { RecordStore } from "../../src/background/connections/records";
import { SettingsService } from "../../src/background/settings/settings";
import { COLUMNS, CONNECTIONS_DATABASE_TITLE } from "../../src/notion/connections-db";
import { NOTION_VERSION } from "../../src/notion/client";
import { NotionScheduler } from "../../src/notion/scheduler";
import type { ConnectionDraft } from "../../src/shared/protocol/types";
import { defaultGenerationOptions, type Connection, type Run } from "../../src/shared/storage/schema";
import { TypedStore } from "../../src/shared/storage/store";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { startedRun } from "../support/runs";
import { TOKEN } from "./helpers";

const AI_SECRETS = { geminiKey: "AIzaIntegrationGeminiKey0123456789abc", openaiKey: "sk-proj-integrationOpenAiKey0123456789", anthropicKey: "sk-ant-integrationClaudeKey012345", compatibleKey: "local-passphrase-0123456789" };

type RowView = { id: string; properties: Record<string, { type: string; [key: string]: unknown }> };

function text(property: { type: string; [key: string]: unknown } | undefined): string {
  if (!property) return "";
  const items = (property.title ?? property.rich_text) as { plain_text?: string }[] | undefined;
  if (items) return items.map((item) => item.plain_text ?? "").join("");
  if (property.type === "select") return (property.select as { name?: string } | null)?.name ?? "";
  if (property.type === "url") return (property.url as string | null) ?? "";
  if (property.type === "date") return (property.date as { start?: string } | null)?.start ?? "";
  return "";
}

describe("connections database mirror against the Notion emulator (rate limit on)", () => {
  let notion: NotionEmulator;
  let server: Listening;
  let scheduler: NotionScheduler;
  let store: TypedStore;
  let settings: SettingsService;
  let records: RecordStore;
  let mirror: ConnectionsMirror;
  let home: string;
  let notionVersion: string;

  function client(priority: "interactive" | "normal" = "normal"): Client {
    return new Client({ auth: TOKEN, baseUrl: server.url, notionVersion, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions({ priority }) });
  }

  /** The worker's objects over fresh (or kept) storage, as index.ts wires them. */
  async function boot() {
    store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    settings = new SettingsService(store, testVault());
    await settings.save({ secrets: { notionToken: TOKEN, ...AI_SECRETS } });
    records = new RecordStore(fakeBrowser.storage.local as never);
    mirror = new ConnectionsMirror({ store, records, settings, notion: (_token, priority) => client(priority), notionAccess: async () => ({ kind: "integration", name: "Inkwell Test" }) });
    records.onConnectionChange((id) => mirror.changed(id));
  }

  beforeEach(async () => {
    fakeBrowser.reset();
    notionVersion = NOTION_VERSION;
    notion = new NotionEmulator();
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    server = await listenHttp(notion.handle);
    scheduler = new NotionScheduler({ baseDelayMs: 20, maxDelayMs: 100 });
    home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    await boot();
  });
  afterEach(() => server.close());

  const pageUrl = (id: string) => `https://www.notion.so/Home-${id.replace(/-/g, "")}`;
  const draft = (overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
    name: "Blog ideas",
    kind: "page",
    url: "https://www.notion.so/Ideas-11111111222233334444555555555555",
    prompt: "Write three blog ideas.",
    options: defaultGenerationOptions(),
    ...overrides,
  });
  const PAGE = { id: "11111111-2222-3333-4444-555555555555", title: "Ideas" };
  const DATABASE = { id: "99999999-2222-3333-4444-555555555555", title: "Topics" };
  const databaseDraft = (overrides: Partial<ConnectionDraft> = {}) =>
    draft({
      name: "Topics",
      kind: "database",
      url: "https://www.notion.so/99999999222233334444555555555555?v=abc",
      prompt: "Summarise {{Name}} for {{Audience}}.",
      database: { dataSourceId: "ds-topics", selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "if_empty" }, statusProperty: "AI status" },
      engine: "openai",
      model: "gpt-5.6-mini",
      ...overrides,
    });

  function databaseIdOf(url: string): string {
    const hex = /([0-9a-f]{32})/.exec(url.replace(/-/g, ""))![1]!;
    return hex;
  }

  /** The emulated rows and the local list must say the same thing. */
  async function expectMirrorMatches(): Promise<RowView[]> {
    await mirror.settled();
    const { connectionsDatabaseUrl } = await store.get("settings");
    const rows = notion.rows(databaseIdOf(connectionsDatabaseUrl)) as RowView[];
    const local = await records.listConnections();
    const mirrored = rows.map((row) => ({
      id: text(row.properties["Inkwell ID"]),
      name: text(Object.values(row.properties).find((property) => property.type === "title")),
      type: text(row.properties.Type),
      prompt: text(row.properties.Prompt),
    }));
    const expected = local.map((connection) => ({ id: connection.id, name: connection.name, type: connection.kind === "page" ? "Page" : "Database", prompt: connection.prompt }));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(mirrored.sort(byId)).toEqual(expected.sort(byId));
    expect((await mirror.status()).pending).toBe(0);
    return rows;
  }

  it("“Create it for me” creates the database with the full schema under the chosen page, and mirrors existing connections", async () => {
    await records.saveConnection(draft(), PAGE);
    await records.saveConnection(databaseDraft(), DATABASE);
    const setup = await mirror.create(pageUrl(home));
    expect(setup).toMatchObject({ missingColumns: [], active: true });

    const database = notion.getDatabase(databaseIdOf(setup.databaseUrl)) as { id: string; parent: { page_id?: string }; title: { plain_text: string }[]; data_sources: { id: string }[] };
    expect(database.parent.page_id).toBe(home);
    expect(database.title.map((item) => item.plain_text).join("")).toBe(CONNECTIONS_DATABASE_TITLE);
    const source = notion.getDataSource(database.data_sources[0]!.id) as { properties: Record<string, { type: string }> };
    expect(Object.fromEntries(Object.entries(source.properties).map(([name, property]) => [name, property.type]))).toEqual(Object.fromEntries(COLUMNS.map((column) => [column.name, column.create])));
    expect((await store.get("settings")).connectionsDatabaseUrl).toBe(setup.databaseUrl);
    expect((await store.get("mirror")).dataSourceId).toBe(database.data_sources[0]!.id);
    expect(await mirror.status()).toMatchObject({ databaseUrl: setup.databaseUrl });

    const rows = await expectMirrorMatches();
    const topics = rows.find((row) => text(row.properties.Type) === "Database")!;
    expect(text(topics.properties.Engine)).toBe("OpenAI");
    expect(text(topics.properties.Model)).toBe("gpt-5.6-mini");
    expect(text(topics.properties.Target)).toBe("https://www.notion.so/99999999222233334444555555555555?v=abc");
  });

  it("refuses a parent page that isn't shared, saying how to share it", async () => {
    const hidden = notion.createPage({ title: "Private" });
    await expect(mirror.create(pageUrl(hidden))).rejects.toMatchObject({ code: "notion_not_shared", message: expect.stringContaining("“Inkwell Test”") });
  });

  it("connects to a pasted database: lists missing columns without touching it, adds them only with consent", async () => {
    await records.saveConnection(draft(), PAGE);
    // A title called "Title" (not "Name") is fine; the rest is missing.
    const pasted = notion.createDatabase({ parentPageId: home, title: "My connections", sharedWith: [TOKEN], properties: { Title: { title: {} }, Type: { select: {} }, Notes: { rich_text: {} } } });
    const url = `https://www.notion.so/${pasted.databaseId.replace(/-/g, "")}?v=1`;
    notion.clearRequestLog();

    const asked = await mirror.connect(url, false);
    expect(asked.active).toBe(false);
    expect(asked.missingColumns).toEqual(["Target", "Prompt", "Engine", "Model", "Created", "Last run", "Last result", "Inkwell ID", "Inkwell config"]);
    expect(notion.requestLog().filter((entry) => entry.method !== "GET")).toEqual([]);
    expect((await store.get("mirror")).dataSourceId).toBeNull();

    const agreed = await mirror.connect(url, true);
    expect(agreed).toMatchObject({ active: true, missingColumns: [] });
    const source = notion.getDataSource(pasted.dataSourceId) as { properties: Record<string, { type: string }> };
    expect(Object.keys(source.properties).sort()).toEqual(["Notes", "Title", ...COLUMNS.filter((column) => column.name !== "Name").map((column) => column.name)].sort());
    const [row] = await expectMirrorMatches();
    expect(text(row!.properties.Title)).toBe("Blog ideas");
  });

  it("refuses a database whose column has our name but another type", async () => {
    const pasted = notion.createDatabase({ parentPageId: home, title: "Odd", sharedWith: [TOKEN], properties: { Name: { title: {} }, Prompt: { number: {} } } });
    await expect(mirror.connect(`https://www.notion.so/${pasted.databaseId.replace(/-/g, "")}`, true)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("“Prompt” is a number column") });
    expect((notion.getDataSource(pasted.dataSourceId) as { properties: Record<string, unknown> }).properties).not.toHaveProperty("Inkwell ID");
  });

  it("mirrors create, update, run, duplicate, delete and restore; the rows match the local list after each step", async () => {
    await mirror.create(pageUrl(home));
    await expectMirrorMatches();

    notion.clearRequestLog();
    const blog = await records.saveConnection(draft(), PAGE);
    await expectMirrorMatches();
    const createCalls = notion.requestLog().filter((entry) => entry.status !== 429).length;

    notion.clearRequestLog();
    const updated = await records.saveConnection(draft({ id: blog.id, prompt: "Write five blog ideas.", baseUpdatedAt: blog.updatedAt }), PAGE);
    await expectMirrorMatches();
    const updateCalls = notion.requestLog().filter((entry) => entry.status !== 429).length;

    const topics = await records.saveConnection(databaseDraft(), DATABASE);
    await expectMirrorMatches();

    // A run ends (run-manager's hook): "Last run" and "Last result" follow.
    const run: Run = { ...startedRun({ id: "run-1", targetId: DATABASE.id, connectionId: topics.id, model: "gpt-5.6-mini", engine: "openai" }), status: "partial", endedAt: Date.now(), rows: [{ rowId: "r1", title: "A", state: "done" }, { rowId: "r2", title: "B", state: "failed", reason: "x" }], error: { code: "ai_rate_limited", message: "Slow down." } };
    await records.saveRun(run);
    await records.addRunToConnection(topics.id, run.id);
    mirror.changed(topics.id);
    const rows = await expectMirrorMatches();
    const topicsRow = rows.find((row) => text(row.properties["Inkwell ID"]) === topics.id)!;
    expect(text(topicsRow.properties["Last result"])).toBe("Partly done · 1 of 2 rows · 1 failed: Slow down.");
    expect(Date.parse(text(topicsRow.properties["Last run"]))).toBe(run.startedAt);

    const copy = await records.duplicateConnection(topics.id);
    expect(copy.name).toBe("Topics (copy)");
    await expectMirrorMatches();

    notion.clearRequestLog();
    await records.deleteConnections([updated.id, copy.id]);
    await expectMirrorMatches();
    const deleteCalls = notion.requestLog().filter((entry) => entry.status !== 429).length;
    notion.clearRequestLog();
    await records.restoreConnections([updated.id]);
    const final = await expectMirrorMatches();
    const restoreCalls = notion.requestLog().filter((entry) => entry.status !== 429).length;
    // Restoring brought the same row back from Notion's trash instead of writing a new one.
    expect(final.find((row) => text(row.properties["Inkwell ID"]) === updated.id)?.id).toBe((await store.get("mirror")).rows[updated.id]);
    expect(notion.rows(databaseIdOf((await store.get("settings")).connectionsDatabaseUrl))).toHaveLength(2);

    // (Calls Notion accepted: the scheduler, assuming no budget, may meet a 429 while it finds it.)
    // What one mirrored change costs in Notion calls (measured; reported).
    expect(createCalls).toBe(2); // query by Inkwell ID + create
    expect(updateCalls).toBe(1); // one page update
    expect(deleteCalls).toBe(2); // one trash update per deleted connection
    expect(restoreCalls).toBe(1); // one update that also takes the row out of the trash
  });

  it("keeps changes waiting through 500/503/dropped connections, then writes them once, without duplicates", async () => {
    await mirror.create(pageUrl(home));
    await expectMirrorMatches();

    // A create whose answer is lost after Notion applied it (ambiguous: not resent).
    notion.injectFault({ kind: "500", timing: "after", method: "POST", path: "/v1/pages" });
    const first = await records.saveConnection(draft({ name: "First" }), PAGE);
    await mirror.settled();
    expect((await mirror.status()).pending).toBe(1);

    // Updates: 503s and dropped connections outlast the scheduler's own retries.
    notion.injectFault({ kind: "503", method: "PATCH", path: "/v1/pages/", times: 4 });
    const second = await records.saveConnection(draft({ name: "Second" }), PAGE);
    await mirror.settled();
    const waiting = await mirror.status();
    expect(waiting.pending).toBeGreaterThanOrEqual(1);
    expect(waiting.lastError).toMatch(/Notion/);

    // A create whose connection drops after Notion applied it.
    notion.injectFault({ kind: "drop", method: "POST", path: "/v1/pages", timing: "after" });
    const third = await records.saveConnection(draft({ name: "Third" }), PAGE);
    await mirror.settled();
    await records.saveConnection(draft({ id: second.id, name: "Second, renamed" }), PAGE);
    await mirror.settled();
    expect(notion.faults.pending).toBe(0);

    // Later (the retry alarm, or the next change): everything lands exactly once.
    let status = await mirror.retry();
    for (let i = 0; i < 3 && status.pending > 0; i++) status = await mirror.retry();
    expect(status).toMatchObject({ pending: 0, lastError: null });
    const rows = await expectMirrorMatches();
    expect(rows.map((row) => text(row.properties["Inkwell ID"])).sort()).toEqual([first.id, second.id, third.id].sort());
    expect(notion.requestLog().some((entry) => entry.status === "dropped")).toBe(true);
  });

  it("imports every column on Notion API 2026-12-01 too, where lists give only the title unless asked", async () => {
    await mirror.create(pageUrl(home));
    await records.saveConnection(draft({ prompt: "Write the weekly notes" }), PAGE);
    await records.saveConnection(databaseDraft(), DATABASE);
    await expectMirrorMatches();
    const before = (await records.listConnections()).map(toExported);
    const databaseUrl = (await store.get("settings")).connectionsDatabaseUrl;

    await store.clearAll();
    notionVersion = "2026-12-01";
    await boot();
    expect(await mirror.connect(databaseUrl, false)).toMatchObject({ active: true });
    const report = await mirror.importFromNotion();
    expect(report.skipped).toEqual([]);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect((await records.listConnections()).map(toExported).sort(byId)).toEqual(before.sort(byId));
  });

  it("restores the same connections with “Import from Notion” after local storage is wiped", async () => {
    await mirror.create(pageUrl(home));
    const long = "Long prompt. ".repeat(400); // > 2000 characters: several rich text items
    await records.saveConnection(draft({ prompt: long }), PAGE);
    await records.saveConnection(databaseDraft(), DATABASE);
    await records.saveConnection(draft({ name: "Friendly", options: { ...defaultGenerationOptions(), tone: "friendly", temperature: 0.4, systemInstruction: "Be brief, say “hi”." } }), PAGE);
    await expectMirrorMatches();
    const before = (await records.listConnections()).map(toExported);
    const databaseUrl = (await store.get("settings")).connectionsDatabaseUrl;

    // Clear: a new browser, or Settings → Clear.
    await store.clearAll();
    await boot();
    expect(await records.listConnections()).toEqual([]);
    await expect(mirror.importFromNotion()).rejects.toMatchObject({ code: "not_configured" });
    expect(await mirror.connect(databaseUrl, false)).toMatchObject({ active: true });
    const report = await mirror.importFromNotion();
    expect(report.added.sort()).toEqual(before.map((connection) => connection.name).sort());
    expect(report.updated).toEqual([]);
    expect(report.skipped).toEqual([]);

    const after = (await records.listConnections()).map(toExported);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(after.sort(byId)).toEqual(before.sort(byId));

    // Importing again changes nothing, and a row the user added by hand is reported, not imported.
    notion.addRow((notion.getDatabase(databaseIdOf(databaseUrl)) as { data_sources: { id: string }[] }).data_sources[0]!.id, { Name: "Hand-made" });
    const again = await mirror.importFromNotion();
    expect(again.added).toEqual([]);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(again.skipped.sort(byName)).toEqual(
      [...before.map((connection) => ({ name: connection.name, reason: "Already up to date." })), { name: "Hand-made", reason: expect.stringContaining("wasn't written by Inkwell") }].sort(byName),
    );
    await mirror.settled();
    // The imported connections are mapped to their rows: an edit updates, never duplicates.
    const one = (await records.listConnections())[0] as Connection;
    await records.saveConnection(draft({ id: one.id, name: `${one.name}!`, kind: one.kind, url: one.url, prompt: one.prompt, ...(one.database ? { database: one.database } : {}) }), { id: one.targetId, title: one.targetTitle });
    await mirror.settled();
    expect(notion.rows(databaseIdOf(databaseUrl))).toHaveLength(4);
  });

  it("keeps the run history that only Notion has when a connection restored from it is edited", async () => {
    await mirror.create(pageUrl(home));
    const blog = await records.saveConnection(draft(), PAGE);
    const run: Run = { ...startedRun({ id: "run-1", targetId: PAGE.id, connectionId: blog.id, model: "gemini-flash-latest", engine: "gemini" }), status: "succeeded", endedAt: Date.now() };
    await records.saveRun(run);
    await records.addRunToConnection(blog.id, run.id);
    mirror.changed(blog.id);
    await expectMirrorMatches();
    const databaseUrl = (await store.get("settings")).connectionsDatabaseUrl;
    const history = (row: RowView) => ["Engine", "Model", "Last run", "Last result"].map((name) => text(row.properties[name]));
    const [before] = notion.rows(databaseIdOf(databaseUrl)) as RowView[];
    expect(history(before!).every((value) => value !== "")).toBe(true);

    await store.clearAll();
    await boot();
    await mirror.connect(databaseUrl, false);
    await mirror.importFromNotion();
    const restored = (await records.getConnection(blog.id))!;
    await records.saveConnection(draft({ id: restored.id, prompt: "Write five blog ideas.", baseUpdatedAt: restored.updatedAt }), PAGE);
    await mirror.settled();
    const [after] = notion.rows(databaseIdOf(databaseUrl)) as RowView[];
    expect(text(after!.properties.Prompt)).toBe("Write five blog ideas.");
    expect(history(after!)).toEqual(history(before!));
  });

  it("“Import from Notion” takes only rows whose link is a Notion link to their own target, with times no later than now, to be checked before they run", async () => {
    await mirror.create(pageUrl(home));
    const databaseUrl = (await store.get("settings")).connectionsDatabaseUrl;
    const dataSourceId = (notion.getDatabase(databaseIdOf(databaseUrl)) as { data_sources: { id: string }[] }).data_sources[0]!.id;
    const config = (url: string, updatedAt = 5) => JSON.stringify({ v: 1, kind: "page", url, targetId: PAGE.id, targetTitle: "Ideas", options: defaultGenerationOptions(), createdAt: 1, updatedAt });
    const compact = PAGE.id.replace(/-/g, "");
    notion.addRow(dataSourceId, { Name: "Forged host", Prompt: "Write", "Inkwell ID": "forged-host", "Inkwell config": config(`https://evil.example/${compact}`) });
    notion.addRow(dataSourceId, { Name: "Forged target", Prompt: "Write", "Inkwell ID": "forged-target", "Inkwell config": config("https://www.notion.so/99999999222233334444555555555555") });
    notion.addRow(dataSourceId, { Name: "From the future", Prompt: "Write", "Inkwell ID": "future", "Inkwell config": config(`https://www.notion.so/${compact}`, 9e12) });
    const report = await mirror.importFromNotion();
    expect(report.added).toEqual(["From the future"]);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(report.skipped.sort(byName)).toEqual([
      { name: "Forged host", reason: "Not a valid connection (its link isn't a Notion link)." },
      { name: "Forged target", reason: "Not a valid connection (its link points to another Notion page than its target)." },
    ]);
    const imported = await records.getConnection("future");
    expect(imported?.updatedAt).toBeLessThanOrEqual(Date.now());
    expect(imported?.targetUnchecked).toBe(true);
  });

  it("never writes a secret to Notion", async () => {
    await mirror.create(pageUrl(home));
    const topics = await records.saveConnection(databaseDraft(), DATABASE);
    await records.saveConnection(draft(), PAGE);
    await records.saveRun({ ...startedRun({ id: "run-s", targetId: DATABASE.id, connectionId: topics.id }), status: "failed", error: { code: "internal", message: "Upstream said [redacted]" } });
    await records.addRunToConnection(topics.id, "run-s");
    mirror.changed(topics.id);
    await records.deleteConnections([topics.id]);
    await records.restoreConnections([topics.id]);
    await expectMirrorMatches();
    const bodies = notion.requestLog().map((entry) => JSON.stringify(entry.body ?? ""));
    expect(bodies.length).toBeGreaterThan(5);
    for (const secret of [TOKEN, ...Object.values(AI_SECRETS)]) {
      for (const body of bodies) expect(body).not.toContain(secret);
    }
  });
});
