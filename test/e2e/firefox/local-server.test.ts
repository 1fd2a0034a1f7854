/**
 * The OpenAI-compatible server engine in Firefox ESR with the unchanged
 * dist/firefox: the optional host permission asked from a click (Deny, then
 * Allow), Ollama's origin check against Firefox's moz-extension:// origin, and
 * the toolbar popup closing while Firefox's permission prompt is open (Firefox
 * closes a popup when a doorhanger opens). One Firefox; the tests run in order.
 *
 * Prompts are answered from Firefox's parent process the way a click on the
 * doorhanger would (FirefoxExtensionBrowser.answerPermissionPrompts), never
 * through a hook in the build.
 */
import type { Page } from "puppeteer-core";
import { expect, it } from "vitest";
import { markdownToBlocks } from "../../../src/core/markdown";
import { outline, requestOutline } from "../../integration/helpers";
import type { LogEntry } from "../../sandbox/ai";
import { DEMO_NOTION_TOKEN } from "../../sandbox/demo-workspace";
import type { Sandbox } from "../../sandbox/server";
import { createPageConnection, generateAndWait, notionWebUrl, openTab, type Ui } from "../flows";
import { describeInFirefox, useFirefoxTest, type FirefoxTest } from "./fixtures";

const ANSWER = ["# Local notes", "## Why local", "- private\n- free\n  - no key", "```sh\nollama serve\n```"].join("\n\n");
const EXPECTED = requestOutline(markdownToBlocks(ANSWER));

/** What the product asks host permission for: the server's host without its port (Firefox's match patterns refuse ports). */
const permissionPattern = (sandbox: Sandbox) => `http://${new URL(sandbox.localAi.baseUrl).hostname}/*`;

const hasPermission = (ui: Ui<Page>, pattern: string) => ui.evaluate((origins) => chrome.permissions.contains({ origins }), [pattern]);

const lastSeq = (entries: readonly LogEntry[]) => entries.at(-1)?.seq ?? 0;

/** Generation requests (POSTs) the local server saw since `from`, as "path status". */
const postsSince = (entries: readonly LogEntry[], from: number) =>
  entries.filter((entry) => entry.seq > from && entry.method === "POST").map((entry) => `${entry.path} ${entry.status}`);

/** The Origin header of every request the local server receives (its log keeps no headers). */
function recordOrigins(sandbox: Sandbox): string[] {
  const seen: string[] = [];
  const log = sandbox.localAi.log;
  const start = log.start.bind(log);
  log.start = (req, res) => {
    seen.push(String(req.headers.origin ?? ""));
    return start(req, res);
  };
  return seen;
}

/** Waits until a prompt left open by answerPermissionPrompts("hold") is up in Firefox's parent process. */
async function heldPromptShown(firefox: FirefoxTest["firefox"], timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while ((await firefox.evaluateInParent<number>("globalThis.__inkwellPrompts?.held.length ?? 0")) === 0) {
    if (Date.now() - start > timeoutMs) throw new Error("Firefox showed no permission prompt");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function chooseServer(ui: Ui, t: FirefoxTest, model: string): Promise<void> {
  await openTab(ui, "settings");
  await ui.select("#engine", "compatible");
  await ui.fill("#compatible-url", t.sandbox.localAi.baseUrl);
  await ui.fill("#model", model);
}

/** A new page under the demo home and a page connection to it, ready to Generate. */
async function newPageConnection(ui: Ui, t: FirefoxTest, name: string): Promise<string> {
  const pageId = t.sandbox.notion.createPage({ title: name, parentPageId: t.demo.homePageId });
  await createPageConnection(ui, name, notionWebUrl(name, pageId), "Notes about local models");
  return pageId;
}

describeInFirefox("Firefox: an OpenAI-compatible server and its host permission (production build, sandbox)", () => {
  const t = useFirefoxTest();

  it("Deny on the prompt from Check server: says how to allow it, stores nothing granted, and nothing reaches the server", async () => {
    const { sandbox, firefox, openPopup } = t();
    await sandbox.localAi.listen();
    const pattern = permissionPattern(sandbox);
    const popup = await openPopup();
    await popup.fill("#notion-secret", DEMO_NOTION_TOKEN);
    await chooseServer(popup, t(), "qwen/qwen3-8b");
    expect(await hasPermission(popup, pattern)).toBe(false);

    await firefox.answerPermissionPrompts("deny");
    const from = lastSeq(sandbox.localAi.requests);
    await popup.click("#check-server");
    expect(await popup.waitForText("#ai-check-result", /without your permission/)).toContain(
      `Inkwell can't reach ${sandbox.localAi.origin} without your permission`,
    );
    expect(await hasPermission(popup, pattern)).toBe(false);
    // Save keeps what was typed, and says the server is still out of reach.
    await popup.click("#save-settings");
    await popup.waitForText("#settings-status", /^Saved, but Inkwell can't reach/);

    const pageId = await newPageConnection(popup, t(), "Denied server");
    expect(await generateAndWait(popup, /isn't allowed/)).toContain(`Inkwell isn't allowed to reach ${sandbox.localAi.origin} yet.`);
    expect(sandbox.localAi.requests.filter((entry) => entry.seq > from)).toEqual([]);
    expect(sandbox.notion.blockTree(pageId)).toEqual([]);
    await popup.close();
  });

  it("Allow on the prompt from Check server: the models are listed and a page is generated through the server", async () => {
    const { sandbox, firefox, openPopup } = t();
    const pattern = permissionPattern(sandbox);
    await firefox.answerPermissionPrompts("allow");
    const popup = await openPopup();
    await chooseServer(popup, t(), "qwen/qwen3-8b");
    await popup.click("#check-server");
    expect(await popup.waitForText("#ai-check-result.ok", /Server answered/)).toBe("✓ Server answered — 2 models");
    expect(await hasPermission(popup, pattern)).toBe(true);
    await popup.click("#save-settings");
    await popup.waitForText("#settings-status", /^Saved\. /);

    const from = lastSeq(sandbox.localAi.requests);
    sandbox.localAi.scriptAnswer(ANSWER);
    const pageId = await newPageConnection(popup, t(), "Allowed server");
    expect(await generateAndWait(popup, /^Done/)).toMatch(/blocks written/);
    expect(outline(sandbox.notion.blockTree(pageId) as never)).toEqual(EXPECTED);
    expect(postsSince(sandbox.localAi.requests, from)).toEqual(["/v1/responses 200"]);
    await popup.close();
  });

  it("Ollama refuses Firefox's moz-extension:// origin: the message gives the moz-extension://* fix, which then works", async () => {
    const { sandbox, firefox, openPopup } = t();
    const origins = recordOrigins(sandbox);
    const server = sandbox.localAi.setMode("ollama").setAllowedOrigins([]);
    const popup = await openPopup();
    await chooseServer(popup, t(), "llama3.2:3b");
    await popup.click("#save-settings");
    await popup.waitForText("#settings-status", /^Saved\. /);

    const pageId = await newPageConnection(popup, t(), "Ollama in Firefox");
    const message = await generateAndWait(popup, /OLLAMA_ORIGINS/);
    expect(message).toContain("OLLAMA_ORIGINS=moz-extension://* ollama serve");
    expect(message).toContain('launchctl setenv OLLAMA_ORIGINS "moz-extension://*"');
    expect(sandbox.notion.blockTree(pageId)).toEqual([]);
    // What Ollama checked: Firefox's extension origin, with this install's UUID.
    expect(origins.filter(Boolean).every((origin) => origin === firefox.origin)).toBe(true);
    expect(origins).toContain(firefox.origin);

    server.setAllowedOrigins("moz-extension://*");
    server.scriptAnswer(ANSWER);
    await generateAndWait(popup, /^Done/);
    expect(outline(sandbox.notion.blockTree(pageId) as never)).toEqual(EXPECTED);
    await popup.close();
  });

  it("the popup closes while Firefox's prompt is open: the settings are saved, and the reopened popup says the answer was lost and where to give it", async () => {
    const { sandbox, firefox, openPopup, openOptions } = t();
    const pattern = permissionPattern(sandbox);
    const server = sandbox.localAi.setMode("openai-compatible");
    const first = await openPopup();
    expect(await first.evaluate((origins) => chrome.permissions.remove({ origins }), [pattern])).toBe(true);
    await firefox.answerPermissionPrompts("hold");
    await chooseServer(first, t(), "google/gemma-3-12b");
    await first.click("#save-settings");
    // Firefox closes the toolbar popup as its doorhanger opens (so only once the prompt is up, which the click's request
    // reaches asynchronously); the user then chooses Allow, too late for the closed page.
    await heldPromptShown(firefox);
    await first.close();
    expect(await firefox.resolveHeldPrompt(true)).toBe(1);
    await firefox.answerPermissionPrompts("allow");

    // Nothing typed was lost: Save reached the worker before the popup closed.
    const popup = await openPopup();
    const stored = await popup.evaluate(() => chrome.storage.local.get("settings"), undefined);
    expect(stored.settings).toMatchObject({ engine: "compatible", compatibleBaseUrl: server.baseUrl, models: { compatible: "google/gemma-3-12b" } });
    // Firefox dropped the answer with the page; the popup says so, and offers Settings in a tab, which a prompt doesn't close.
    expect(await hasPermission(popup, pattern)).toBe(false);
    await openTab(popup, "settings");
    expect(await popup.waitForText("#permission-lost", /answer never reached Inkwell/)).toContain(`reach http://${new URL(server.baseUrl).hostname}`);
    await popup.waitFor("#open-settings-tab");
    await popup.close();

    const options = await openOptions("#settings");
    await options.waitFor("#check-server");
    await options.click("#check-server");
    expect(await options.waitForText("#ai-check-result.ok", /Server answered/)).toBe("✓ Server answered — 2 models");
    expect(await hasPermission(options, pattern)).toBe(true);
    expect(await options.count("#permission-lost")).toBe(0);
    const from = lastSeq(server.requests);
    server.scriptAnswer(ANSWER);
    await options.close();
    const create = await openPopup();
    const pageId = await newPageConnection(create, t(), "After the prompt");
    await generateAndWait(create, /^Done/);
    expect(outline(sandbox.notion.blockTree(pageId) as never)).toEqual(EXPECTED);
    // The worker remembers from the Ollama test that this address speaks Chat Completions.
    expect(postsSince(server.requests, from)).toEqual(["/v1/chat/completions 200"]);
    await create.close();
  });
});
