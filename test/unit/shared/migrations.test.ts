import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it } from "vitest";
import { planMigration, StorageFromNewerVersionError } from "../../../src/shared/storage/migrations";
import { DEFAULT_CONCURRENCY, DEFAULT_MODELS, STORAGE_SCHEMA_VERSION, defaultSettings, emptyMirrorState, emptySecrets } from "../../../src/shared/storage/schema";
import { TypedStore } from "../../../src/shared/storage/store";

describe("storage migrations", () => {
  const current = () => ({
    meta: { schemaVersion: STORAGE_SCHEMA_VERSION },
    settings: defaultSettings(),
    secrets: emptySecrets(),
    mirror: emptyMirrorState(),
    errorLog: [],
  });

  /** Applies a plan the way TypedStore does, so each test checks the resulting storage, not just the diff. */
  function migrated(items: Record<string, unknown>): Record<string, unknown> {
    const { set, remove } = planMigration(items);
    const result = { ...items };
    for (const key of remove) delete result[key];
    return { ...result, ...set };
  }

  it("lays down defaults on a fresh install", () => {
    const { set, remove } = planMigration({});
    expect(remove).toEqual([]);
    expect(set).toEqual(current());
  });

  it("keeps values an unversioned build stored (version 0 → current)", () => {
    const after = migrated({ secrets: { notionToken: "ntn_existing" }, settings: { engine: "openai" } });
    expect(after.secrets).toEqual({ ...emptySecrets(), notionToken: "ntn_existing" });
    expect(after.settings).toEqual({ ...defaultSettings(), engine: "openai" });
    expect(after.meta).toEqual({ schemaVersion: STORAGE_SCHEMA_VERSION });
  });

  it("brings version 1 data to current, keeping every stored choice and record", () => {
    const v1 = {
      meta: { schemaVersion: 1 },
      settings: { engine: "openai", models: { gemini: "g", openai: "o" }, connectionsDatabaseUrl: "https://www.notion.so/x" },
      secrets: { notionToken: "ntn_kept", geminiKey: "", openaiKey: "sk-kept" },
      "connection:abc": { id: "abc" },
    };
    const after = migrated(v1);
    expect(after).toEqual({
      ...current(),
      settings: {
        ...defaultSettings(),
        engine: "openai",
        models: { ...DEFAULT_MODELS, gemini: "g", openai: "o" },
        connectionsDatabaseUrl: "https://www.notion.so/x",
      },
      secrets: { ...emptySecrets(), notionToken: "ntn_kept", openaiKey: "sk-kept" },
      "connection:abc": { id: "abc" },
    });
  });

  it("brings version 2 data to current: new engines, usage estimates, mirror and error log, nothing lost", () => {
    const v2 = {
      meta: { schemaVersion: 2 },
      settings: { engine: "gemini", models: { gemini: "gemini-2.5-pro", openai: "gpt-x" }, connectionsDatabaseUrl: "", concurrency: 7 },
      secrets: { notionToken: "ntn_kept", geminiKey: "AIza-kept", openaiKey: "" },
      "connection:abc": { id: "abc", runIds: ["r1"] },
      "run:r1": { id: "r1", status: "succeeded" },
    };
    const after = migrated(v2);
    expect(after).toEqual({
      ...current(),
      settings: { ...defaultSettings(), models: { ...DEFAULT_MODELS, gemini: "gemini-2.5-pro", openai: "gpt-x" }, concurrency: 7 },
      secrets: { ...emptySecrets(), notionToken: "ntn_kept", geminiKey: "AIza-kept" },
      "connection:abc": { id: "abc", runIds: ["r1"] },
      "run:r1": { id: "r1", status: "succeeded" },
    });
  });

  it("turns the old fixed default of 3 rows at once into the adaptive default cap, and keeps a number the user chose (version 3 → 4)", () => {
    const v3 = (concurrency: number) => ({ ...current(), meta: { schemaVersion: 3 }, settings: { ...defaultSettings(), concurrency } });
    expect(migrated(v3(3))).toEqual({ ...current(), settings: { ...defaultSettings(), concurrency: DEFAULT_CONCURRENCY } });
    expect(migrated(v3(7))).toEqual({ ...current(), settings: { ...defaultSettings(), concurrency: 7 } });
    expect(DEFAULT_CONCURRENCY).not.toBe(3);
  });

  it.each([0, 1, 2, 3])("from version %i the result has exactly the current shape", (version) => {
    // What each version wrote on a fresh install.
    const v1Settings = { engine: "gemini", models: { gemini: "g", openai: "o" }, connectionsDatabaseUrl: "" };
    const stored = [
      {},
      { meta: { schemaVersion: 1 }, settings: v1Settings, secrets: { notionToken: "", geminiKey: "", openaiKey: "" } },
      { meta: { schemaVersion: 2 }, settings: { ...v1Settings, concurrency: 3 }, secrets: { notionToken: "", geminiKey: "", openaiKey: "" } },
      { ...current(), meta: { schemaVersion: 3 }, settings: { ...defaultSettings(), concurrency: 3 } },
    ][version]!;
    const after = migrated(stored);
    expect(Object.keys(after.settings as object).sort()).toEqual(Object.keys(defaultSettings()).sort());
    expect(Object.keys(after.secrets as object).sort()).toEqual(Object.keys(emptySecrets()).sort());
    expect(after.mirror).toEqual(emptyMirrorState());
    expect(planMigration(after)).toEqual({ set: {}, remove: [] });
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
    await store.set("secrets", { ...emptySecrets(), notionToken: "ntn_x" });
    expect((await fakeBrowser.storage.local.get("secrets")).secrets).toMatchObject({ notionToken: "ntn_x" });
  });

  it("clearAll wipes everything, including unknown keys, then restores defaults", async () => {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    await store.set("secrets", { ...emptySecrets(), notionToken: "ntn_x", geminiKey: "g", openaiKey: "o" });
    await fakeBrowser.storage.local.set({ "connection:1": { name: "x" } });
    await store.clearAll();
    const all = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(all).sort()).toEqual(["errorLog", "meta", "mirror", "secrets", "settings"]);
    expect(all.secrets).toEqual(emptySecrets());
  });
});
