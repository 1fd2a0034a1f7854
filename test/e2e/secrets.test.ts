/**
 * Keys stay out of every content script's reach (production build, Chromium):
 * code running in Inkwell's content-script world on a Notion tab reads every
 * storage area it can, listens to storage changes and looks at its IndexedDB,
 * at rest and while Settings are being saved, and finds no key. The popup gets
 * back only "set, ending in …".
 */
import { describe, expect, it } from "vitest";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import { contentWorld } from "./content-world";
import { useExtensionTest } from "./fixtures";

/** Everything the content script's world can read: each storage area (or why not), the storage events it heard, its IndexedDB names. */
const READ_EVERYTHING = `(async () => {
  const out = {};
  for (const area of ["local", "session", "sync"]) {
    try {
      out[area] = JSON.stringify(await chrome.storage[area].get(null));
    } catch (error) {
      out[area] = "refused: " + error.message;
    }
  }
  out.heard = globalThis.inkwellStorageEvents ?? [];
  out.indexedDb = (await indexedDB.databases()).map((database) => database.name);
  return out;
})()`;

/** Listens to storage changes from the content script's world (Firefox hands every change to content scripts). */
const LISTEN = `(() => {
  globalThis.inkwellStorageEvents = [];
  try {
    chrome.storage.onChanged.addListener((changes, area) => globalThis.inkwellStorageEvents.push(area + " " + JSON.stringify(changes)));
    return "listening";
  } catch (error) {
    return "refused: " + error.message;
  }
})()`;

describe("keys out of the content script's reach", () => {
  const t = useExtensionTest();

  it("finds no key from the content script's world on a Notion tab, at rest and while Settings are saved", async () => {
    const { demo, browser, openNotion, openPopup } = t();
    const notion = await openNotion(notionWebUrl("Blank page", demo.blankPageId));
    const world = await contentWorld(notion, browser.extensionId);
    // Really the content script's world: the extension's own runtime, on the Notion page's origin.
    expect(await world.evaluate("[chrome.runtime.id, location.hostname]")).toEqual([browser.extensionId, "www.notion.so"]);
    await world.evaluate(LISTEN);
    const reads: unknown[] = [];
    const keys = [GEMINI_DEMO_KEY, DEMO_NOTION_TOKEN, "AIzaSyInkwell-second-key-0000000000000", "ntn_secondSandboxIntegrationSecret00002"];

    const popup = await openPopup();
    const save = async (gemini: string, notionToken: string) => {
      await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
      await popup.getByLabel("Gemini API key").fill(gemini);
      await popup.getByLabel("Notion token").fill(notionToken);
      await popup.getByRole("button", { name: "Save" }).click();
      // While the worker saves: read as fast as the world answers.
      const deadline = Date.now() + 5_000;
      let saved = false;
      const saving = popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor({ timeout: 20_000 }).then(() => (saved = true));
      while (!saved && Date.now() < deadline) reads.push(await world.evaluate(READ_EVERYTHING));
      await saving;
    };
    await save(keys[0]!, keys[1]!);
    // At rest, and after a second save that replaces both keys.
    reads.push(await world.evaluate(READ_EVERYTHING));
    await save(keys[2]!, keys[3]!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    reads.push(await world.evaluate(READ_EVERYTHING));

    expect(reads.length).toBeGreaterThan(3);
    const everything = JSON.stringify(reads);
    for (const key of keys) expect(everything).not.toContain(key);
    for (const read of reads as { indexedDb: string[] }[]) expect(read.indexedDb).not.toContain("inkwell-secrets");

    // The keys work (they are somewhere): the worker has them, and Settings say how each ends, never more.
    const view = (await popup.evaluate(() => chrome.runtime.sendMessage({ type: "settings.get", payload: {} }))) as { ok: true; value: unknown };
    const text = JSON.stringify(view);
    for (const key of keys) expect(text).not.toContain(key);
    expect(view.value).toMatchObject({ secrets: { notionToken: { set: true, ending: keys[3]!.slice(-4) }, geminiKey: { set: true, ending: keys[2]!.slice(-4) } }, protection: { ok: true } });
    await popup.reload();
    await popup.locator("#tab-settings").click();
    await popup.locator("#notion-secret-saved").filter({ hasText: `Set, ending in …${keys[3]!.slice(-4)}` }).waitFor();
    expect(await popup.getByLabel("Notion token").inputValue()).toBe("");
    for (const key of keys) expect(await popup.content()).not.toContain(key);

    await world.close();
    await popup.close();
    await notion.close();
  });
});
