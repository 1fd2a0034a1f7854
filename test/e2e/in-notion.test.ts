import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { useExtensionTest } from "./fixtures";

const inkwell = (page: Page, hook: string) => page.locator(`#inkwell-root [data-inkwell="${hook}"]`);

describe("the Generate button inside Notion (production build, fake Notion app)", () => {
  const t = useExtensionTest();

  beforeAll(async () => {
    const popup = await t().openPopup();
    await popup.getByLabel("Engine").selectOption("gemini");
    await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await popup.getByLabel("Notion integration secret").fill(DEMO_NOTION_TOKEN);
    await popup.getByRole("button", { name: "Save" }).click();
    await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
    await popup.close();
  });

  it("sits in the top bar; after in-app navigation it connects the page, generates with progress, and Undo removes exactly the new blocks", async () => {
    const { sandbox, demo, openNotion, screenshot } = t();
    const target = sandbox.notion.createPage({ title: "Meeting notes", parentPageId: demo.homePageId, blocks: ["Existing line"] });
    sandbox.homeIds.push(target);
    sandbox.gemini.scriptAnswer("## Agenda\n\n- Budget\n- Hiring\n\nClosing paragraph.");
    const page = await openNotion(notionWebUrl("Inkwell demo", demo.homePageId));
    await inkwell(page, "generate").waitFor({ timeout: 20_000 });
    expect(await page.locator("#inkwell-root").getAttribute("data-placement")).toBe("topbar");

    // Navigate inside the single-page app (pushState): the button must follow.
    await page.locator(`.notion-sidebar a[data-object-id="${target}"]`).click();
    await page.waitForURL(/Meeting-notes/);
    await page.waitForFunction((id) => document.getElementById("inkwell-root")?.dataset.targetId === id, target);
    expect(await page.locator("#inkwell-root").count()).toBe(1);

    await inkwell(page, "generate").click();
    await inkwell(page, "prompt").fill("Write the agenda");
    await inkwell(page, "connect").click();
    const toast = inkwell(page, "toast");
    await toast.filter({ hasText: /Done/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, "in-notion-light-done");
    const titles = sandbox.notion.blockTree(target).map((block) => block.type);
    expect(titles).toEqual(["paragraph", "heading_2", "bulleted_list_item", "bulleted_list_item", "paragraph"]);

    await inkwell(page, "undo").click();
    await toast.filter({ hasText: /Removed 4 blocks/ }).waitFor({ timeout: 30_000 });
    expect(sandbox.notion.blockTree(target).map((block) => block.type)).toEqual(["paragraph"]);
  });

  it("follows Notion's dark theme", async () => {
    const { demo, openNotion, screenshot } = t();
    const page = await openNotion(`${notionWebUrl("Blank page", demo.blankPageId)}?theme=dark`);
    await inkwell(page, "generate").waitFor({ timeout: 20_000 });
    expect(await page.locator("#inkwell-root").getAttribute("data-theme")).toBe("dark");
    await screenshot(page, "in-notion-dark");
  });
});
