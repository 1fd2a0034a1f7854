/**
 * A watched database through the production build: a 1-minute watch fills
 * rows added to the emulated database without a click (the worker stopped in
 * between, so only its alarm brings it back), and the Connections list shows
 * the watch's state and the rows it filled today; the toolbar badge counts
 * the rows being filled meanwhile.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest } from "./fixtures";

async function configure(popup: Page): Promise<void> {
  await popup.getByRole("tab", { name: "Settings" }).click();
  await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
  await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
  await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
  await popup.getByRole("button", { name: "Save" }).click();
  await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
}

describe("a watched database (production build, sandbox)", () => {
  const t = useExtensionTest();
  let popup: Page;

  beforeAll(async () => {
    t().sandbox.gemini.answerWhen(/Topic: (.+)/, (request) => `Summary of ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    popup = await t().openPopup();
    await configure(popup);
  });

  it("fills rows added to the database within a minute, without a click, and the list shows it", async () => {
    const { sandbox, browser } = t();
    const db = sandbox.notion.createDatabase({
      parentPageId: t().demo.homePageId,
      title: "Watched",
      properties: { Name: { title: {} }, Generate: { checkbox: {} }, Summary: { rich_text: {} } },
      rows: [{ Name: "Watched topic 1", Generate: true }],
    });
    const summary = (rowId: string) => {
      const row = sandbox.notion.rows(db.databaseId).find((candidate) => candidate.id === rowId)!;
      return (row.properties.Summary as unknown as { rich_text: { plain_text: string }[] }).rich_text.map((item) => item.plain_text).join("");
    };

    // A connection made the usual way, writing to "Summary"; its first run is a click.
    await popup.getByRole("tab", { name: "Create" }).click();
    await popup.getByLabel("Name", { exact: true }).fill("Watched");
    await popup.getByLabel("Type").selectOption("database");
    await popup.getByLabel("Notion URL").fill(notionWebUrl("Watched", db.databaseId));
    await popup.locator("#target-next").click();
    await popup.locator("#ticked-count").waitFor({ timeout: 20_000 });
    await popup.getByLabel("Write the answer to").selectOption("property");
    await popup.getByLabel("Text property").selectOption("Summary");
    await popup.getByLabel("Prompt", { exact: true }).fill("Topic: {{title}}");
    await popup.locator("#generate").click();
    await popup.locator("#run-status").filter({ hasText: /^Done: 1 row written/ }).waitFor({ timeout: 60_000 });
    expect(summary(db.rowIds[0]!)).toBe("Summary of Watched topic 1.");

    // Turn the watch on: every minute, rows whose Summary is empty.
    await popup.getByRole("tab", { name: "Connections" }).click();
    const item = popup.locator("#connection-list li[data-connection-id]").filter({ hasText: "Watched" });
    await item.getByRole("button", { name: "Details" }).click();
    await popup.locator("#automation").waitFor();
    await popup.locator("#automation-enabled").check();
    await popup.locator("#automation-interval").selectOption("1");
    await popup.locator("#automation-match").selectOption("output_empty");
    await popup.getByRole("button", { name: "Save automation" }).click();
    await popup.locator("#automation-status").filter({ hasText: "Saved" }).waitFor();
    // The first check happens at once and finds nothing new.
    await popup.locator("#automation-state[data-kind=active]").filter({ hasText: /last check just now/ }).waitFor({ timeout: 20_000 });
    const aiCallsBefore = sandbox.gemini.requests.length;
    await t().screenshot(popup, "watch-details");

    // Someone adds rows in Notion; nobody clicks. The worker is stopped: only the watch's alarm brings it back.
    const added = [sandbox.notion.addRow(db.dataSourceId, { Name: "Watched topic 2" }), sandbox.notion.addRow(db.dataSourceId, { Name: "Watched topic 3" })];
    // Slow answers, so the toolbar badge can be seen counting the rows being filled.
    sandbox.gemini.setTiming({ ttftMs: 3_000, tokensPerSecond: 40 });
    await browser.stopWorker();
    const badge = () => popup.evaluate(() => chrome.action.getBadgeText({}));
    const seen = new Set<string>();
    const until = Date.now() + 150_000;
    while (!added.every((rowId) => summary(rowId) !== "") && Date.now() < until) {
      seen.add(await badge());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    sandbox.gemini.setTiming({ ttftMs: 5, tokensPerSecond: 5000 });
    expect([...seen].filter((text) => text !== "").sort()).toContain("2");
    await expect.poll(badge, { timeout: 10_000 }).toBe("");
    expect(added.map(summary)).toEqual(["Summary of Watched topic 2.", "Summary of Watched topic 3."]);
    expect(summary(db.rowIds[0]!)).toBe("Summary of Watched topic 1.");
    // One AI call per new row: the checks themselves cost none.
    expect(sandbox.gemini.requests.length - aiCallsBefore).toBe(2);

    // The Connections list shows the watch: active, its checks, and the rows it filled today.
    await popup.locator("#connection-details").getByRole("button", { name: "Back to the list" }).click();
    const state = popup.locator("#connection-list li[data-connection-id]").filter({ hasText: "Watched" }).locator(".conn-automation");
    await state.filter({ hasText: "2 rows filled today" }).waitFor({ timeout: 30_000 });
    expect(await state.getAttribute("data-kind")).toBe("active");
    expect(await state.textContent()).toMatch(/^Watching · last check .+ · next (in \d+ min|now) · 2 rows filled today/);
    expect(await popup.locator("#connection-list li[data-connection-id]").filter({ hasText: "Watched" }).locator(".conn-run").textContent()).toContain("automatic");
    await t().screenshot(popup, "watch-connections-list");
  }, 300_000);
});
