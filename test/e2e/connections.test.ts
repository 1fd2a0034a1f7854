/**
 * Connections management end to end (issue 5), with the production build in
 * headless Chromium against the sandbox (Notion's rate limit on):
 *  - the connections database made by "Create it for me", three connections
 *    created in Create, sorted, filtered, resumed and generated again, deleted,
 *    undone and deleted again, with the emulated Notion database checked
 *    against the local list after every step;
 *  - Export, Clear, "Import from Notion" bringing the same connections back;
 *  - the options page's table: bulk delete with Undo, Duplicate, JSON import;
 *  - mirror failures that never block generation, then "Sync now";
 *  - the monthly budget stopping a run, with the way to raise it;
 *  - "Copy diagnostics" without secrets.
 * The tests run in order and share one browser, sandbox and popup.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionsExport, ExportedConnection, UsageSummary } from "../../src/shared/protocol/types";
import type { Connection, MirrorState, Run } from "../../src/shared/storage/schema";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, OPENAI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { CHROME_BUILD_DIR } from "../harness/launch";
import { ARTIFACTS_DIR, useExtensionTest } from "./fixtures";

/** The version the build stamps into its manifest. */
const BUILT_VERSION = (JSON.parse(readFileSync(resolve(CHROME_BUILD_DIR, "manifest.json"), "utf8")) as { version: string }).version;
const SECRETS = [DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, OPENAI_DEMO_KEY];

/** The columns "Create it for me" makes, with their Notion types. */
const EXPECTED_SCHEMA = {
  Name: "title",
  Type: "select",
  Target: "url",
  Prompt: "rich_text",
  Engine: "select",
  Model: "rich_text",
  Created: "date",
  "Last run": "date",
  "Last result": "rich_text",
  "Inkwell ID": "rich_text",
  "Inkwell config": "rich_text",
};

type Property = { type: string; [key: string]: unknown };

function text(property: Property | undefined): string {
  if (!property) return "";
  const items = (property.title ?? property.rich_text) as { plain_text?: string }[] | undefined;
  if (items) return items.map((item) => item.plain_text ?? "").join("");
  if (property.type === "select") return (property.select as { name?: string } | null)?.name ?? "";
  if (property.type === "url") return (property.url as string | null) ?? "";
  if (property.type === "date") return (property.date as { start?: string } | null)?.start ?? "";
  return "";
}

/** What must be equal between a local connection and its Notion row. */
interface MirrorView {
  id: string;
  rowId: string | undefined;
  name: string;
  type: string;
  target: string;
  prompt: string;
  engine: string;
  lastRun: number | null;
  lastResult: string;
  config: unknown;
}

const ENGINE_LABELS: Record<string, string> = { gemini: "Gemini", openai: "OpenAI" };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** JSON with object keys sorted: equal for deep-equal values whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) : item,
  );
}

/** A pattern for a Notion id in a request path, with or without dashes. */
const idPattern = (id: string) => id.replace(/-/g, "").split("").join("-?");

describe("connections: list, Notion mirror, export/import, usage and feedback (production build, sandbox)", () => {
  const t = useExtensionTest();
  let popup: Page;
  /** An options page: the table of test 3, and a window to read storage from. */
  let options: Page;
  /** The in-page questions answered by confirmInPage, for assertions. */
  const dialogs: string[] = [];
  /** Native dialogs opened by the extension: there must be none (see refuseNativeDialogs). */
  const nativeDialogs: string[] = [];
  let connectionsDb: { databaseId: string; dataSourceId: string };
  let pages: { alpha: string; gamma: string; epsilon: string };
  let betaDb: { databaseId: string; rowIds: string[] };
  let exported: ConnectionsExport;
  let exportPath: string;

  /**
   * Every question is asked in the page (ConfirmDialog): a native confirm()
   * can close a Firefox toolbar popup. One that still appears is declined and
   * recorded, and fails the test (see afterEach).
   */
  const refuseNativeDialogs = (page: Page) =>
    page.on("dialog", (dialog) => {
      nativeDialogs.push(dialog.message());
      void dialog.dismiss();
    });
  afterEach(() => {
    expect(nativeDialogs).toEqual([]);
  });

  /** Answers the page's in-page question with its confirming button (#confirm-ok), keeping the question for assertions. */
  async function confirmInPage(page: Page): Promise<void> {
    const question = page.locator("#confirm-dialog");
    await question.locator("#confirm-ok").waitFor();
    dialogs.push((await question.locator("#confirm-message").textContent()) ?? "");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("confirm-cancel"); // the safe choice has focus
    await question.locator("#confirm-ok").click();
    await question.locator("#confirm-ok").waitFor({ state: "detached" });
  }

  const storage = (): Promise<Record<string, unknown>> => options.evaluate(() => chrome.storage.local.get(null));

  async function localConnections(options: { includeDeleted?: boolean } = {}): Promise<Connection[]> {
    const items = await storage();
    return Object.entries(items)
      .filter(([key]) => key.startsWith("connection:"))
      .map(([, value]) => value as Connection)
      .filter((connection) => options.includeDeleted || connection.deletedAt === undefined);
  }

  async function byName(name: string): Promise<Connection> {
    const found = (await localConnections()).find((connection) => connection.name === name);
    if (!found) throw new Error(`no local connection named ${name}`);
    return found;
  }

  /** Sends a typed request to the worker from an extension page, as the UI does. */
  async function send<T>(type: string, payload: Record<string, unknown> = {}): Promise<T> {
    const reply = (await options.evaluate((message) => chrome.runtime.sendMessage(message), { type, payload })) as { ok: true; value: T } | { ok: false; error: { message: string } };
    if (!reply.ok) throw new Error(`${type} failed: ${reply.error.message}`);
    return reply.value;
  }

  function notionRows(): MirrorView[] {
    return t()
      .sandbox.notion.rows(connectionsDb.databaseId)
      .map(({ id, properties }) => {
        const raw = text(properties["Inkwell config"]);
        const lastRun = text(properties["Last run"]);
        return {
          id: text(properties["Inkwell ID"]),
          rowId: id,
          name: text(properties.Name),
          type: text(properties.Type),
          target: text(properties.Target),
          prompt: text(properties.Prompt),
          engine: text(properties.Engine),
          lastRun: lastRun ? Date.parse(lastRun) : null,
          lastResult: text(properties["Last result"]).split(" ")[0] ?? "",
          config: raw ? (JSON.parse(raw) as unknown) : null,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async function localView(): Promise<{ views: MirrorView[]; pending: number }> {
    const items = await storage();
    const state = items.mirror as MirrorState;
    const connections = Object.entries(items)
      .filter(([key]) => key.startsWith("connection:"))
      .map(([, value]) => value as Connection)
      .filter((connection) => connection.deletedAt === undefined);
    const views = connections.map((connection): MirrorView => {
      const runId = connection.runIds.at(-1);
      const lastRun = runId ? (items[`run:${runId}`] as Run | undefined) : undefined;
      const engine = connection.engine ?? lastRun?.engine;
      const { id, name, kind, url, targetId, targetTitle, options, database, createdAt, updatedAt } = connection;
      return {
        id,
        rowId: state.rows[id],
        name,
        type: kind === "page" ? "Page" : "Database",
        target: url,
        prompt: connection.prompt,
        engine: engine ? (ENGINE_LABELS[engine] ?? engine) : "",
        lastRun: lastRun ? lastRun.startedAt : null,
        lastResult: lastRun ? { succeeded: "Succeeded", failed: "Failed", partial: "Partly", cancelled: "Cancelled", running: "Running" }[lastRun.status] : "",
        config: { v: 1, kind, url, targetId, targetTitle, options, ...(database ? { database } : {}), createdAt, updatedAt },
      };
    });
    return { views: views.sort((a, b) => a.id.localeCompare(b.id)), pending: Object.keys(state.pending).length };
  }

  /**
   * The emulated Notion connections database (rows not in Notion's trash)
   * holds exactly the local connections: one row each, mapped, with the same
   * name, type, target, prompt, engine, last run and config; nothing waits to
   * sync. Polls, since mirroring happens in the background.
   *
   * A connection without a local run (never run, or restored by an import:
   * runs stay with the browser that made them) says nothing about its row's
   * engine/last-run columns, which may still describe a run made elsewhere.
   */
  async function expectMirrorMatchesLocal(expectedCount?: number): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const local = await localView();
      const neverRunHere = new Set(local.views.filter((view) => view.lastRun === null).map((view) => view.id));
      const rows = notionRows().map((row) => (neverRunHere.has(row.id) ? { ...row, engine: "", lastRun: null, lastResult: "" } : row));
      const matches = local.pending === 0 && canonical(rows) === canonical(local.views);
      if (matches || Date.now() > deadline) {
        expect(local.pending, "changes waiting to sync").toBe(0);
        expect(rows).toEqual(local.views);
        if (expectedCount !== undefined) expect(rows).toHaveLength(expectedCount);
        return;
      }
      await sleep(250);
    }
  }

  async function openTab(name: string): Promise<void> {
    await popup.locator(`#tab-${name.toLowerCase()}`).click();
    await popup.locator(`#panel-${name.toLowerCase()}`).waitFor();
  }

  async function saveSettings(): Promise<void> {
    await openTab("Settings");
    const settings = popup.locator("#panel-settings");
    await settings.getByLabel("Engine").selectOption("gemini");
    await settings.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await settings.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await settings.getByRole("button", { name: "Save", exact: true }).click();
    await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
  }

  /** A clean Create form on its first step. */
  async function freshCreateForm(): Promise<void> {
    await openTab("Create");
    const create = popup.locator("#panel-create");
    if (await create.locator("#new-connection").isVisible()) await create.locator("#new-connection").click();
    if (await create.locator("#prompt-back").isVisible()) await create.locator("#prompt-back").click();
    await create.locator("#create-kind").waitFor();
  }

  /**
   * Generate, then wait for the run it started to end (a resumed connection
   * shows its previous run's "Done" until the new one begins), and for the
   * status line to say `text`.
   */
  async function generateAndWait(text = /^Done/, timeout = 60_000): Promise<string> {
    const runKeys = async () => Object.keys(await storage()).filter((key) => key.startsWith("run:"));
    const before = new Set(await runKeys());
    await popup.locator("#generate").click();
    await expect
      .poll(
        async () => {
          const items = await storage();
          const fresh = Object.keys(items).filter((key) => key.startsWith("run:") && !before.has(key));
          return fresh.length === 1 && (items[fresh[0]!] as Run).status !== "running";
        },
        { timeout },
      )
      .toBe(true);
    const status = popup.locator("#run-status").filter({ hasText: text });
    await status.waitFor({ timeout });
    return (await status.textContent()) ?? "";
  }

  async function createPageConnection(name: string, title: string, pageId: string, prompt: string): Promise<void> {
    await freshCreateForm();
    const create = popup.locator("#panel-create");
    await create.locator("#create-name").fill(name);
    await create.locator("#create-kind").selectOption("page");
    await create.locator("#create-url").fill(notionWebUrl(title, pageId));
    await create.locator("#target-next").click();
    await create.locator("#target-summary").waitFor({ timeout: 20_000 });
    await create.locator("#create-prompt").fill(prompt);
    expect(await generateAndWait()).toMatch(/\d+ blocks? written/);
  }

  /** The names in the popup's list, in the order shown. */
  const listedNames = () => popup.locator("ul#connection-list > li[data-connection-id] button.conn-name").allTextContents();

  async function deleteFromList(name: string): Promise<void> {
    await popup.getByRole("button", { name: `More actions for ${name}` }).click();
    const row = popup.locator("#connection-list li", { has: popup.getByRole("button", { name: `More actions for ${name}` }) });
    await row.getByRole("button", { name: "Delete" }).click();
    await confirmInPage(popup);
    await popup.locator("#undo-toast").filter({ hasText: `Deleted “${name}”` }).waitFor();
    await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe("undo-delete"); // keyboard users can reach Undo
  }

  beforeAll(async () => {
    const { sandbox, demo } = t();
    pages = {
      alpha: sandbox.notion.createPage({ parentPageId: demo.homePageId, title: "Alpha page" }),
      gamma: sandbox.notion.createPage({ parentPageId: demo.homePageId, title: "Gamma page" }),
      epsilon: sandbox.notion.createPage({ parentPageId: demo.homePageId, title: "Epsilon page" }),
    };
    betaDb = sandbox.notion.createDatabase({
      parentPageId: demo.homePageId,
      title: "Beta topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} } },
      rows: [
        { Name: "Beta topic 1", Generate: true },
        { Name: "Beta topic 2", Generate: true },
        { Name: "Beta later", Generate: false },
      ],
    });
    popup = await t().openPopup();
    options = await t().openOptions();
    refuseNativeDialogs(popup);
    refuseNativeDialogs(options);
    await saveSettings();
  });

  it("creates the connections database, then mirrors three connections through sort, filter, resume, delete, undo and delete again", async () => {
    const { sandbox, demo, screenshot } = t();

    // "Create it for me" under a page shared with the integration.
    const adminPage = sandbox.notion.createPage({ parentPageId: demo.homePageId, title: "Inkwell admin" });
    await openTab("Settings");
    await popup.getByLabel("Parent page URL").fill(notionWebUrl("Inkwell admin", adminPage));
    await popup.locator("#mirror-create").click();
    await popup.locator("#mirror-result").filter({ hasText: "Created your connections database" }).waitFor({ timeout: 30_000 });
    const created = sandbox.notion.blockTree(adminPage).filter((block) => block.type === "child_database");
    expect(created).toHaveLength(1);
    expect(sandbox.notion.titleOf(created[0]!.id)).toBe("Inkwell connections");
    const database = sandbox.notion.getDatabase(created[0]!.id) as { id: string; data_sources: { id: string }[] };
    connectionsDb = { databaseId: database.id, dataSourceId: database.data_sources[0]!.id };
    const schema = (sandbox.notion.getDataSource(connectionsDb.dataSourceId) as { properties: Record<string, { type: string }> }).properties;
    expect(Object.fromEntries(Object.entries(schema).map(([name, property]) => [name, property.type]))).toEqual(EXPECTED_SCHEMA);
    expect(await popup.locator("#mirror-result-link").getAttribute("href")).toContain(connectionsDb.databaseId.replace(/-/g, ""));
    await popup.locator("#mirror-status").filter({ hasText: "up to date" }).waitFor();
    await expectMirrorMatchesLocal(0);

    // Three connections, made the way a user makes them: by generating from Create.
    await createPageConnection("Alpha notes", "Alpha page", pages.alpha, "Write alpha notes");
    await expectMirrorMatchesLocal(1);
    await freshCreateForm();
    const create = popup.locator("#panel-create");
    await create.locator("#create-name").fill("Beta topics");
    await create.locator("#create-kind").selectOption("database");
    await create.locator("#create-url").fill(notionWebUrl("Beta topics", betaDb.databaseId));
    await create.locator("#target-next").click();
    await create.locator("#ticked-count").waitFor({ timeout: 20_000 });
    await create.locator("#create-prompt").fill("Summarise {{Name}}");
    await create.locator("#prompt-preview").filter({ hasText: "Beta topic 1" }).waitFor({ timeout: 20_000 });
    await generateAndWait(/^Done: 2 rows written/);
    await expectMirrorMatchesLocal(2);
    await createPageConnection("Gamma brief", "Gamma page", pages.gamma, "Write the gamma brief");
    await expectMirrorMatchesLocal(3);
    expect(notionRows().every((row) => row.lastResult === "Succeeded" && row.engine === "Gemini")).toBe(true);

    // Sort and filter the list.
    await openTab("Connections");
    const list = popup.locator("#panel-connections");
    await expect.poll(listedNames).toEqual(["Alpha notes", "Beta topics", "Gamma brief"]);
    await list.getByRole("button", { name: "Reverse order" }).click();
    await expect.poll(listedNames).toEqual(["Gamma brief", "Beta topics", "Alpha notes"]);
    await list.getByLabel("Sort by").selectOption("type");
    await expect.poll(listedNames).toEqual(["Beta topics", "Alpha notes", "Gamma brief"]);
    await list.getByLabel("Sort by").selectOption("name");
    await list.getByLabel("Show").selectOption("page");
    await expect.poll(listedNames).toEqual(["Alpha notes", "Gamma brief"]);
    await expect.poll(() => popup.locator("#list-count").textContent()).toBe("2 of 3 connections");
    await list.getByLabel("Search").fill("brief");
    await expect.poll(listedNames).toEqual(["Gamma brief"]);
    await list.getByLabel("Show").selectOption("");
    await list.getByLabel("Search").fill("alpha");
    await expect.poll(listedNames).toEqual(["Alpha notes"]);
    await expect.poll(() => popup.locator("#list-count").textContent()).toBe("1 of 3 connections");
    await list.getByLabel("Search").fill("");
    await expect.poll(listedNames).toEqual(["Alpha notes", "Beta topics", "Gamma brief"]);
    await screenshot(popup, "connections-list");
    await expectMirrorMatchesLocal(3);

    // Details of one connection.
    const alpha = await byName("Alpha notes");
    await list.locator(`li[data-connection-id="${alpha.id}"]`).getByRole("button", { name: "Details" }).click();
    const details = popup.locator(`#connection-details[data-connection-id="${alpha.id}"]`);
    await details.waitFor();
    expect(await popup.locator("#details-open-notion").getAttribute("href")).toBe(notionWebUrl("Alpha page", pages.alpha));
    expect(await popup.locator("table#run-history tr[data-run-id]").count()).toBe(1);
    expect(await popup.locator("#last-content").textContent()).toMatch(/The last run wrote \d+ blocks? to “Alpha page”/);
    await screenshot(popup, "connections-details");
    await details.getByRole("button", { name: "Back to the list" }).click();

    // Resume one: it opens in Create exactly as saved, and generates again into the same page.
    const blocksBefore = sandbox.notion.blockTree(pages.alpha).length;
    await list.locator(`li[data-connection-id="${alpha.id}"] button.conn-name`).click();
    await expect.poll(() => create.locator("#create-prompt").inputValue()).toBe("Write alpha notes");
    expect(await popup.locator("#tab-create").getAttribute("aria-selected")).toBe("true");
    expect(await create.locator("#target-summary").textContent()).toContain("Alpha page");
    await create.locator("#prompt-back").click();
    expect(await create.locator("#create-url").inputValue()).toBe(notionWebUrl("Alpha page", pages.alpha));
    expect(await create.locator("#create-name").inputValue()).toBe("Alpha notes");
    expect(await create.locator("#create-kind").inputValue()).toBe("page");
    await create.locator("#target-next").click();
    await create.locator("#target-summary").waitFor({ timeout: 20_000 });
    expect(await create.locator("#create-prompt").inputValue()).toBe("Write alpha notes");
    sandbox.gemini.scriptAnswer("## Resumed\n\nWritten on the second run.");
    await generateAndWait();
    const added = sandbox.notion.blockTree(pages.alpha).slice(blocksBefore).map((block) => block.type);
    expect(added).toEqual(["heading_2", "paragraph"]);
    const resumed = await byName("Alpha notes");
    expect(resumed.id).toBe(alpha.id);
    expect(resumed.runIds).toHaveLength(2);
    expect(await localConnections()).toHaveLength(3);
    await expectMirrorMatchesLocal(3);

    // Delete one, undo, delete again.
    await openTab("Connections");
    const beta = await byName("Beta topics");
    const betaRow = notionRows().find((row) => row.id === beta.id)!.rowId;
    dialogs.length = 0;
    await deleteFromList("Beta topics");
    expect(dialogs).toEqual([expect.stringContaining("Delete the connection “Beta topics”?")]);
    await expect.poll(listedNames).toEqual(["Alpha notes", "Gamma brief"]);
    await expectMirrorMatchesLocal(2);
    expect((sandbox.notion.getPage(betaRow!) as { in_trash: boolean }).in_trash).toBe(true);

    await popup.locator("#undo-delete").click();
    await popup.locator("#undo-toast").waitFor({ state: "detached" });
    await expect.poll(listedNames).toEqual(["Alpha notes", "Beta topics", "Gamma brief"]);
    await expectMirrorMatchesLocal(3);
    // The same row came back from Notion's trash: no duplicate.
    expect(notionRows().find((row) => row.id === beta.id)!.rowId).toBe(betaRow);

    await deleteFromList("Beta topics");
    // The toast holds while Undo has focus; once focus moves on, it goes away on its own after a few seconds; then there is nothing left to undo.
    await popup.locator("#list-search").focus();
    await popup.locator("#undo-toast").waitFor({ state: "detached", timeout: 15_000 });
    await expect.poll(listedNames).toEqual(["Alpha notes", "Gamma brief"]);
    await expectMirrorMatchesLocal(2);
    expect(notionRows().map((row) => row.name)).toEqual(expect.arrayContaining(["Alpha notes", "Gamma brief"]));
  }, 300_000);

  it("exports, clears, and brings the same connections back with Import from Notion", async () => {
    const { sandbox } = t();
    await options.getByRole("tab", { name: "Connections" }).click();
    const [download] = await Promise.all([options.waitForEvent("download"), options.getByRole("button", { name: "Export", exact: true }).click()]);
    exportPath = join(ARTIFACTS_DIR, "connections-export.json");
    await download.saveAs(exportPath);
    const fileText = readFileSync(exportPath, "utf8");
    await options.locator("#export-status").filter({ hasText: "Exported 2 connections." }).waitFor();
    for (const secret of SECRETS) expect(fileText).not.toContain(secret);
    expect(fileText).not.toMatch(/notionToken|geminiKey|openaiKey|secret/i);
    exported = JSON.parse(fileText) as ConnectionsExport;
    expect(exported.format).toBe("inkwell-connections");
    expect(exported.connections.map((connection) => connection.name).sort()).toEqual(["Alpha notes", "Gamma brief"]);

    // Clear wipes everything in this browser (Notion keeps its rows).
    await openTab("Settings");
    dialogs.length = 0;
    await popup.locator("#clear-settings").click();
    await confirmInPage(popup);
    expect(dialogs).toEqual([expect.stringContaining("Clear all Inkwell data")]);
    await popup.locator("#settings-status").filter({ hasText: "All Inkwell data was cleared." }).waitFor();
    expect(await localConnections({ includeDeleted: true })).toEqual([]);
    expect(sandbox.notion.rows(connectionsDb.databaseId)).toHaveLength(2);

    // A new start: the secret, then the database, then the import.
    await saveSettings();
    expect(await popup.locator("#mirror-import").isDisabled()).toBe(true);
    await popup.getByLabel("Existing database URL").fill(notionWebUrl("Inkwell connections", connectionsDb.databaseId));
    await popup.locator("#mirror-connect").click();
    await popup.locator("#mirror-result").filter({ hasText: "Connected." }).waitFor({ timeout: 30_000 });
    await popup.locator("#mirror-import").click();
    const report = popup.locator("#mirror-import-report");
    await report.filter({ hasText: "2 connections added, 0 updated, 0 skipped." }).waitFor({ timeout: 30_000 });
    expect(await report.locator(".report-added").textContent()).toMatch(/Alpha notes|Gamma brief/);

    // The same connections as exported, field for field, each to have its target checked again before it runs.
    const local = await localConnections();
    expect(local.map((connection) => connection.targetUnchecked)).toEqual([true, true]);
    const strip = ({ runIds: _runs, deletedAt: _deleted, targetUnchecked: _unchecked, recordVersion: _version, ...rest }: Connection & { recordVersion?: number }): ExportedConnection => rest;
    const restored = local.map(strip).sort((a, b) => a.id.localeCompare(b.id));
    expect(restored).toEqual([...exported.connections].sort((a, b) => a.id.localeCompare(b.id)));
    // Nothing was written to Notion twice: the import mapped the existing rows.
    await expectMirrorMatchesLocal(2);
    expect(sandbox.notion.rows(connectionsDb.databaseId)).toHaveLength(2);
  }, 180_000);

  it("manages connections in the options table: sort, bulk delete with Undo, duplicate, JSON import, details link", async () => {
    const { sandbox, browser, screenshot } = t();
    await options.reload();
    const table = options.locator("table#connections-table");
    const tableNames = () => table.locator("tbody tr[data-connection-id] td:nth-child(2)").allTextContents();
    await expect.poll(tableNames).toEqual(["Alpha notes", "Gamma brief"]);

    // Duplicate adds a "(copy)" connection, mirrored too.
    const alpha = await byName("Alpha notes");
    await table.locator(`tr[data-connection-id="${alpha.id}"]`).getByRole("button", { name: "Duplicate" }).click();
    await options.locator("#table-status").filter({ hasText: "Duplicated “Alpha notes” as “Alpha notes (copy)”." }).waitFor();
    await expect.poll(tableNames).toEqual(["Alpha notes", "Alpha notes (copy)", "Gamma brief"]);
    await expectMirrorMatchesLocal(3);
    const copy = await byName("Alpha notes (copy)");
    expect({ ...copy, id: "", name: "", createdAt: 0, updatedAt: 0 }).toEqual({ ...alpha, id: "", name: "", createdAt: 0, updatedAt: 0, runIds: [] });

    // Sort by a column header.
    await table.getByRole("button", { name: "Name" }).click();
    await expect.poll(tableNames).toEqual(["Gamma brief", "Alpha notes (copy)", "Alpha notes"]);
    expect(await table.locator("th", { has: options.getByRole("button", { name: "Name" }) }).getAttribute("aria-sort")).toBe("descending");
    await table.getByRole("button", { name: "Name" }).click();
    await expect.poll(tableNames).toEqual(["Alpha notes", "Alpha notes (copy)", "Gamma brief"]);

    // Select two, delete them, Undo brings both back.
    await options.getByLabel("Select Alpha notes", { exact: true }).check();
    await options.getByLabel("Select Gamma brief").check();
    await expect.poll(() => options.locator("#selection-count").textContent()).toBe("2 selected");
    await screenshot(options, "connections-options-table");
    dialogs.length = 0;
    await options.getByRole("button", { name: "Delete selected" }).click();
    await confirmInPage(options); // the same in-page question as the popup
    await options.locator("#undo-toast").filter({ hasText: "Deleted 2 connections." }).waitFor();
    expect(dialogs).toEqual([expect.stringContaining("Delete 2 connections?")]);
    await expect.poll(tableNames).toEqual(["Alpha notes (copy)"]);
    await expectMirrorMatchesLocal(1);
    await options.locator("#undo-delete").click();
    await expect.poll(tableNames).toEqual(["Alpha notes", "Alpha notes (copy)", "Gamma brief"]);
    await expectMirrorMatchesLocal(3);

    // Import a file: one up to date, one newer (updated), one new (added), one invalid (skipped); stray fields are dropped.
    const gamma = exported.connections.find((connection) => connection.name === "Gamma brief")!;
    const alphaExported = exported.connections.find((connection) => connection.name === "Alpha notes")!;
    const file: ConnectionsExport = {
      ...exported,
      connections: [
        alphaExported,
        { ...gamma, prompt: "Write the gamma brief, shorter", updatedAt: gamma.updatedAt + 1_000 },
        { ...gamma, id: "imported-delta", name: "Delta imported", prompt: "Write delta", notionToken: "ntn_strayFieldMustNotBeKept" } as ExportedConnection,
        { ...gamma, id: "broken-one", name: "Broken one", targetId: "" },
      ],
    };
    const importPath = join(tmpdir(), `inkwell-import-${process.pid}.json`);
    writeFileSync(importPath, JSON.stringify(file));
    await options.locator("#import-file").setInputFiles(importPath);
    const report = options.locator("#import-report");
    await report.filter({ hasText: "1 connection added, 1 updated, 2 skipped." }).waitFor({ timeout: 20_000 });
    // Only now: the page reads the chosen file when it imports it.
    rmSync(importPath, { force: true });
    expect(await report.locator(".report-added").textContent()).toBe("Added: Delta imported");
    expect(await report.locator(".report-updated").textContent()).toBe("Updated: Gamma brief");
    expect(await report.locator(".report-skipped li").allTextContents()).toEqual([
      "Skipped “Alpha notes”: Already up to date.",
      "Skipped “Broken one”: Not a valid connection (it has no Notion target).",
    ]);
    await expect.poll(tableNames).toEqual(["Alpha notes", "Alpha notes (copy)", "Delta imported", "Gamma brief"]);
    expect(JSON.stringify(await storage())).not.toContain("ntn_strayFieldMustNotBeKept");
    expect((await byName("Gamma brief")).prompt).toBe("Write the gamma brief, shorter");
    await expectMirrorMatchesLocal(4);
    expect(notionRows().find((row) => row.name === "Gamma brief")!.prompt).toBe("Write the gamma brief, shorter");

    // Importing the exported file again: Alpha is up to date; Gamma's copy is older than the import's, so kept as is.
    await options.locator("#import-file").setInputFiles(exportPath);
    await report.filter({ hasText: "0 connections added, 0 updated, 2 skipped." }).waitFor({ timeout: 20_000 });
    expect(await report.locator(".report-skipped li").allTextContents()).toEqual(["Skipped “Alpha notes”: Already up to date.", "Skipped “Gamma brief”: Already up to date."]);

    // options.html#connection=<id> opens that connection's details.
    const details = await browser.page(`options.html#connection=${encodeURIComponent(gamma.id)}`);
    await details.locator(`#connection-details[data-connection-id="${gamma.id}"]`).waitFor();
    expect(await details.locator("#connection-details h2").textContent()).toBe("Gamma brief");
    await details.close();
    expect(sandbox.notion.rows(connectionsDb.databaseId)).toHaveLength(4);
  }, 180_000);

  it("never lets mirror failures block generation: changes wait, are shown, and sync once Notion answers again", async () => {
    const { sandbox } = t();
    const rowIds = sandbox.notion.rows(connectionsDb.databaseId).map((row) => row.id);
    const path = new RegExp(`^/v1/(data_sources/${idPattern(connectionsDb.dataSourceId)}|pages/(${rowIds.map(idPattern).join("|")})|pages$)`);
    sandbox.notion.setFaults({ rate: 1, kinds: ["500"], path });
    try {
      const before = sandbox.notion.blockTree(pages.epsilon).length;
      await createPageConnection("Epsilon draft", "Epsilon page", pages.epsilon, "Write epsilon");
      expect(sandbox.notion.blockTree(pages.epsilon).length).toBeGreaterThan(before);
      // Generating another page works too while the mirror keeps failing.
      const gamma = await byName("Gamma brief");
      await send("run.start", { connectionId: gamma.id });
      await expect.poll(async () => ((await storage())[`run:${(await byName("Gamma brief")).runIds.at(-1)}`] as Run | undefined)?.status, { timeout: 60_000 }).toBe("succeeded");

      await openTab("Settings");
      const status = popup.locator("#mirror-status");
      await status.filter({ hasText: /\d+ changes? waiting to sync/ }).waitFor({ timeout: 60_000 });
      await popup.locator("#mirror-error").filter({ hasText: "Last sync failed" }).waitFor({ timeout: 60_000 });
      const pending = Object.keys(((await storage()).mirror as MirrorState).pending).length;
      expect(pending).toBeGreaterThanOrEqual(1);
      expect(await status.textContent()).toContain(`${pending} ${pending === 1 ? "change" : "changes"} waiting to sync`);
      // The failure really kept the change out of Notion.
      expect(notionRows().some((row) => row.name === "Epsilon draft")).toBe(false);
      expect(sandbox.notion.requestLog().some((entry) => entry.fault !== undefined)).toBe(true);
      await t().screenshot(popup, "connections-mirror-waiting");
      // Let the failing flush finish its retries (the next is the alarm's, 30 s or more away), so "Sync now" is what writes.
      const lastFault = () => Math.max(...sandbox.notion.requestLog().filter((entry) => entry.fault !== undefined).map((entry) => entry.time));
      await expect.poll(() => Date.now() - lastFault(), { timeout: 60_000 }).toBeGreaterThan(9_000);
      expect(await popup.locator("#mirror-status").textContent()).toContain("waiting to sync");
    } finally {
      sandbox.notion.setFaults(null);
    }
    await popup.locator("#mirror-sync").click();
    await popup.locator("#mirror-status").filter({ hasText: "up to date" }).waitFor({ timeout: 60_000 });
    await expect(popup.locator("#mirror-error").count()).resolves.toBe(0);
    await expectMirrorMatchesLocal(5);
  }, 240_000);

  it("stops a run at the monthly budget with a way to raise it, and runs again once raised", async () => {
    const { sandbox, screenshot } = t();
    const summary = await send<UsageSummary>("usage.summary");
    expect(summary.budget.spent, "the runs so far have an estimated cost").toBeGreaterThan(0);
    await openTab("Usage");
    const usage = popup.locator("#panel-usage");
    await usage.getByLabel("Monthly budget (US$)").fill((summary.budget.spent / 2).toPrecision(2));
    await usage.getByRole("button", { name: "Save budget" }).click();
    await popup.locator("#budget-status").filter({ hasText: "Saved" }).waitFor();
    await popup.locator("#budget-banner").filter({ hasText: "This month's budget is reached" }).waitFor();

    // Open Gamma from the list and generate: refused before anything is written.
    const gamma = await byName("Gamma brief");
    const runsBefore = gamma.runIds.length;
    const blocksBefore = sandbox.notion.blockTree(pages.gamma).length;
    await openTab("Connections");
    await popup.locator(`li[data-connection-id="${gamma.id}"] button.conn-name`).click();
    await expect.poll(() => popup.locator("#create-prompt").inputValue()).toBe("Write the gamma brief, shorter");
    await popup.locator("#generate").click();
    await popup.locator("#create-error").filter({ hasText: /reached your budget/ }).waitFor({ timeout: 20_000 });
    expect((await byName("Gamma brief")).runIds).toHaveLength(runsBefore);
    expect(sandbox.notion.blockTree(pages.gamma)).toHaveLength(blocksBefore);

    // "Raise the monthly budget" opens Usage with the budget field focused.
    await popup.locator("#panel-create button.raise-budget").click();
    expect(await popup.locator("#tab-usage").getAttribute("aria-selected")).toBe("true");
    await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe("usage-budget");
    await screenshot(popup, "connections-usage-budget");
    await popup.keyboard.press("Control+A");
    await popup.keyboard.type("100");
    await usage.getByRole("button", { name: "Save budget" }).click();
    await popup.locator("#budget-status").filter({ hasText: "Saved: runs stop once" }).waitFor();
    await popup.locator("#budget-banner").waitFor({ state: "detached" });

    await openTab("Create");
    await generateAndWait();
    expect((await byName("Gamma brief")).runIds).toHaveLength(runsBefore + 1);
    expect(sandbox.notion.blockTree(pages.gamma).length).toBeGreaterThan(blocksBefore);

    // Usage lists the runs and every connection.
    await openTab("Usage");
    await expect.poll(() => popup.locator("#usage-runs li[data-run-id]").count()).toBeGreaterThanOrEqual(3);
    expect(await popup.locator(`#usage-by-connection tr[data-connection-id="${gamma.id}"]`).textContent()).toContain("Gamma brief");
    expect(await popup.locator("#usage-this-month").textContent()).toMatch(/\d/);
    await screenshot(popup, "connections-usage");
    await expectMirrorMatchesLocal(5);
  }, 180_000);

  it("copies diagnostics with the extension version and no secret", async () => {
    const { screenshot } = t();
    await openTab("Feedback");
    expect(await popup.locator("#issues-link").getAttribute("href")).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
    await popup.locator("#diagnostics-preview").waitFor();
    await popup.getByRole("button", { name: "Copy diagnostics" }).click();
    await popup.locator("#copy-status").filter({ hasText: /Copied|clipboard isn't available/ }).waitFor();
    const manual = popup.locator("#diagnostics-manual");
    const copied = (await manual.count()) > 0 ? await manual.inputValue() : ((await popup.locator("#diagnostics-preview").textContent()) ?? "");
    expect(copied).toContain(`Extension version: ${BUILT_VERSION}`);
    expect(copied).toMatch(/Browser: .*Chrom/);
    expect(copied).toContain("notionToken=set");
    expect(copied).toContain("geminiKey=set");
    // The mirror failures of the earlier test are in the error log, scrubbed.
    expect(copied).toMatch(/\[mirror\]/);
    for (const secret of SECRETS) expect(copied).not.toContain(secret);
    await screenshot(popup, "connections-feedback");
  }, 60_000);
});
