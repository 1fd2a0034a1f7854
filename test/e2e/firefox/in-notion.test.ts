/**
 * The Generate button inside Notion, in Firefox ESR with the unchanged
 * dist/firefox: the content script on the fake Notion app (reached at
 * www.notion.so through the PAC proxy), its panel, a generation and Undo,
 * also with the background page stopped while the tab stays open. The panel
 * sits in a closed shadow root, reached through closed-shadow.ts.
 */
import type { Page } from "puppeteer-core";
import { expect, it } from "vitest";
import { outline } from "../../integration/helpers";
import { GEMINI_DEMO_KEY } from "../../sandbox/demo-workspace";
import { notionWebUrl, saveSettings } from "../flows";
import { inkwellIn } from "./closed-shadow";
import { describeInFirefox, useFirefoxTest } from "./fixtures";

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
    const inkwell = inkwellIn(firefox.browser, page);
    await inkwell("generate").waitFor();
    expect(await page.$eval("#inkwell-root", (host) => (host as HTMLElement).dataset.placement)).toBe("topbar");

    // Navigate inside the single-page app (pushState): the content script is not re-run, and the button must follow.
    await page.click(`.notion-sidebar a[data-object-id="${target}"]`);
    await buttonTargets(page, target);
    expect(await page.$$eval("#inkwell-root", (hosts) => hosts.length)).toBe(1);

    await inkwell("generate").click();
    await inkwell("prompt").fill("Write the agenda");
    await inkwell("connect").click();
    await inkwell("toast").waitFor({ hasText: /Done/, timeout: 30_000 });
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
    await inkwell("undo").click();
    await inkwell("toast").waitFor({ hasText: /Removed 4 blocks/, timeout: 30_000 });
    expect(outline(sandbox.notion.blockTree(target) as never)).toEqual(["paragraph:Existing line"]);
    await page.close();
  });

  it("the panel remembers the page's connection: a second generation from the button appends once", async () => {
    const { sandbox, openNotion, firefox } = t();
    sandbox.gemini.scriptAnswer("- One more point");
    const target = sandbox.homeIds.at(-1)!;
    const page = await openNotion(notionWebUrl("Meeting notes", target));
    const inkwell = inkwellIn(firefox.browser, page);
    await buttonTargets(page, target);
    await inkwell("generate").click();
    await inkwell("prompt").waitForValue("Write the agenda");
    await inkwell("run").click();
    await inkwell("toast").waitFor({ hasText: /Done: 1 block written/, timeout: 30_000 });
    expect(outline(sandbox.notion.blockTree(target) as never)).toEqual(["paragraph:Existing line", "bulleted_list_item:One more point"]);
    await page.close();
  });
});
