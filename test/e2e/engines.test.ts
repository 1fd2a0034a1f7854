import type { IncomingHttpHeaders } from "node:http";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/core/markdown";
import type { Connection, Run } from "../../src/shared/storage/schema";
import { outline, requestOutline } from "../integration/helpers";
import { ANTHROPIC_DEMO_KEY, ANTHROPIC_NO_CREDIT_KEY, BROWSER_ACCESS_HEADER, type LogEntry } from "../sandbox/ai";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl } from "../sandbox/demo-workspace";
import type { Sandbox } from "../sandbox/server";
import { useExtensionTest, type ExtensionTest } from "./fixtures";

/**
 * The engines beyond Gemini and OpenAI, end to end with the production build:
 * a local OpenAI-compatible server (LM Studio-like, then Ollama-like with its
 * origin check), Claude, a connection's own engine, and Chrome's built-in AI
 * hidden where headless Chromium can't run it.
 *
 * Host permission: the product asks for the local server's host when the
 * user presses Check server or Save, and headless Chromium can't show that
 * prompt (permissions.request never resolves). The first block starts with the
 * grant already in the profile, as if the user had allowed it earlier
 * (preGrantedHostPermissions); the second block has no grant.
 */

const ANSWER = ["# Local notes", "## Why local", "- private\n- free\n  - no key", "```sh\nollama serve\n```", "| Server | Port |\n|---|---|\n| Ollama | 11434 |"].join("\n\n");
const EXPECTED = requestOutline(markdownToBlocks(ANSWER));

/**
 * The pattern the product asks host permission for (hostPermissionPattern in
 * src/core/server-origin.ts): the host without its port, e.g. "http://127.0.0.1/*",
 * since Firefox's match patterns refuse ports (Chrome's portless one covers them all).
 */
const permissionPattern = (sandbox: Sandbox) => {
  const url = new URL(sandbox.localAi.baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
};

async function openSettings(popup: Page): Promise<void> {
  await popup.getByRole("tab", { name: "Settings" }).click();
  await popup.locator("#engine").waitFor();
}

async function saveSettings(popup: Page): Promise<void> {
  await popup.getByRole("button", { name: "Save" }).click();
  await popup.locator("#settings-status").filter({ hasText: /^Saved\. / }).waitFor({ timeout: 20_000 });
}

/** The suggestions the model field offers (its datalist), as a user sees them. */
async function modelSuggestions(popup: Page): Promise<string[]> {
  return popup.locator("#model-options option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
}

/** Check server, as a user presses it: resolves to the result line once the server answered. */
async function checkServer(popup: Page): Promise<string> {
  await popup.getByRole("button", { name: "Check server" }).click();
  const result = popup.locator("#ai-check-result.ok");
  await result.waitFor({ timeout: 20_000 });
  return (await result.textContent()) ?? "";
}

/** The Create tab restores the last draft (nothing typed is lost): start a new connection from a clean form. */
async function openFreshCreateForm(popup: Page): Promise<void> {
  await popup.getByRole("tab", { name: "Create" }).click();
  const fresh = popup.locator("#new-connection");
  const back = popup.locator("#prompt-back");
  if (await fresh.isVisible()) await fresh.click();
  if (await back.isVisible()) await back.click();
  await popup.getByLabel("Type").waitFor();
}

/** A new page (shared with the demo integration) and a page connection to it, ready to Generate. */
async function createPageConnection(t: ExtensionTest, popup: Page, name: string, prompt: string): Promise<string> {
  const { sandbox, demo } = t;
  const pageId = sandbox.notion.createPage({ title: name, parentPageId: demo.homePageId });
  await openFreshCreateForm(popup);
  await popup.getByLabel("Name").fill(name);
  await popup.getByLabel("Type").selectOption("page");
  await popup.getByLabel("Notion URL").fill(notionWebUrl(name, pageId));
  await popup.getByRole("button", { name: "Next" }).click();
  await popup.locator("#target-summary").waitFor({ timeout: 20_000 });
  await popup.getByLabel("Prompt").fill(prompt);
  return pageId;
}

async function generateAndWait(popup: Page, text: RegExp, timeout = 60_000): Promise<string> {
  await popup.locator("#generate").click();
  const status = popup.locator("#run-status").filter({ hasText: text });
  await status.waitFor({ timeout });
  return (await status.textContent()) ?? "";
}

const pageOutline = (t: ExtensionTest, pageId: string) => outline(t.sandbox.notion.blockTree(pageId) as never);

/** Generation requests (POSTs) the local server saw since `from`, as "path status model". */
function postsSince(entries: readonly LogEntry[], from: number): string[] {
  return entries
    .filter((entry) => entry.seq > from && entry.method === "POST")
    .map((entry) => `${entry.path} ${entry.status} ${(entry.body as { model?: string } | undefined)?.model ?? "-"}`);
}

const lastSeq = (entries: readonly LogEntry[]) => entries.at(-1)?.seq ?? 0;

/** Records the headers of every request the Anthropic emulator receives (its log keeps no headers). */
function recordAnthropicHeaders(sandbox: Sandbox): Array<{ path: string; method: string; headers: IncomingHttpHeaders }> {
  const seen: Array<{ path: string; method: string; headers: IncomingHttpHeaders }> = [];
  const log = sandbox.anthropic.log;
  const start = log.start.bind(log);
  log.start = (req, res) => {
    seen.push({ path: req.url ?? "", method: req.method ?? "", headers: req.headers });
    return start(req, res);
  };
  return seen;
}

/** A connection and its runs as the worker stored them (connection:<id>, run:<id>). */
async function storedConnection(t: ExtensionTest, name: string): Promise<{ connection: Connection; runs: Run[] }> {
  const worker = await t.browser.worker();
  const items = await worker.evaluate(() => chrome.storage.local.get(null));
  const connection = Object.entries(items).find(([key, value]) => key.startsWith("connection:") && (value as Connection).name === name)?.[1] as Connection | undefined;
  if (!connection) throw new Error(`no stored connection named ${name}`);
  return { connection, runs: connection.runIds.map((id) => items[`run:${id}`] as Run) };
}

describe("more engines, with the server's host permission granted (production build, sandbox)", () => {
  const t = useExtensionTest({}, (sandbox) => ({ preGrantedHostPermissions: [permissionPattern(sandbox)] }));

  it("hides Chrome built-in AI where the browser can't run it, and says why", async () => {
    const { screenshot } = t();
    const popup = await t().openPopup();
    await openSettings(popup);
    // Headless Chromium has the Prompt API, but answers "unavailable" for this device.
    expect(await popup.evaluate(() => (globalThis as unknown as { LanguageModel?: { availability(): Promise<string> } }).LanguageModel?.availability())).toBe("unavailable");
    const engine = popup.locator("#engine");
    const hint = popup.locator("#builtin-unsupported");
    await hint.waitFor();
    const offered = await engine.locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(offered).toEqual(["gemini", "openai", "anthropic", "compatible"]);
    expect(await hint.textContent()).toMatch(/Chrome built-in AI isn't offered: not supported on this device\..*GB/);
    expect(await engine.getAttribute("aria-describedby")).toBe("builtin-unsupported");
    await screenshot(popup, "engines-settings-gemini");
    await popup.close();
  });

  it("generates into a page through an OpenAI-compatible server (LM Studio-like), with the model picked from Check server", async () => {
    const context = t();
    const { sandbox, openPopup, screenshot } = context;
    const server = sandbox.localAi.setMode("openai-compatible");
    const popup = await openPopup();
    await openSettings(popup);
    await popup.locator("#engine").selectOption("compatible");
    await popup.getByLabel("Server address").fill(server.baseUrl);
    // The server lists three models; the embedding model can't write a page and is left out.
    expect(await checkServer(popup)).toBe("✓ Server answered — 2 models");
    expect(await modelSuggestions(popup)).toEqual(["google/gemma-3-12b", "qwen/qwen3-8b"]);
    await popup.locator("#model").fill("qwen/qwen3-8b");
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    await saveSettings(popup);
    await screenshot(popup, "engines-settings-compatible");

    const from = lastSeq(server.requests);
    server.scriptAnswer(ANSWER);
    const pageId = await createPageConnection(context, popup, "Local notes", "Notes about local models");
    expect(await generateAndWait(popup, /^Done/)).toMatch(/blocks written/);
    expect(pageOutline(context, pageId)).toEqual(EXPECTED);
    // The Responses API, with the model chosen in Settings; nothing else was needed.
    expect(postsSince(server.requests, from)).toEqual(["/v1/responses 200 qwen/qwen3-8b"]);
    await popup.close();
  });

  it("falls back to Chat Completions on an Ollama-like server that has no Responses API", async () => {
    const context = t();
    const { sandbox, openPopup } = context;
    const server = sandbox.localAi.setMode("ollama").setAllowedOrigins("chrome-extension://*");
    const popup = await openPopup();
    await openSettings(popup);
    expect(await popup.getByLabel("Server address").inputValue()).toBe(server.baseUrl);
    // The model list follows the server: pick one of Ollama's.
    expect(await checkServer(popup)).toBe("✓ Server answered — 3 models");
    expect(await modelSuggestions(popup)).toEqual(["gemma3:4b", "llama3.2:3b", "qwen3:8b"]);
    await popup.locator("#model").fill("llama3.2:3b");
    await saveSettings(popup);

    const from = lastSeq(server.requests);
    server.scriptAnswer(ANSWER);
    const pageId = await createPageConnection(context, popup, "Ollama notes", "Notes about local models");
    await generateAndWait(popup, /^Done/);
    expect(pageOutline(context, pageId)).toEqual(EXPECTED);
    // The worker still expects the Responses API from this address (it had it a moment ago): Ollama answers
    // a bare 404, and the same generation goes on through Chat Completions.
    expect(postsSince(server.requests, from)).toEqual(["/v1/responses 404 llama3.2:3b", "/v1/chat/completions 200 llama3.2:3b"]);
    await popup.close();
  });

  it("shows Ollama's exact fix when it refuses the extension's origin, and generates once OLLAMA_ORIGINS allows it", async () => {
    const context = t();
    const { sandbox, browser, openPopup, screenshot } = context;
    const fix = `OLLAMA_ORIGINS=chrome-extension://${browser.extensionId}`;
    // Ollama started without OLLAMA_ORIGINS: only its default origins are allowed.
    const server = sandbox.localAi.setMode("ollama").setAllowedOrigins([]);
    const popup = await openPopup();
    const from = lastSeq(server.requests);
    const pageId = await createPageConnection(context, popup, "Blocked by Ollama", "Anything");
    const message = await generateAndWait(popup, /OLLAMA_ORIGINS/);
    expect(message).toContain(`${fix} ollama serve`);
    expect(message).toContain(`launchctl setenv OLLAMA_ORIGINS "chrome-extension://${browser.extensionId}"`);
    expect(pageOutline(context, pageId)).toEqual([]);
    // The generation POST met the bare 403; listing the models (a GET) still worked, which is how Inkwell told the two apart.
    const seen = server.requests.filter((entry) => entry.seq > from);
    expect(seen.some((entry) => entry.method === "POST" && entry.status === 403)).toBe(true);
    expect(seen.some((entry) => entry.method === "GET" && entry.path === "/v1/models" && entry.status === 200)).toBe(true);
    await screenshot(popup, "engines-ollama-fix");

    // Settings shows the same line to copy.
    const settings = await openPopup();
    await openSettings(settings);
    await settings.getByText("Setting up Ollama or LM Studio").click();
    expect(await settings.locator("details.hint").textContent()).toContain(`${fix} ollama serve`);
    await screenshot(settings, "engines-settings-ollama");
    await settings.close();

    // The user restarts Ollama with OLLAMA_ORIGINS and presses Generate again.
    server.setAllowedOrigins("chrome-extension://*");
    server.scriptAnswer(ANSWER);
    await popup.bringToFront();
    await generateAndWait(popup, /^Done/);
    expect(pageOutline(context, pageId)).toEqual(EXPECTED);
    await popup.close();
  });

  it("generates through Claude with the model listed by Check key; the call opts in to direct browser access", async () => {
    const context = t();
    const { sandbox, browser, openPopup, screenshot } = context;
    const headers = recordAnthropicHeaders(sandbox);
    const popup = await openPopup();
    await openSettings(popup);
    await popup.locator("#engine").selectOption("anthropic");
    await popup.getByLabel("Anthropic API key").fill(ANTHROPIC_DEMO_KEY);
    await popup.getByRole("button", { name: "Check key" }).click();
    await popup.locator("#ai-check-result.ok").waitFor({ timeout: 20_000 });
    expect(await popup.locator("#ai-check-result").textContent()).toBe(`✓ Key works — ${sandbox.anthropic.catalog.length} models`);
    const suggestions = await modelSuggestions(popup);
    expect(suggestions).toEqual(sandbox.anthropic.catalog.map((model) => model.id));
    await popup.locator("#model").fill("claude-sonnet-5-5");
    await saveSettings(popup);
    await screenshot(popup, "engines-settings-anthropic");

    const from = lastSeq(sandbox.anthropic.requests);
    sandbox.anthropic.scriptAnswer(ANSWER);
    const pageId = await createPageConnection(context, popup, "Claude notes", "Notes about local models");
    await generateAndWait(popup, /^Done/);
    expect(pageOutline(context, pageId)).toEqual(EXPECTED);
    const generations = sandbox.anthropic.requests.filter((entry) => entry.seq > from && entry.method === "POST");
    expect(generations.map((entry) => `${entry.path} ${entry.status} ${(entry.body as { model?: string }).model}`)).toEqual(["/v1/messages 200 claude-sonnet-5-5"]);
    // A call from the extension carries its origin, so Anthropic only accepts it with the opt-in header.
    const messages = headers.filter((request) => request.method === "POST" && request.path.startsWith("/v1/messages"));
    expect(messages.length).toBeGreaterThan(0);
    for (const request of messages) {
      expect(request.headers.origin).toBe(`chrome-extension://${browser.extensionId}`);
      expect(request.headers[BROWSER_ACCESS_HEADER]).toBe("true");
    }
    await popup.close();
  });

  it("explains Claude's credit-balance error without writing anything", async () => {
    const context = t();
    const { sandbox, openPopup } = context;
    const popup = await openPopup();
    await openSettings(popup);
    await popup.locator("#engine").selectOption("anthropic");
    await popup.getByLabel("Anthropic API key").fill(ANTHROPIC_NO_CREDIT_KEY);
    await saveSettings(popup);
    const from = lastSeq(sandbox.anthropic.requests);
    const pageId = await createPageConnection(context, popup, "No credit", "Anything");
    const message = await generateAndWait(popup, /credit balance/);
    expect(message).toMatch(/Your Anthropic credit balance is too low\. Add credit at console\.anthropic\.com\/settings\/billing/);
    expect(message).not.toContain(ANTHROPIC_NO_CREDIT_KEY);
    expect(pageOutline(context, pageId)).toEqual([]);
    // One request, not retried: more attempts can't help until the account has credit.
    expect(sandbox.anthropic.requests.filter((entry) => entry.seq > from && entry.method === "POST").map((entry) => entry.status)).toEqual([400]);
    await popup.close();
  });

  it("a connection's own engine: with Settings on Gemini, a connection set to Claude generates through Claude and its history says so", async () => {
    const context = t();
    const { sandbox, openPopup } = context;
    const popup = await openPopup();
    await openSettings(popup);
    // Claude's key is set up (and works), but the default engine is Gemini.
    await popup.locator("#engine").selectOption("anthropic");
    await popup.getByLabel("Anthropic API key").fill(ANTHROPIC_DEMO_KEY);
    await popup.locator("#engine").selectOption("gemini");
    await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
    await saveSettings(popup);

    const anthropicFrom = lastSeq(sandbox.anthropic.requests);
    const geminiFrom = lastSeq(sandbox.gemini.requests);
    sandbox.anthropic.scriptAnswer(ANSWER);
    const pageId = await createPageConnection(context, popup, "Override", "Notes about local models");
    await popup.getByText("Options", { exact: true }).click();
    const engine = popup.locator("#create-engine");
    expect(await engine.locator("option").first().textContent()).toMatch(/^Default \(Google Gemini · /);
    // Chrome built-in AI isn't offered here either: this browser can't run it.
    await expect
      .poll(() => engine.locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)))
      .toEqual(["", "gemini", "openai", "anthropic", "compatible"]);
    await engine.selectOption("anthropic");
    await popup.locator("#create-model").fill("claude-haiku-5-5");
    await generateAndWait(popup, /^Done/);
    expect(pageOutline(context, pageId)).toEqual(EXPECTED);
    expect(
      sandbox.anthropic.requests.filter((entry) => entry.seq > anthropicFrom && entry.method === "POST").map((entry) => (entry.body as { model?: string }).model),
    ).toEqual(["claude-haiku-5-5"]);
    expect(sandbox.gemini.requests.filter((entry) => entry.seq > geminiFrom && entry.method === "POST")).toEqual([]);

    // What the worker stored for this run…
    const { connection, runs } = await storedConnection(context, "Override");
    expect(connection).toMatchObject({ engine: "anthropic", model: "claude-haiku-5-5" });
    expect(runs.map((run) => ({ engine: run.engine, model: run.model, status: run.status }))).toEqual([
      { engine: "anthropic", model: "claude-haiku-5-5", status: "succeeded" },
    ]);
    // …and what the connection's run history shows.
    await popup.getByRole("tab", { name: "Connections" }).click();
    const item = popup.locator(`li.conn[data-connection-id="${connection.id}"]`);
    await item.getByRole("button", { name: "Details" }).click();
    const row = popup.locator(`#run-history tr[data-run-id="${runs[0]!.id}"]`);
    await row.waitFor();
    expect(await row.locator("td").last().textContent()).toBe("anthropic · claude-haiku-5-5");
    await popup.close();
  });
});

describe("an OpenAI-compatible server without its host permission (production build, sandbox)", () => {
  const t = useExtensionTest();

  it("generating tells the user to allow access to the server, and nothing reaches it", async () => {
    const context = t();
    const { sandbox, browser, openPopup } = context;
    const server = sandbox.localAi.setMode("openai-compatible");
    const popup = await openPopup();
    await openSettings(popup);
    await popup.locator("#engine").selectOption("compatible");
    await popup.getByLabel("Server address").fill(server.baseUrl);
    await popup.locator("#model").fill("qwen/qwen3-8b");
    await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
    // Save asks for the permission (Chrome would show its prompt; headless Chromium never answers it) and stores the settings meanwhile.
    await popup.getByRole("button", { name: "Save" }).click();
    const worker = await browser.worker();
    await expect
      .poll(() => worker.evaluate(async () => ((await chrome.storage.local.get("settings")).settings as { compatibleBaseUrl?: string } | undefined)?.compatibleBaseUrl), {
        timeout: 20_000,
      })
      .toBe(server.baseUrl);
    expect(await worker.evaluate((origins) => chrome.permissions.contains({ origins }), [permissionPattern(sandbox)])).toBe(false);
    await popup.close();

    const from = lastSeq(server.requests);
    const create = await openPopup();
    const pageId = await createPageConnection(context, create, "No permission", "Anything");
    const message = await generateAndWait(create, /isn't allowed/);
    expect(message).toBe(
      `Inkwell isn't allowed to reach ${server.origin} yet. In Settings → AI engine, choose OpenAI-compatible server and press Check server, then allow access when the browser asks (if it isn't your default engine, you can switch back afterwards).`,
    );
    expect(server.requests.filter((entry) => entry.seq > from)).toEqual([]);
    expect(pageOutline(context, pageId)).toEqual([]);
    await context.screenshot(create, "engines-permission-needed");
    await create.close();
  });
});
