import { describe, expect, it } from "vitest";
import { DEMO_NOTION_TOKEN, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest } from "./fixtures";

describe("foundation: the production build in Chromium against the sandbox", () => {
  const t = useExtensionTest();

  it("loads the extension with its service worker", async () => {
    const { browser } = t();
    const worker = await browser.worker();
    expect(worker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
  });

  it("renders the popup", async () => {
    const popup = await t().openPopup();
    await expect(popup.getByRole("tab", { name: "Settings" }).isVisible()).resolves.toBe(true);
    await popup.getByLabel("Notion token").waitFor();
    await t().screenshot(popup, "foundation-popup");
    await popup.close();
  });

  it("runs the content script on the fake Notion page", async () => {
    const { demo, openNotion, screenshot } = t();
    const page = await openNotion(notionWebUrl("Blank page", demo.blankPageId));
    await page.locator(".notion-frame .notion-page-block h1").waitFor();
    const button = page.locator("#inkwell-root").getByRole("button", { name: "Generate" });
    await button.waitFor({ timeout: 15_000 });
    await screenshot(page, "foundation-notion-page");
    await page.close();
  });

  it("sends a popup message through the worker to Notion's users/me with the pinned version", async () => {
    const { openPopup, sandbox } = t();
    sandbox.notion.clearRequestLog();
    const popup = await openPopup();
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await popup.getByRole("button", { name: "Test" }).click();
    await expect(popup.locator("#notion-check-result").filter({ hasText: "Integration" }).textContent({ timeout: 20_000 })).resolves.toContain(
      "“Inkwell Demo” in Demo Workspace",
    );
    const calls = sandbox.notion.requestLog().filter((entry) => entry.path === "/v1/users/me");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "GET", status: 200, notionVersion: "2026-03-11" });
    await popup.close();
  });

  it("explains a rejected secret without echoing it", async () => {
    const popup = await t().openPopup();
    const wrong = "ntn_thisIsNotTheRightSecretAtAll000000000";
    await popup.getByLabel("Notion token").fill(wrong);
    await popup.getByRole("button", { name: "Test" }).click();
    const result = popup.locator("#notion-check-result.error");
    await result.waitFor({ timeout: 20_000 });
    const text = await result.textContent();
    expect(text).toContain("Notion rejected this token");
    expect(text).not.toContain(wrong);
    await popup.close();
  });

  it("keeps answering after Chrome stops the idle worker", async () => {
    const { browser, openPopup } = t();
    await browser.stopWorker();
    const popup = await openPopup();
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await popup.getByRole("button", { name: "Test" }).click();
    await popup.locator("#notion-check-result.ok").waitFor({ timeout: 30_000 });
    await popup.close();
  });
});
