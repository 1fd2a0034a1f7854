/**
 * What a user does in Inkwell's popup, written once for both browsers: the
 * flows drive a small `Ui` (CSS selectors in, text out), which Playwright
 * (Chromium) and Puppeteer (Firefox, over WebDriver BiDi) each implement in a
 * few lines; and what the emulated Notion must hold afterwards. The tests then
 * read the same in both browsers.
 */
import type { Page as PlaywrightPage } from "playwright-core";
import type { Page as PuppeteerPage } from "puppeteer-core";
import { expect } from "vitest";
import { outline } from "../integration/helpers";
import { DEMO_NOTION_TOKEN, notionWebUrl } from "../sandbox/demo-workspace";
import type { Sandbox } from "../sandbox/server";
import type { DemoWorkspace } from "../sandbox/demo-workspace";

export interface Ui<P = unknown> {
  /** The underlying page, for what only one browser's API can do. */
  page: P;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  select(selector: string, value: string): Promise<void>;
  /** Waits until an element matching `selector` is visible. */
  waitFor(selector: string, timeout?: number): Promise<void>;
  /** Waits until the element's text matches `pattern`, and returns that text. */
  waitForText(selector: string, pattern: RegExp, timeout?: number): Promise<string>;
  text(selector: string): Promise<string>;
  value(selector: string): Promise<string>;
  visible(selector: string): Promise<boolean>;
  count(selector: string): Promise<number>;
  /** Waits until exactly `expected` elements match `selector`. */
  waitForCount(selector: string, expected: number, timeout?: number): Promise<void>;
  /** Runs `fn(arg)` in the page (an extension page can use the extension APIs there). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT = 20_000;

/** Both browsers wait the same way: poll the document for the element's text. */
function textMatches([selector, source, flags]: [string, string, string]): string | false {
  const element = document.querySelector(selector);
  const text = element?.textContent ?? "";
  return element && new RegExp(source, flags).test(text) ? text : false;
}

function countIs([selector, expected]: [string, number]): boolean {
  return document.querySelectorAll(selector).length === expected;
}

function isVisible(selector: string): boolean {
  const element = document.querySelector(selector) as HTMLElement | null;
  return !!element && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
}

/** Firefox through Puppeteer (WebDriver BiDi). Extension pages need the harness's BiDi `reload` (they send no load events). */
export function puppeteerUi(page: PuppeteerPage, reload?: (page: PuppeteerPage) => Promise<void>): Ui<PuppeteerPage> {
  return {
    page,
    // page.click, not a Locator: the Locator's stability check (animation frames) stalls in headless Firefox.
    async click(selector) {
      await page.waitForSelector(selector, { visible: true, timeout: DEFAULT_TIMEOUT });
      await page.click(selector);
    },
    fill: (selector, value) => page.locator(selector).setTimeout(DEFAULT_TIMEOUT).fill(value),
    async select(selector, value) {
      await page.waitForSelector(selector, { visible: true, timeout: DEFAULT_TIMEOUT });
      await page.select(selector, value);
    },
    async waitFor(selector, timeout = DEFAULT_TIMEOUT) {
      await page.waitForSelector(selector, { visible: true, timeout });
    },
    async waitForText(selector, pattern, timeout = DEFAULT_TIMEOUT) {
      const handle = await page.waitForFunction(textMatches, { timeout, polling: 100 }, [selector, pattern.source, pattern.flags] as [string, string, string]);
      return (await handle.jsonValue()) as string;
    },
    text: (selector) => page.$eval(selector, (element) => element.textContent ?? ""),
    value: (selector) => page.$eval(selector, (element) => (element as HTMLInputElement).value),
    visible: (selector) => page.evaluate(isVisible, selector),
    count: (selector) => page.$$eval(selector, (elements) => elements.length),
    async waitForCount(selector, expected, timeout = DEFAULT_TIMEOUT) {
      await page.waitForFunction(countIs, { timeout, polling: 100 }, [selector, expected] as [string, number]);
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    async reload() {
      if (reload) await reload(page);
      else await page.reload();
    },
    close: () => page.close(),
  };
}

/** Chromium through Playwright. */
export function playwrightUi(page: PlaywrightPage): Ui<PlaywrightPage> {
  return {
    page,
    click: (selector) => page.locator(selector).click(),
    fill: (selector, value) => page.locator(selector).fill(value),
    select: (selector, value) => page.locator(selector).selectOption(value).then(() => undefined),
    waitFor: (selector, timeout = DEFAULT_TIMEOUT) => page.locator(selector).waitFor({ timeout }),
    async waitForText(selector, pattern, timeout = DEFAULT_TIMEOUT) {
      const handle = await page.waitForFunction(textMatches, [selector, pattern.source, pattern.flags] as [string, string, string], { timeout, polling: 100 });
      return (await handle.jsonValue()) as string;
    },
    text: async (selector) => (await page.locator(selector).textContent()) ?? "",
    value: (selector) => page.locator(selector).inputValue(),
    visible: (selector) => page.evaluate(isVisible, selector),
    count: (selector) => page.locator(selector).count(),
    async waitForCount(selector, expected, timeout = DEFAULT_TIMEOUT) {
      await page.waitForFunction(countIs, [selector, expected] as [string, number], { timeout, polling: 100 });
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    reload: () => page.reload().then(() => undefined),
    close: () => page.close(),
  };
}

// ---- Flows -------------------------------------------------------------------------------------------------------

export type KeyedEngine = "gemini" | "openai" | "anthropic";

export async function openTab(ui: Ui, name: "settings" | "create" | "connections"): Promise<void> {
  await ui.click(`#tab-${name}`);
  await ui.waitFor(`#panel-${name}`);
}

/** Settings as a user fills them: engine, its key, the Notion secret, Save. */
export async function saveSettings(ui: Ui, engine: KeyedEngine, key: string): Promise<void> {
  await openTab(ui, "settings");
  await ui.select("#engine", engine);
  await ui.fill(`#${engine}-key`, key);
  await ui.fill("#notion-secret", DEMO_NOTION_TOKEN);
  await ui.click("#save-settings");
  await ui.waitForText("#settings-status", /Saved/);
}

/** The live checks: Check key lists the provider's models, Test names the integration and workspace. */
export async function checkKeysLive(ui: Ui): Promise<{ ai: string; notion: string }> {
  await ui.click("#test-ai-key");
  const ai = await ui.waitForText("#ai-check-result.ok", /models/);
  await ui.click("#test-notion");
  const notion = await ui.waitForText("#notion-check-result.ok", /Integration|Personal access token/);
  return { ai, notion };
}

/** The Create tab restores the last draft (nothing typed is lost): start a new connection from a clean form. */
export async function freshCreateForm(ui: Ui): Promise<void> {
  await openTab(ui, "create");
  if (await ui.visible("#new-connection")) await ui.click("#new-connection");
  if (await ui.visible("#prompt-back")) await ui.click("#prompt-back");
  await ui.waitFor("#create-kind");
}

export async function createPageConnection(ui: Ui, name: string, url: string, prompt: string): Promise<void> {
  await freshCreateForm(ui);
  await ui.fill("#create-name", name);
  await ui.select("#create-kind", "page");
  await ui.fill("#create-url", url);
  await ui.click("#target-next");
  await ui.waitFor("#target-summary");
  await ui.fill("#create-prompt", prompt);
}

export async function createDatabaseConnection(ui: Ui, name: string, url: string, prompt: string, previewText: RegExp): Promise<void> {
  await freshCreateForm(ui);
  await ui.fill("#create-name", name);
  await ui.select("#create-kind", "database");
  await ui.fill("#create-url", url);
  await ui.click("#target-next");
  await ui.waitFor("#ticked-count");
  await ui.select("#db-status", "AI status");
  await ui.fill("#create-prompt", prompt);
  await ui.waitForText("#prompt-preview", previewText);
}

export async function generateAndWait(ui: Ui, text: RegExp, timeout = 60_000): Promise<string> {
  await ui.click("#generate");
  return ui.waitForText("#run-status", text, timeout);
}

// ---- What Notion must hold ---------------------------------------------------------------------------------------

/** Headings, nested lists, a code block, a table and a paragraph over 2000 characters. */
export const LAUNCH_PLAN_ANSWER = [
  "# Launch plan",
  "## Goals",
  "- Ship the beta\n  - invite 50 users\n    - collect feedback\n- Measure retention",
  "1. Prepare\n2. Launch\n   1. announce\n   2. monitor",
  "```js\nconsole.log('launch');\n```",
  "| Week | Task |\n|---|---|\n| 1 | Beta |\n| 2 | GA |",
  `Long paragraph: ${"lorem ipsum dolor sit amet ".repeat(100)}`,
].join("\n\n");

export type Db = { databaseId: string; dataSourceId: string; rowIds: string[] };

/** A fresh topics database: `ticked` rows with the checkbox on, `unticked` without. */
export function seedTopics(sandbox: Sandbox, demo: DemoWorkspace, title: string, ticked: number, unticked: number): Db {
  return sandbox.notion.createDatabase({
    parentPageId: demo.homePageId,
    title,
    properties: { Name: { title: {} }, Generate: { checkbox: {} }, Audience: { select: {} }, Summary: { rich_text: {} }, "AI status": { select: {} } },
    rows: [
      ...Array.from({ length: ticked }, (_, i) => ({ Name: `${title} topic ${i + 1}`, Generate: true, Audience: i % 2 ? "Developers" : "Managers" })),
      ...Array.from({ length: unticked }, (_, i) => ({ Name: `${title} unticked ${i + 1}`, Generate: false })),
    ],
  });
}

/** Answers that name their row ("Topic: <title>"), so a duplicate or a mix-up shows in the page bodies. */
export function answerByTopic(sandbox: Sandbox): void {
  sandbox.gemini.answerWhen(/Topic: (.+)/, (request) => {
    const topic = /Topic: (.+?)(?: for .*)?$/m.exec(request.prompt)![1]!.trim();
    return `## About ${topic}\n\nWritten for row ${topic}.`;
  });
}

/** Rows whose checkbox is off: done, or never ticked. */
export function untickedRows(sandbox: Sandbox, db: Db): number {
  return sandbox.notion.rows(db.databaseId).filter((row) => (row.properties.Generate as unknown as { checkbox: boolean }).checkbox === false).length;
}

/** Every ticked row holds its own answer exactly once and is unticked with status Done; unticked rows are untouched. */
export function expectRowsWrittenOnce(sandbox: Sandbox, title: string, db: Db, ticked: number): void {
  const rows = sandbox.notion.rows(db.databaseId);
  for (const [index, rowId] of db.rowIds.entries()) {
    const row = rows.find((candidate) => candidate.id === rowId)!;
    const body = outline(sandbox.notion.blockTree(rowId) as never);
    if (index < ticked) {
      expect(body, `row ${index + 1}`).toEqual([`heading_2:About ${title} topic ${index + 1}`, `paragraph:Written for row ${title} topic ${index + 1}.`]);
      expect(row.properties.Generate).toMatchObject({ checkbox: false });
      expect(row.properties["AI status"]).toMatchObject({ select: { name: "Done" } });
    } else {
      expect(body).toEqual([]);
      expect(row.properties.Generate).toMatchObject({ checkbox: false });
    }
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export { notionWebUrl };
