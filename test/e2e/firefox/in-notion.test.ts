/**
 * The Generate button inside Notion, in Firefox ESR with the unchanged
 * dist/firefox: the content script on the fake Notion app (reached at
 * www.notion.so through the PAC proxy), its panel, a generation and Undo,
 * also with the background page stopped while the tab stays open.
 */
import type { Page } from "puppeteer-core";
import { expect, it } from "vitest";
import { outline } from "../../integration/helpers";
import { GEMINI_DEMO_KEY } from "../../sandbox/demo-workspace";
import { notionWebUrl, saveSettings } from "../flows";
import { describeInFirefox, useFirefoxTest } from "./fixtures";

/** An element of Inkwell's UI in the page, inside its open shadow root. */
const inkwell = (hook: string) => `#inkwell-root >>> [data-inkwell="${hook}"]`;

async function inkwellText(page: Page, hook: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    ([name, source]) => {
      const text = document.getElementById("inkwell-root")?.shadowRoot?.querySelector(`[data-inkwell="${name}"]`)?.textContent ?? "";
      return new RegExp(source).test(text) ? text : false;
    },
    { timeout, polling: 100 },
    [hook, pattern.source] as const,
  );
  return (await handle.jsonValue()) as string;
}

/** Waits until the button stands for `targetId` (the worker answered for the URL on screen). */
const buttonTargets = (page: Page, targetId: string) =>
  page.waitForFunction((id) => document.getElementById("inkwell-root")?.dataset.targetId === id, { timeout: 20_000, polling: 100 }, targetId);

describeInFirefox("Firefox: the Generate button inside Notion (production build, fake Notion app)", () => {
  const t = useFirefoxTest();

  it("after in-app navigation connects the page, generates, and Undo removes exactly the new blocks, with the background page stopped in between", async () => {
    const { sandbox, demo, openPopup, openNotion, stopBackground, firefox, screenshot } = t();
    const popup = await openPopup();
    await saveSettings(popup, "gemini", GEMINI_DEMO_KEY);
    await popup.close();

    const target = sandbox.notion.createPage({ title: "Meeting notes", parentPageId: demo.homePageId, blocks: ["Existing line"] });
    sandbox.homeIds.push(target);
    sandbox.gemini.scriptAnswer("## Agenda\n\n- Budget\n- Hiring\n\nClosing paragraph.");
    const page = await openNotion(notionWebUrl("Inkwell demo", demo.homePageId));
    await page.waitForSelector(inkwell("generate"), { visible: true, timeout: 20_000 });
    expect(await page.$eval("#inkwell-root", (host) => (host as HTMLElement).dataset.placement)).toBe("topbar");

    // Navigate inside the single-page app (pushState): the content script is not re-run, and the button must follow.
    await page.click(`.notion-sidebar a[data-object-id="${target}"]`);
    await buttonTargets(page, target);
    expect(await page.$$eval("#inkwell-root", (hosts) => hosts.length)).toBe(1);

    await page.click(inkwell("generate"));
    await page.locator(inkwell("prompt")).fill("Write the agenda");
    await page.click(inkwell("connect"));
    await inkwellText(page, "toast", /Done/);
    await screenshot(page, "in-notion-done");
    expect(outline(sandbox.notion.blockTree(target) as never)).toEqual([
      "paragraph:Existing line",
      "heading_2:Agenda",
      "bulleted_list_item:Budget",
      "bulleted_list_item:Hiring",
      "paragraph:Closing paragraph.",
    ]);

    // Firefox stops an idle background page; Undo from the still-open tab wakes a fresh one.
    await stopBackground();
    expect(await firefox.backgroundState()).toBe("stopped");
    await page.click(inkwell("undo"));
    await inkwellText(page, "toast", /Removed 4 blocks/);
    expect(outline(sandbox.notion.blockTree(target) as never)).toEqual(["paragraph:Existing line"]);
    await page.close();
  });

  it("the panel remembers the page's connection: a second generation from the button appends once", async () => {
    const { sandbox, openNotion } = t();
    sandbox.gemini.scriptAnswer("- One more point");
    const target = sandbox.homeIds.at(-1)!;
    const page = await openNotion(notionWebUrl("Meeting notes", target));
    await buttonTargets(page, target);
    await page.click(inkwell("generate"));
    await page.waitForFunction(
      () => (document.getElementById("inkwell-root")?.shadowRoot?.querySelector<HTMLTextAreaElement>('[data-inkwell="prompt"]')?.value ?? "") === "Write the agenda",
      { timeout: 20_000, polling: 100 },
    );
    await page.click(inkwell("run"));
    await inkwellText(page, "toast", /Done: 1 block written/);
    expect(outline(sandbox.notion.blockTree(target) as never)).toEqual(["paragraph:Existing line", "bulleted_list_item:One more point"]);
    await page.close();
  });
});
