/**
 * The service worker: the only context that holds secrets and talks to Notion
 * and the AI providers. Listeners are registered synchronously at start-up (an
 * MV3 rule: a worker woken by an event must find its listener already there);
 * storage migrations run in the background and handlers await them.
 */
import browser from "webextension-polyfill";
import { createEngine } from "../ai/engines";
import { InkwellError } from "../core/errors";
import { parseNotionUrl } from "../core/notion-url";
import { createNotionClient } from "../notion/client";
import { fetchIdentity } from "../notion/identity";
import { resolveTarget } from "../notion/targets";
import { TypedStore } from "../shared/storage/store";
import { RecordStore } from "./records";
import { createMessageListener } from "./router";
import { RunManager } from "./run-manager";
import { SettingsService } from "./settings";

const store = new TypedStore(browser.storage.local);
const settings = new SettingsService(store);
const records = new RecordStore(browser.storage.local);
const runs = new RunManager(records, settings);
const ready = prepare();

async function prepare(): Promise<void> {
  // Chrome lets content scripts read storage.local unless told otherwise; secrets live there.
  const local = globalThis.chrome?.storage?.local as (chrome.storage.StorageArea & { setAccessLevel?: unknown }) | undefined;
  if (typeof local?.setAccessLevel === "function") {
    await local.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
  }
  await store.migrate();
  await runs.recoverInterrupted();
}

/** The integration's name, for "share it with …" advice. */
async function integrationName(token: string): Promise<string> {
  try {
    return (await fetchIdentity(createNotionClient(token, { priority: "interactive" }))).botName;
  } catch {
    return "your integration";
  }
}

browser.runtime.onMessage.addListener(
  createMessageListener({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL(""),
    ready,
    knownSecrets: () => settings.secretValues(),
    log: (message) => console.warn(`[inkwell] ${message}`),
    page: {
      ping: async () => ({ version: browser.runtime.getManifest().version, engine: (await store.get("settings")).engine }),
      "settings.get": () => settings.view(),
      "settings.save": ({ patch }) => settings.save(patch),
      "settings.clear": async () => {
        await store.clearAll();
        return settings.view();
      },
      "notion.check": async ({ secret }) =>
        fetchIdentity(createNotionClient(secret?.trim() || (await settings.requireNotionToken()), { priority: "interactive" })),
      "ai.models": async ({ engine, apiKey }) => {
        const key = apiKey?.trim() || (await settings.view()).secrets[engine === "gemini" ? "geminiKey" : "openaiKey"];
        if (!key) throw new InkwellError("not_configured", "Paste the API key first.");
        return { models: await createEngine(engine, { apiKey: key }).listModels() };
      },
      "target.resolve": async ({ url, kind }) => {
        const token = await settings.requireNotionToken();
        return resolveTarget(createNotionClient(token, { priority: "interactive" }), url, kind, await integrationName(token));
      },
      "connection.save": async ({ draft }) => {
        const token = await settings.requireNotionToken();
        const target = await resolveTarget(createNotionClient(token, { priority: "interactive" }), draft.url, draft.kind, await integrationName(token));
        return records.saveConnection(draft, target);
      },
      "connection.list": () => records.listConnections(),
      "connection.get": async ({ id }) => {
        const connection = await records.getConnection(id);
        if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
        return { connection, runs: await records.getRuns(connection.runIds) };
      },
      "run.start": ({ connectionId }) => runs.start(connectionId),
      "run.cancel": async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    },
    content: {
      "content.status": async ({ url }) => {
        const parsed = parseNotionUrl(url);
        return { targetId: parsed.ok ? parsed.target.id : null, configured: await settings.isConfigured() };
      },
    },
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
);
