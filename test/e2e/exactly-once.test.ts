/**
 * Exactly once in the production build, over HTTP/2 (like api.notion.com) and
 * HTTP/1.1 (a downgrading network): a database run whose row answers need
 * three append requests each, with one append dropped after Notion applied it
 * (over HTTP/1.1 Chromium then silently sends it again) and the worker
 * stopped through CDP between two appends of a row. Every row must end with
 * its answer exactly once, nested children included.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/core/markdown";
import { outline, requestOutline } from "../integration/helpers";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import type { SandboxProtocol } from "../sandbox/http";
import { useExtensionTest } from "./fixtures";

function answerFor(topic: string): string {
  const tasks = Array.from({ length: 110 }, (_, i) => `- [ ] Task ${i + 1} for ${topic}`).join("\n");
  return `## ${topic}\n\n${tasks}\n\n- Level 1 of ${topic}\n  - Level 2\n    - Level 3\n      - Level 4 of ${topic}\n`;
}

const APPEND = /^\/v1\/blocks\/[^/]+\/children$/;

describe.each<SandboxProtocol>(["h2", "http/1.1"])("exactly once over %s (production build, sandbox)", (protocol) => {
  const t = useExtensionTest({ protocol });
  let popup: Page;

  beforeAll(async () => {
    t().sandbox.gemini.answerWhen(/Topic: (.+)/, (request) => answerFor(/Topic: (.+)/.exec(request.prompt)![1]!.trim()));
    popup = await t().openPopup();
    await popup.getByRole("tab", { name: "Settings" }).click();
    await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
    await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await popup.getByRole("button", { name: "Save" }).click();
    await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
  });

  it("a dropped append and a worker stop between two appends still write every row exactly once, children included", async () => {
    const { sandbox, browser } = t();
    const title = protocol === "h2" ? "Over h2" : "Over h1";
    const db = sandbox.notion.createDatabase({
      parentPageId: t().demo.homePageId,
      title,
      properties: { Name: { title: {} }, Generate: { checkbox: {} }, "AI status": { select: {} } },
      rows: [1, 2].map((i) => ({ Name: `${title} topic ${i}`, Generate: true })),
    });
    await popup.getByRole("tab", { name: "Create" }).click();
    if (await popup.locator("#new-connection").isVisible()) await popup.locator("#new-connection").click();
    await popup.getByLabel("Name", { exact: true }).fill(title);
    await popup.getByLabel("Type").selectOption("database");
    await popup.getByLabel("Notion URL").fill(notionWebUrl(title, db.databaseId));
    await popup.locator("#target-next").click();
    await popup.locator("#ticked-count").waitFor({ timeout: 20_000 });
    await popup.getByLabel("Status property").selectOption("AI status");
    await popup.getByLabel("Prompt", { exact: true }).fill("Topic: {{title}}");
    await popup.locator("#prompt-preview").filter({ hasText: "topic 1" }).waitFor({ timeout: 20_000 });

    // The first append lands in Notion, then its connection drops before any answer.
    sandbox.notion.injectFault({ kind: "drop", timing: "after", method: "PATCH", path: APPEND });
    const appendsDone = () => sandbox.notion.requestLog().filter((entry) => entry.method === "PATCH" && APPEND.test(entry.path) && entry.status === 200).length;
    await popup.locator("#generate").click();
    // Stop the worker once a second append has landed: row 1 is between the requests of its answer.
    await waitFor(() => appendsDone() >= 2);
    await browser.stopWorker();
    await popup.reload();
    await popup.locator("#run-status").filter({ hasText: /^Done: 2 rows written/ }).waitFor({ timeout: 120_000 });

    for (const [index, rowId] of db.rowIds.entries()) {
      const expected = requestOutline(markdownToBlocks(answerFor(`${title} topic ${index + 1}`)));
      expect(outline(sandbox.notion.blockTree(rowId) as never), `row ${index + 1}`).toEqual(expected);
    }
    const dropped = sandbox.notion.requestLog().find((entry) => entry.status === "dropped")!;
    const sameBody = sandbox.notion.requestLog().filter((entry) => entry.path === dropped.path && JSON.stringify(entry.body) === JSON.stringify(dropped.body));
    // Over HTTP/1.1 keep-alive, Chromium sent the dropped append again by itself (and the scheduler again if that
    // resend met a 429), so Notion applied it more than once and the writer removed the extra copy; over HTTP/2
    // Chromium reported the error instead, and the writer found the append applied without sending it again.
    if (protocol === "http/1.1") expect(sameBody.length).toBeGreaterThanOrEqual(2);
    else expect(sameBody.length).toBe(1);
  }, 180_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
