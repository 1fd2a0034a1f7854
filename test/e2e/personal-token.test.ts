/**
 * A personal access token through the production build: Settings' Test says it
 * is a personal token (from users/me, not its prefix), a page the integration
 * was never given gets generated with no sharing step, and a page the person
 * can't open gets the personal-token not-found text, also after the worker restarts.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PERSONAL_TOKEN, DEMO_PERSON_NAME, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest } from "./fixtures";

/** The Create tab restores the last draft: start a new connection from a clean form. */
async function openFreshCreateForm(popup: Page): Promise<void> {
  await popup.getByRole("tab", { name: "Create" }).click();
  const fresh = popup.locator("#new-connection");
  const back = popup.locator("#prompt-back");
  if (await fresh.isVisible()) await fresh.click();
  if (await back.isVisible()) await back.click();
  await popup.getByLabel("Type").waitFor();
}

async function offerPage(popup: Page, name: string, url: string): Promise<void> {
  await openFreshCreateForm(popup);
  await popup.getByLabel("Name").fill(name);
  await popup.getByLabel("Type").selectOption("page");
  await popup.getByLabel("Notion URL").fill(url);
  await popup.getByRole("button", { name: "Next" }).click();
}

describe("a personal access token (production build, sandbox)", () => {
  const t = useExtensionTest();

  it("Test tells a personal access token from users/me, and it is saved", async () => {
    const { sandbox, openPopup } = t();
    const popup = await openPopup();
    await popup.getByRole("tab", { name: "Settings" }).click();
    await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
    await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await popup.getByLabel("Notion token").fill(DEMO_PERSONAL_TOKEN);
    await popup.getByRole("button", { name: "Test", exact: true }).click();
    const result = popup.locator("#notion-check-result.ok");
    await result.waitFor({ timeout: 20_000 });
    expect(await result.textContent()).toBe(
      `✓ Personal access token of “${DEMO_PERSON_NAME}” in the workspace chosen when the token was created. It sees what ${DEMO_PERSON_NAME} can open in Notion: nothing to share.`,
    );
    await popup.getByRole("button", { name: "Save" }).click();
    await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
    // The emulator logs the person a token acts as: every call so far came from Ada's token, none from the integration.
    const callers = new Set(sandbox.notion.requestLog().map((entry) => entry.token));
    expect(callers).toEqual(new Set([DEMO_PERSON_NAME]));
    await popup.close();
  });

  it("generates into a page the integration was never given: no sharing step", async () => {
    const { sandbox, openPopup } = t();
    const drafts = sandbox.notion.createPage({ title: "Ada's drafts" });
    sandbox.notion.grantAccess(drafts, sandbox.notion.ownerId); // her own page, as in Notion: nothing shared with any integration
    sandbox.gemini.scriptAnswer("## Ideas\n\n- one\n- two");
    const popup = await openPopup();
    await offerPage(popup, "Drafts", notionWebUrl("Ada's drafts", drafts));
    await popup.locator("#target-summary").waitFor({ timeout: 20_000 });
    await popup.getByLabel("Prompt").fill("Two ideas");
    await popup.locator("#generate").click();
    await popup.locator("#run-status").filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
    const tree = sandbox.notion.blockTree(drafts);
    expect(tree.map((block) => block.type)).toEqual(["heading_2", "bulleted_list_item", "bulleted_list_item"]);
    // Written as Ada herself.
    expect(tree.map((block) => (sandbox.notion.getBlock(block.id)?.created_by as { id: string }).id)).toEqual(tree.map(() => sandbox.notion.ownerId));
    await popup.close();
  });

  it("says a page Ada can't open doesn't exist or isn't hers to see, with no sharing advice, also after the worker restarts", async () => {
    const { demo, browser, openPopup } = t();
    const url = notionWebUrl("Bob's private notes", demo.othersPrivatePageId);
    const expected = `Notion can't find this page: it doesn't exist (deleted, or a wrong link), or ${DEMO_PERSON_NAME} has no access to it.`;
    for (const restart of [false, true]) {
      if (restart) await browser.stopWorker();
      const popup = await openPopup();
      await offerPage(popup, "Bob's notes", url);
      const alert = popup.locator("#target-error");
      await alert.waitFor({ timeout: 20_000 });
      const text = (await alert.textContent()) ?? "";
      expect(text).toContain(expected);
      expect(text).not.toMatch(/Connections|integration/);
      await popup.close();
    }
  });
});
