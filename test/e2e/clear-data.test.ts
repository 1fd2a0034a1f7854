/**
 * "Clear all data" while a run is writing into Notion (production build):
 * the worker stops the run first, then clears, and nothing of the run (its
 * record, its connection) is written back afterwards.
 */
import { describe, expect, it } from "vitest";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest } from "./fixtures";

const LONG_ANSWER = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a long answer that streams slowly.`).join("\n\n");

describe("Clear all data during a run (production build, sandbox)", () => {
  const t = useExtensionTest();

  it("stops the run, clears, and storage stays empty of run and connection keys", async () => {
    const { sandbox, demo, openPopup, browser } = t();
    sandbox.gemini.answerWhen(/Write slowly/, () => LONG_ANSWER);
    // Slow enough that the run is still streaming (and writing) when Clear is pressed.
    sandbox.gemini.setTiming({ ttftMs: 50, tokensPerSecond: 40 });
    const popup = await openPopup();
    await popup.getByRole("tab", { name: "Settings" }).click();
    await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
    await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await popup.getByRole("button", { name: "Save" }).click();
    await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();

    await popup.getByRole("tab", { name: "Create" }).click();
    await popup.getByLabel("Name").fill("Slow page");
    await popup.getByLabel("Type").selectOption("page");
    await popup.getByLabel("Notion URL").fill(notionWebUrl("Blank page", demo.blankPageId));
    await popup.getByRole("button", { name: "Next" }).click();
    await popup.locator("#target-summary").waitFor();
    await popup.getByLabel("Prompt").fill("Write slowly");
    await popup.locator("#generate").click();

    const worker = await browser.worker();
    const runAndConnectionKeys = async () =>
      Object.keys(await worker.evaluate(() => chrome.storage.local.get(null))).filter((key) => key.startsWith("run") || key.startsWith("connection:"));
    // The run is going: it has written some blocks and its record says "running".
    await expect
      .poll(async () => sandbox.notion.blockTree(demo.blankPageId).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const running = await worker.evaluate(async () => Object.values(await chrome.storage.local.get(null)).some((value) => (value as { status?: string } | null)?.status === "running"));
    expect(running).toBe(true);

    await popup.getByRole("tab", { name: "Settings" }).click();
    await popup.locator("#clear-settings").click();
    await popup.locator("#confirm-ok").click();
    await popup.locator("#settings-status").filter({ hasText: "All Inkwell data was cleared." }).waitFor({ timeout: 30_000 });

    // The stream would have gone on for seconds more: watch storage for a while.
    const writtenBefore = sandbox.notion.blockTree(demo.blankPageId).length;
    for (let check = 0; check < 6; check++) {
      expect(await runAndConnectionKeys()).toEqual([]);
      await popup.waitForTimeout(500);
    }
    // And the run really stopped writing to Notion.
    expect(sandbox.notion.blockTree(demo.blankPageId).length).toBe(writtenBefore);
  });
});
