/**
 * The popup's flows in Firefox ESR with the unchanged dist/firefox, against
 * the sandbox: Settings with live checks, a page generation, a database run
 * through two stops of the event page, and connections deleted and restored.
 * One Firefox for the file; the tests run in order.
 */
import type { Page } from "puppeteer-core";
import { expect, it } from "vitest";
import { markdownToBlocks } from "../../../src/core/markdown";
import type { Connection } from "../../../src/shared/storage/schema";
import { outline, requestOutline } from "../../integration/helpers";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY } from "../../sandbox/demo-workspace";
import {
  answerByTopic,
  checkKeysLive,
  createDatabaseConnection,
  createPageConnection,
  expectRowsWrittenOnce,
  generateAndWait,
  LAUNCH_PLAN_ANSWER,
  notionWebUrl,
  openTab,
  seedTopics,
  untickedRows,
  waitUntil,
  type Ui,
} from "../flows";
import { describeInFirefox, useFirefoxTest } from "./fixtures";

describeInFirefox("Firefox: the popup's flows (production build, sandbox)", () => {
  const t = useFirefoxTest();

  /** The stored connections, read from an extension page the way the UI reads them. */
  const connections = async (ui: Ui<Page>, includeDeleted = false): Promise<Connection[]> =>
    Object.entries(await ui.evaluate(() => chrome.storage.local.get(null), undefined))
      .filter(([key]) => key.startsWith("connection:"))
      .map(([, value]) => value as Connection)
      .filter((connection) => includeDeleted || connection.deletedAt === undefined);

  it("configures Settings as a user would, checking the Gemini key and the Notion secret live", async () => {
    const popup = await t().openPopup();
    await popup.select("#engine", "gemini");
    await popup.fill("#gemini-key", GEMINI_DEMO_KEY);
    await popup.fill("#notion-secret", DEMO_NOTION_TOKEN);
    const checks = await checkKeysLive(popup);
    expect(checks.ai).toMatch(/✓ Key works — \d+ models/);
    expect(checks.notion).toContain("“Inkwell Demo” in Demo Workspace");
    await popup.click("#save-settings");
    await popup.waitForText("#settings-status", /Saved/);
    // The worker kept what was typed (the page sees only each key's ending; the keys are in the worker's vault,
    // not in storage.local), and the Test call carried the pinned Notion version.
    const stored = await popup.evaluate(() => chrome.storage.local.get(["settings", "secrets"]), undefined);
    expect(stored).toMatchObject({ settings: { engine: "gemini" } });
    expect(stored).not.toHaveProperty("secrets");
    await popup.waitForText("#gemini-key-saved", new RegExp(`ending in …${GEMINI_DEMO_KEY.slice(-4)}`));
    await popup.waitForText("#notion-secret-saved", new RegExp(`ending in …${DEMO_NOTION_TOKEN.slice(-4)}`));
    expect(t().sandbox.notion.requestLog().filter((entry) => entry.path === "/v1/users/me").at(-1)).toMatchObject({ status: 200, notionVersion: "2026-03-11" });
    await popup.close();
  });

  it("generates into a page: the emulated Notion page holds exactly the expected native blocks", async () => {
    const { sandbox, demo, openPopup, openNotion, screenshot } = t();
    sandbox.gemini.scriptAnswer(LAUNCH_PLAN_ANSWER);
    const popup = await openPopup();
    await createPageConnection(popup, "Launch plan", notionWebUrl("Blank page", demo.blankPageId), "Write a launch plan");
    expect(await generateAndWait(popup, /^Done/)).toMatch(/\d+ blocks written/);
    expect(outline(sandbox.notion.blockTree(demo.blankPageId) as never)).toEqual(requestOutline(markdownToBlocks(LAUNCH_PLAN_ANSWER)));
    const notionTab = await openNotion(notionWebUrl("Blank page", demo.blankPageId));
    await notionTab.waitForSelector(".notion-page-content .notion-code-block", { timeout: 20_000 });
    await screenshot(notionTab, "page-generation-notion");
    await screenshot(popup.page, "page-generation-popup");
    await Promise.all([popup.close(), notionTab.close()]);
  });

  it("a generation longer than Firefox's idle timeout runs to its end: the worker's keep-alive holds the background page", async () => {
    const { sandbox, demo, openPopup, firefox } = t();
    // Firefox stops an idle event page after extensions.background.idle.timeout (30 s by default); a pending fetch
    // doesn't count as activity. Two things do: the worker's keep-alive (an extension API call every 20 s) and the
    // resume alarm (every 30 s). At the default both hold the page, so removing the keep-alive alone would go unnoticed;
    // at 25 s only the keep-alive is frequent enough, so this test fails without it.
    await firefox.evaluateInParent(`Services.prefs.setIntPref("extensions.background.idle.timeout", 25000)`);
    const pageId = sandbox.notion.createPage({ title: "Slow answer", parentPageId: demo.homePageId });
    sandbox.gemini.scriptAnswer("## Slow\n\nWorth the wait.");
    sandbox.gemini.setTiming({ ttftMs: 36_000, tokensPerSecond: Infinity });
    const states = new Set<string>();
    const watch = setInterval(() => void firefox.backgroundState().then((state) => states.add(state), () => undefined), 1000);
    try {
      const popup = await openPopup();
      await createPageConnection(popup, "Slow answer", notionWebUrl("Slow answer", pageId), "Take your time");
      const asked = sandbox.gemini.requests.length;
      await popup.click("#generate");
      // The request is out; the popup closes, as a toolbar popup does once the user looks elsewhere: nothing keeps the page busy.
      await waitUntil(() => sandbox.gemini.requests.length > asked, 20_000);
      await popup.close();
      await waitUntil(() => outline(sandbox.notion.blockTree(pageId) as never).length === 2 || states.has("stopped"), 60_000);
    } finally {
      clearInterval(watch);
      sandbox.gemini.setTiming({ ttftMs: 0, tokensPerSecond: Infinity });
      await firefox.evaluateInParent(`Services.prefs.clearUserPref("extensions.background.idle.timeout")`);
    }
    expect([...states]).not.toContain("stopped");
    expect(outline(sandbox.notion.blockTree(pageId) as never)).toEqual(["heading_2:Slow", "paragraph:Worth the wait."]);
  }, 90_000);

  it("resumes a database run after the event page is stopped twice mid-run, writing every row exactly once", async () => {
    const { sandbox, demo, openPopup, stopBackground, firefox } = t();
    answerByTopic(sandbox);
    const db = seedTopics(sandbox, demo, "Delta", 9, 1);
    const popup = await openPopup();
    await createDatabaseConnection(popup, "Delta", notionWebUrl("Delta", db.databaseId), "Topic: {{title}}", /Delta topic 1/);
    sandbox.gemini.setTiming({ ttftMs: 1200, tokensPerSecond: 40 });
    try {
      await popup.click("#generate");
      // First stop once some rows are done; reopening the popup wakes the background page.
      await waitUntil(() => untickedRows(sandbox, db) >= 2);
      await stopBackground();
      expect(await firefox.backgroundState()).toBe("stopped");
      await popup.reload();
      // Second stop: nothing wakes the background page but its resume alarm.
      await waitUntil(() => untickedRows(sandbox, db) >= 6, 90_000);
      await stopBackground();
      await waitUntil(() => untickedRows(sandbox, db) === 10, 100_000);
    } finally {
      sandbox.gemini.setTiming({ ttftMs: 0, tokensPerSecond: Infinity });
    }
    await popup.waitForText("#run-status", /^Done: 9 rows written/, 30_000);
    expectRowsWrittenOnce(sandbox, "Delta", db, 9);
    await popup.close();
  }, 240_000);

  it("creates a connection, deletes it from the list and brings it back with Undo", async () => {
    const { sandbox, demo, openPopup } = t();
    const pageId = sandbox.notion.createPage({ title: "Undo me", parentPageId: demo.homePageId });
    sandbox.gemini.scriptAnswer("## Kept\n\nStill here.");
    const popup = await openPopup();
    await createPageConnection(popup, "Undo me", notionWebUrl("Undo me", pageId), "Write something to keep");
    await generateAndWait(popup, /^Done/);
    const created = (await connections(popup)).find((connection) => connection.name === "Undo me")!;
    expect(created).toMatchObject({ kind: "page", targetId: pageId, prompt: "Write something to keep" });

    await openTab(popup, "connections");
    const item = `#connection-list li[data-connection-id="${created.id}"]`;
    await popup.click(`${item} button[aria-label="More actions for Undo me"]`);
    await popup.click(`${item} .menu button.danger`);
    // The question is asked in the page: a native confirm() would close Firefox's toolbar popup.
    await popup.waitFor("#confirm-dialog #confirm-ok");
    expect(await popup.text("#confirm-message")).toContain("Undo me");
    await popup.click("#confirm-ok");
    await popup.waitForText("#undo-toast", /Deleted “Undo me”/);
    await popup.waitForCount(item, 0);
    expect((await connections(popup, true)).find((connection) => connection.id === created.id)?.deletedAt).toBeTypeOf("number");

    await popup.click("#undo-delete");
    await popup.waitForCount(item, 1);
    const restored = (await connections(popup)).find((connection) => connection.id === created.id);
    expect(restored).toMatchObject({ name: "Undo me", targetId: pageId, runIds: created.runIds });
    expect(restored?.deletedAt).toBeUndefined();
    // Nothing in Notion changed: the page still holds the one generation.
    expect(outline(sandbox.notion.blockTree(pageId) as never)).toEqual(["heading_2:Kept", "paragraph:Still here."]);
    await popup.close();
  });
});
