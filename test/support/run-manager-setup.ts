import { fakeBrowser } from "@webext-core/fake-browser";
import type { Storage } from "webextension-polyfill";
import { vi } from "vitest";
import { SettingsService } from "../../src/background/settings/settings";
import type { ConnectionDraft, SettingsPatch } from "../../src/shared/protocol/types";
import { defaultGenerationOptions } from "../../src/shared/storage/schema";
import { TypedStore } from "../../src/shared/storage/store";
import { testVault } from "./vault";

/*
 * The worker's run setup for unit tests over fake-browser storage. Import it
 * with `await import(...)` after the test's `vi.mock("webextension-polyfill")`.
 */

/** Notion's answer to a token it doesn't accept (a 401 is never retried, so a run ends at once). */
const NOTION_REFUSAL = { object: "error", status: 401, code: "unauthorized", message: "API token is invalid." };

const refusal = () => new Response(JSON.stringify(NOTION_REFUSAL), { status: 401, headers: { "content-type": "application/json" } });

/** Every request is refused at once with Notion's 401. */
export function refuseNotion(): void {
  vi.stubGlobal("fetch", vi.fn(async () => refusal()));
}

/** Every request waits until the returned `release()`, then is refused with Notion's 401: a started run stays "running" until then. */
export function holdNotion(): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => {
      await gate;
      return refusal();
    }),
  );
  return release;
}

/** Migrated storage and settings holding a Notion token and a Gemini key (plus `patch`, its secrets merged in). */
export async function keyedSettings(patch: SettingsPatch = {}): Promise<{ store: TypedStore; settings: SettingsService }> {
  const store = new TypedStore(fakeBrowser.storage.local as Storage.StorageArea);
  await store.migrate();
  const settings = new SettingsService(store, testVault());
  await settings.save({ ...patch, secrets: { notionToken: "ntn_unitTestToken1234567890abcdefgh", geminiKey: "AIzaUnitTestKey0123456789abcdefghij", ...patch.secrets } });
  return { store, settings };
}

/** A database connection "Topics" that writes each selected row's body; save it with target `DATABASE_TARGET`. */
export function databaseDraft(): ConnectionDraft {
  return { name: "Topics", kind: "database", url: "https://www.notion.so/x", prompt: "{{Name}}", options: defaultGenerationOptions(), database: { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" } } };
}

export const DATABASE_TARGET = { id: "db-1", title: "Topics" };

/** A page connection "Plan"; save it with target `PAGE_TARGET`. */
export function pageDraft(name = "Plan"): ConnectionDraft {
  return { name, kind: "page", url: "https://www.notion.so/x", prompt: "Write", options: defaultGenerationOptions() };
}

export const PAGE_TARGET = { id: "page-1", title: "Plan" };
