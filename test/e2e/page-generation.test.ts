import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/core/markdown";
import { outline, requestOutline } from "../integration/helpers";
import { GEMINI_EXHAUSTED_KEY, OPENAI_DEMO_KEY, OPENAI_EXHAUSTED_KEY } from "../sandbox/ai";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest } from "./fixtures";

/** Headings, nested lists, a code block, a table and a paragraph over 2000 characters. */
const ANSWER = [
  "# Launch plan",
  "## Goals",
  "- Ship the beta\n  - invite 50 users\n    - collect feedback\n- Measure retention",
  "1. Prepare\n2. Launch\n   1. announce\n   2. monitor",
  "```js\nconsole.log('launch');\n```",
  "| Week | Task |\n|---|---|\n| 1 | Beta |\n| 2 | GA |",
  `Long paragraph: ${"lorem ipsum dolor sit amet ".repeat(100)}`,
].join("\n\n");

async function fillSettings(popup: Page, engine: "gemini" | "openai", key: string): Promise<void> {
  await popup.getByRole("tab", { name: "Settings" }).click();
  await popup.getByLabel("Engine", { exact: true }).selectOption(engine);
  await popup.getByLabel(engine === "gemini" ? "Gemini API key" : "OpenAI API key").fill(key);
  await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
  await popup.getByRole("button", { name: "Save" }).click();
  await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
}

/** The Create tab restores the last draft (nothing typed is lost): start a new connection from a clean form. */
async function openFreshCreateForm(popup: Page): Promise<void> {
  await popup.getByRole("tab", { name: "Create" }).click();
  const fresh = popup.locator("#new-connection");
  const back = popup.locator("#prompt-back");
  if (await fresh.isVisible()) await fresh.click();
  if (await back.isVisible()) await back.click();
  await popup.getByLabel("Type").waitFor();
}

async function createPageConnection(popup: Page, name: string, url: string, prompt: string): Promise<void> {
  await openFreshCreateForm(popup);
  await popup.getByLabel("Name").fill(name);
  await popup.getByLabel("Type").selectOption("page");
  await popup.getByLabel("Notion URL").fill(url);
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.locator("#target-summary").waitFor();
  await popup.getByLabel("Prompt").fill(prompt);
}

async function generateAndWait(popup: Page, text: RegExp, timeout = 60_000): Promise<string> {
  await popup.locator("#generate").click();
  const status = popup.locator("#run-status").filter({ hasText: text });
  await status.waitFor({ timeout });
  return (await status.textContent()) ?? "";
}

describe("settings and page generation in the popup (production build, sandbox)", () => {
  const t = useExtensionTest();

  it("configures settings as a user would, checking both keys live", async () => {
    const popup = await t().openPopup();
    await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
    await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await popup.getByRole("button", { name: "Check key" }).click();
    await popup.locator("#ai-check-result.ok").waitFor({ timeout: 20_000 });
    expect(await popup.locator("#ai-check-result").textContent()).toMatch(/\d+ models/);
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await popup.getByRole("button", { name: "Test", exact: true }).click();
    await popup.locator("#notion-check-result.ok").waitFor({ timeout: 20_000 });
    await popup.getByRole("button", { name: "Save" }).click();
    await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
    await popup.close();
  });

  it("generates into a page with Gemini: the page holds the expected native blocks", async () => {
    const { sandbox, demo, openPopup, openNotion, screenshot } = t();
    sandbox.gemini.scriptAnswer(ANSWER);
    const popup = await openPopup();
    await createPageConnection(popup, "Launch plan", notionWebUrl("Blank page", demo.blankPageId), "Write a launch plan");
    const notionTab = await openNotion(notionWebUrl("Blank page", demo.blankPageId));
    await popup.bringToFront();
    const done = await generateAndWait(popup, /^Done/);
    const expected = requestOutline(markdownToBlocks(ANSWER));
    expect(done).toMatch(/\d+ blocks written/);
    expect(outline(sandbox.notion.blockTree(demo.blankPageId) as never)).toEqual(expected);
    // The long paragraph was split into rich-text items of at most 2000 characters.
    const long = sandbox.notion.blockTree(demo.blankPageId).find((block) => block.type === "paragraph" && JSON.stringify(block).includes("Long paragraph"));
    const items = (long?.paragraph as { rich_text: { plain_text: string }[] }).rich_text;
    expect(items.length).toBeGreaterThan(1);
    expect(Math.max(...items.map((item) => item.plain_text.length))).toBeLessThanOrEqual(2000);
    // The fake Notion tab refreshed as blocks arrived.
    await notionTab.locator(".notion-page-content .notion-code-block").waitFor({ timeout: 10_000 });
    await screenshot(notionTab, "page-generation-gemini-notion");
    await screenshot(popup, "page-generation-gemini-popup");
    await Promise.all([popup.close(), notionTab.close()]);
  });

  it("generates again with OpenAI, appending below the earlier content", async () => {
    const { sandbox, demo, openPopup } = t();
    const before = outline(sandbox.notion.blockTree(demo.blankPageId) as never).length;
    sandbox.openai.scriptAnswer("## From OpenAI\n\n- first\n- second");
    const popup = await openPopup();
    await fillSettings(popup, "openai", OPENAI_DEMO_KEY);
    await createPageConnection(popup, "OpenAI run", notionWebUrl("Blank page", demo.blankPageId), "Add two points");
    await generateAndWait(popup, /^Done/);
    const tree = outline(sandbox.notion.blockTree(demo.blankPageId) as never);
    expect(tree.slice(before)).toEqual(["heading_2:From OpenAI", "bulleted_list_item:first", "bulleted_list_item:second"]);
    expect(sandbox.openai.requests.some((request) => request.path === "/v1/responses")).toBe(true);
    await popup.close();
  });

  it("explains how to share a page the integration can't see", async () => {
    const { sandbox, openPopup } = t();
    const hidden = sandbox.notion.createPage({ title: "Private notes" });
    const popup = await openPopup();
    await openFreshCreateForm(popup);
    await popup.getByLabel("Type").selectOption("page");
    await popup.getByLabel("Notion URL").fill(notionWebUrl("Private notes", hidden));
    await popup.getByRole("button", { name: "Next" }).click();
    const alert = popup.locator("#target-error");
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(/isn't shared with your integration “Inkwell Demo”.*••• .*Connections/);
    await popup.close();
  });

  it("recognises a database offered as a page", async () => {
    const { demo, openPopup } = t();
    const popup = await openPopup();
    await openFreshCreateForm(popup);
    await popup.getByLabel("Type").selectOption("page");
    await popup.getByLabel("Notion URL").fill(notionWebUrl("Blog topics", demo.topics.databaseId));
    await popup.getByRole("button", { name: "Next" }).click();
    await popup.locator("#target-error").filter({ hasText: "Notion database" }).waitFor({ timeout: 20_000 });
    await popup.close();
  });

  it.each([
    ["an invalid Gemini key", "gemini" as const, "AIzaSyNotAValidKey0000000000000000000000", /Gemini rejected the API key/],
    ["exhausted Gemini quota", "gemini" as const, GEMINI_EXHAUSTED_KEY, /quota/i],
    ["exhausted OpenAI quota", "openai" as const, OPENAI_EXHAUSTED_KEY, /quota/i],
  ])("shows %s in the popup without writing anything", async (_name, engine, key, message) => {
    const { sandbox, demo, openPopup } = t();
    const page = sandbox.notion.createPage({ title: "Errors", parentPageId: demo.homePageId });
    const popup = await openPopup();
    await fillSettings(popup, engine, key);
    await createPageConnection(popup, "Errors", notionWebUrl("Errors", page), "Anything");
    const text = await generateAndWait(popup, message);
    expect(text).not.toContain(key);
    expect(sandbox.notion.blockTree(page)).toEqual([]);
    await popup.close();
  });

  it("waits out Notion's rate limit visibly and carries on", async () => {
    const { sandbox, demo, openPopup } = t();
    const page = sandbox.notion.createPage({ title: "Throttled", parentPageId: demo.homePageId });
    const popup = await openPopup();
    await fillSettings(popup, "gemini", GEMINI_DEMO_KEY);
    await createPageConnection(popup, "Throttled", notionWebUrl("Throttled", page), "Many sections");
    // Notion becomes strict (a workspace limit shared by every connection): the extension must meet 429s, obey
    // Retry-After, and say which limit asked for the wait.
    // Only that limit: the connection's own bucket, left on, can refuse first (with no reason, so no name to show).
    const connectionLimit = sandbox.notion.rateLimit;
    sandbox.notion.setRateLimit(false);
    sandbox.notion.setWorkspaceRateLimit({ kind: "window", requestsPerWindow: 2, windowSeconds: 10 });
    sandbox.gemini.setTiming({ ttftMs: 0, tokensPerSecond: 400 });
    sandbox.gemini.scriptAnswer(Array.from({ length: 12 }, (_, i) => `## Part ${i}\n\nText ${i}.`).join("\n\n"));
    await popup.locator("#generate").click();
    await popup.locator("#run-status").filter({ hasText: /Notion asked Inkwell to wait \d+ s \(workspace limit\)/ }).waitFor({ timeout: 60_000 });
    await popup.locator("#run-status").filter({ hasText: /^Done/ }).waitFor({ timeout: 90_000 });
    sandbox.notion.setWorkspaceRateLimit(false);
    sandbox.notion.setRateLimit(connectionLimit);
    sandbox.gemini.setTiming({ ttftMs: 0, tokensPerSecond: Infinity });
    expect(sandbox.notion.requestLog().some((entry) => entry.status === 429)).toBe(true);
    expect(outline(sandbox.notion.blockTree(page) as never)).toHaveLength(24);
    await popup.close();
  });
});
