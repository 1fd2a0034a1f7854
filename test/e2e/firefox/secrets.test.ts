/**
 * Secrets in Firefox, seen from the content script's side. Firefox has no
 * storage.local.setAccessLevel: every storage area but storage.session is
 * readable by Inkwell's content script on any Notion tab (and so by anything
 * that compromises that script). So, with every key and secret saved through
 * Settings, neither storage.local nor storage.sync may hold one, and the
 * content script's own messages get none back.
 */
import { expect, it } from "vitest";
import { ANTHROPIC_DEMO_KEY } from "../../sandbox/ai/anthropic";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, OPENAI_DEMO_KEY } from "../../sandbox/demo-workspace";
import { openTab } from "../flows";
import { describeInFirefox, useFirefoxTest } from "./fixtures";

const SECRETS = [GEMINI_DEMO_KEY, OPENAI_DEMO_KEY, ANTHROPIC_DEMO_KEY, DEMO_NOTION_TOKEN];

describeInFirefox("Firefox: secrets stay out of what a content script can read (production build)", () => {
  const t = useFirefoxTest();

  it("with every key saved, storage.local and storage.sync (readable by content scripts in Firefox) hold no key, while the worker still uses them", async () => {
    const { openPopup } = t();
    const popup = await openPopup();
    await openTab(popup, "settings");
    for (const [engine, key] of [
      ["openai", OPENAI_DEMO_KEY],
      ["anthropic", ANTHROPIC_DEMO_KEY],
      ["gemini", GEMINI_DEMO_KEY],
    ] as const) {
      await popup.select("#engine", engine);
      await popup.fill(`#${engine}-key`, key);
    }
    await popup.fill("#notion-secret", DEMO_NOTION_TOKEN);
    await popup.click("#save-settings");
    await popup.waitForText("#settings-status", /Saved/);

    // Settings still shows the keys (the worker has them)…
    await popup.click("#test-notion");
    await popup.waitForText("#notion-check-result.ok", /Integration|Personal access token/);

    // …but the areas a content script reads in Firefox hold none of them.
    const readable = await popup.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]), undefined);
    for (const secret of SECRETS) expect(readable, "a key in content-script-readable storage").not.toContain(secret);

    await popup.close();
  });
});
