import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it } from "vitest";
import { planMigration, StorageFromNewerVersionError } from "../../../src/shared/storage/migrations";
import { DEFAULT_MODELS, STORAGE_SCHEMA_VERSION } from "../../../src/shared/storage/schema";
import { TypedStore } from "../../../src/shared/storage/store";

describe("storage migrations", () => {
  it("lays down defaults on a fresh install", () => {
    const { set, remove } = planMigration({});
    expect(remove).toEqual([]);
    expect(set).toEqual({
      meta: { schemaVersion: STORAGE_SCHEMA_VERSION },
      settings: { engine: "gemini", models: DEFAULT_MODELS, connectionsDatabaseUrl: "", concurrency: 3 },
      secrets: { notionToken: "", geminiKey: "", openaiKey: "" },
    });
  });

  it("keeps values an unversioned build stored (version 0 → current)", () => {
    const { set } = planMigration({ secrets: { notionToken: "ntn_existing" }, settings: { engine: "openai" } });
    expect(set.secrets).toMatchObject({ notionToken: "ntn_existing", geminiKey: "" });
    expect(set.settings).toMatchObject({ engine: "openai", models: DEFAULT_MODELS });
  });

  it("adds the database concurrency setting when coming from version 1, keeping everything else", () => {
    const v1 = {
      meta: { schemaVersion: 1 },
      settings: { engine: "openai", models: { gemini: "g", openai: "o" }, connectionsDatabaseUrl: "https://www.notion.so/x" },
      secrets: { notionToken: "ntn_kept", geminiKey: "", openaiKey: "sk-kept" },
      "connection:abc": { id: "abc" },
    };
    const { set, remove } = planMigration(v1);
    expect(remove).toEqual([]);
    expect(set).toEqual({
      meta: { schemaVersion: STORAGE_SCHEMA_VERSION },
      settings: { engine: "openai", models: { gemini: "g", openai: "o" }, connectionsDatabaseUrl: "https://www.notion.so/x", concurrency: 3 },
    });
  });

  it("does nothing when already current", () => {
    expect(planMigration({ meta: { schemaVersion: STORAGE_SCHEMA_VERSION }, settings: {}, secrets: {} })).toEqual({ set: {}, remove: [] });
  });

  it("refuses data from a newer build instead of clobbering it", () => {
    expect(() => planMigration({ meta: { schemaVersion: STORAGE_SCHEMA_VERSION + 1 } })).toThrow(StorageFromNewerVersionError);
  });
});

describe("TypedStore", () => {
  beforeEach(() => fakeBrowser.reset());

  it("migrates, reads and writes typed items", async () => {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await expect(store.get("settings")).rejects.toThrow(/migrations/);
    await store.migrate();
    expect((await store.get("settings")).engine).toBe("gemini");
    await store.set("secrets", { notionToken: "ntn_x", geminiKey: "", openaiKey: "" });
    expect((await fakeBrowser.storage.local.get("secrets")).secrets).toMatchObject({ notionToken: "ntn_x" });
  });

  it("clearAll wipes everything, including unknown keys, then restores defaults", async () => {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    await store.set("secrets", { notionToken: "ntn_x", geminiKey: "g", openaiKey: "o" });
    await fakeBrowser.storage.local.set({ "connection:1": { name: "x" } });
    await store.clearAll();
    const all = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(all).sort()).toEqual(["meta", "secrets", "settings"]);
    expect(all.secrets).toEqual({ notionToken: "", geminiKey: "", openaiKey: "" });
  });
});
