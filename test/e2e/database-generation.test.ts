import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { outline } from "../integration/helpers";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest, type ExtensionTest } from "./fixtures";

type Db = { databaseId: string; dataSourceId: string; rowIds: string[] };

/** A fresh topics database: `ticked` rows with the checkbox on, `unticked` without. */
function seedTopics(t: ExtensionTest, title: string, ticked: number, unticked: number): Db {
  return t.sandbox.notion.createDatabase({
    parentPageId: t.demo.homePageId,
    title,
    properties: { Name: { title: {} }, Generate: { checkbox: {} }, Audience: { select: {} }, Summary: { rich_text: {} }, "AI status": { select: {} } },
    rows: [
      ...Array.from({ length: ticked }, (_, i) => ({ Name: `${title} topic ${i + 1}`, Generate: true, Audience: i % 2 ? "Developers" : "Managers" })),
      ...Array.from({ length: unticked }, (_, i) => ({ Name: `${title} unticked ${i + 1}`, Generate: false })),
    ],
  });
}

async function configure(popup: Page): Promise<void> {
  await popup.getByRole("tab", { name: "Settings" }).click();
  await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
  await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
  await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
  await popup.getByRole("button", { name: "Save" }).click();
  await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
}

async function setUpDatabase(popup: Page, title: string, db: Db, prompt: string, output?: { property: string }): Promise<void> {
  await popup.getByRole("tab", { name: "Create" }).click();
  if (await popup.locator("#new-connection").isVisible()) await popup.locator("#new-connection").click();
  if (await popup.locator("#prompt-back").isVisible()) await popup.locator("#prompt-back").click();
  await popup.getByLabel("Name", { exact: true }).fill(title);
  await popup.getByLabel("Type").selectOption("database");
  await popup.getByLabel("Notion URL").fill(notionWebUrl(title, db.databaseId));
  await popup.locator("#target-next").click();
  await popup.locator("#ticked-count").waitFor({ timeout: 20_000 });
  if (output) {
    await popup.getByLabel("Write the answer to").selectOption("property");
    await popup.getByLabel("Text property").selectOption(output.property);
  }
  await popup.getByLabel("Status property").selectOption("AI status");
  await popup.getByLabel("Prompt", { exact: true }).fill(prompt);
  await popup.locator("#prompt-preview").filter({ hasText: "topic 1" }).waitFor({ timeout: 20_000 });
}

/** Every ticked row holds its own answer exactly once and is unticked with status Done; unticked rows are untouched. */
function expectRowsWrittenOnce(t: ExtensionTest, title: string, db: Db, ticked: number): void {
  const rows = t.sandbox.notion.rows(db.databaseId);
  for (const [index, rowId] of db.rowIds.entries()) {
    const row = rows.find((candidate) => candidate.id === rowId)!;
    const body = outline(t.sandbox.notion.blockTree(rowId) as never);
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

describe("database generation in the popup (production build, sandbox)", () => {
  const t = useExtensionTest();
  let popup: Page;

  beforeAll(async () => {
    // Answers name their row, so a duplicate or a mix-up shows in the page bodies.
    t().sandbox.gemini.answerWhen(/Topic: (.+)/, (request) => {
      const topic = /Topic: (.+?)(?: for .*)?$/m.exec(request.prompt)![1]!.trim();
      return `## About ${topic}\n\nWritten for row ${topic}.`;
    });
    popup = await t().openPopup();
    await configure(popup);
  });

  it("fills the 6 ticked rows of 8, clears their checkboxes and leaves the 2 others untouched", async () => {
    const db = seedTopics(t(), "Alpha", 6, 2);
    await setUpDatabase(popup, "Alpha", db, "Topic: {{title}}");
    expect(await popup.locator("#ticked-count").textContent()).toContain("6");
    await popup.locator("#generate").click();
    await popup.locator("#run-status").filter({ hasText: /^Done: 6 rows written/ }).waitFor({ timeout: 60_000 });
    expect(await popup.locator("#row-list li[data-row-id]").count()).toBe(6);
    expectRowsWrittenOnce(t(), "Alpha", db, 6);
    await t().screenshot(popup, "database-popup-done");
  });

  it("writes to a text property with {{Property}} placeholders", async () => {
    const db = seedTopics(t(), "Beta", 3, 1);
    await setUpDatabase(popup, "Beta", db, "Topic: {{Name}} for {{Audience}}", { property: "Summary" });
    expect(await popup.locator("#prompt-preview").textContent()).toContain("Topic: Beta topic 1 for Managers");
    await popup.locator("#generate").click();
    await popup.locator("#run-status").filter({ hasText: /^Done: 3 rows written/ }).waitFor({ timeout: 60_000 });
    const rows = t().sandbox.notion.rows(db.databaseId);
    for (const index of [0, 1, 2]) {
      const summary = rows[index]!.properties.Summary as unknown as { rich_text: { plain_text: string }[] };
      expect(summary.rich_text.map((item) => item.plain_text).join("")).toContain(`Written for row Beta topic ${index + 1}.`);
      expect(t().sandbox.notion.blockTree(db.rowIds[index]!)).toEqual([]);
    }
    expect(rows[3]!.properties.Summary).toMatchObject({ rich_text: [] });
    const prompts = t().sandbox.gemini.requests.map((request) => JSON.stringify(request.body ?? null));
    expect(prompts.some((body) => body.includes("Topic: Beta topic 2 for Developers"))).toBe(true);
  });

  it("writes every row exactly once with 10% of Notion's answers failing", async () => {
    const db = seedTopics(t(), "Gamma", 10, 2);
    await setUpDatabase(popup, "Gamma", db, "Topic: {{title}}");
    t().sandbox.notion.setFaults({ rate: 0.1, kinds: ["500", "502", "503", "529", "drop"], timing: "random", seed: 5, path: /^\/v1\/(blocks|pages)\// });
    await popup.locator("#generate").click();
    await popup.locator("#run-status").filter({ hasText: /^Done: 10 rows written/ }).waitFor({ timeout: 90_000 });
    t().sandbox.notion.setFaults(null);
    expect(t().sandbox.notion.requestLog().some((entry) => entry.fault !== undefined)).toBe(true);
    expectRowsWrittenOnce(t(), "Gamma", db, 10);
  });

  it("resumes after the worker is stopped twice mid-run, writing every row exactly once", async () => {
    const { sandbox, browser } = t();
    const db = seedTopics(t(), "Delta", 9, 1);
    await setUpDatabase(popup, "Delta", db, "Topic: {{title}}");
    sandbox.gemini.setTiming({ ttftMs: 1200, tokensPerSecond: 40 });
    const done = () => sandbox.notion.rows(db.databaseId).filter((row) => (row.properties.Generate as unknown as { checkbox: boolean }).checkbox === false).length;
    await popup.locator("#generate").click();

    // First stop once some rows are done; a user reopening the popup wakes the worker.
    await waitFor(() => done() >= 2);
    await browser.stopWorker();
    await popup.reload();
    // Second stop: nothing wakes the worker but its resume alarm.
    await waitFor(() => done() >= 6, 90_000);
    await browser.stopWorker();
    await waitFor(() => done() === 10, 100_000);
    sandbox.gemini.setTiming({ ttftMs: 0, tokensPerSecond: Infinity });
    await popup.locator("#run-status").filter({ hasText: /^Done: 9 rows written/ }).waitFor({ timeout: 30_000 });
    expectRowsWrittenOnce(t(), "Delta", db, 9);
  }, 240_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
