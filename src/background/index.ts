/**
 * The service worker: the only context that holds secrets and talks to Notion
 * and the AI providers. Listeners are registered synchronously at start-up (an
 * MV3 rule: a worker woken by an event must find its listener already there);
 * storage migrations run in the background and handlers await them.
 */
import browser from "webextension-polyfill";
import { parseNotionUrl } from "../core/notion-url";
import { TypedStore } from "../shared/storage/store";
import { createNotionClient } from "../notion/client";
import { fetchIdentity } from "../notion/identity";
import { createMessageListener } from "./router";
import { SettingsService } from "./settings";

const store = new TypedStore(browser.storage.local);
const settings = new SettingsService(store);
const ready = prepareStorage();

async function prepareStorage(): Promise<void> {
  // Chrome lets content scripts read storage.local unless told otherwise; secrets live there.
  const local = chrome?.storage?.local as (chrome.storage.StorageArea & { setAccessLevel?: unknown }) | undefined;
  if (typeof local?.setAccessLevel === "function") {
    await local.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
  }
  await store.migrate();
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
      "notion.check": async ({ secret }) => fetchIdentity(createNotionClient(secret?.trim() || (await settings.requireNotionToken()))),
    },
    content: {
      "content.status": async ({ url }) => {
        const parsed = parseNotionUrl(url);
        return { targetId: parsed.ok ? parsed.target.id : null, configured: await settings.isConfigured() };
      },
    },
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
);
