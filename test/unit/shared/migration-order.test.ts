/**
 * A migration that renames a key sets the new keys before removing the old
 * ones, so a storage that fails midway (full, or the worker stopped) never
 * loses the data: it holds the old shape or the new one.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it } from "vitest";
import type { MigrationResult } from "../../../src/shared/storage/migrations";
import { TypedStore } from "../../../src/shared/storage/store";
import { failingStorage, QUOTA_MESSAGE } from "../../support/failing-storage";

/** A step like a real rename: `oldSettings` becomes `settings`, and the version moves on. */
const renameStep = (items: Record<string, unknown>): MigrationResult =>
  items.oldSettings === undefined ? { set: {}, remove: [] } : { set: { settings: items.oldSettings, meta: { schemaVersion: 99 } }, remove: ["oldSettings"] };

describe("storage migrations: new keys before old ones go", () => {
  beforeEach(() => fakeBrowser.reset());

  it("keeps the old key when writing the new ones fails (storage full)", async () => {
    await fakeBrowser.storage.local.set({ oldSettings: { engine: "openai" } });
    const storage = failingStorage(fakeBrowser.storage.local as never);
    storage.fill();
    await expect(new TypedStore(storage.area).migrate(renameStep)).rejects.toThrow(QUOTA_MESSAGE);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ oldSettings: { engine: "openai" } });
  });

  it("has the new data complete when removing the old key fails afterwards", async () => {
    await fakeBrowser.storage.local.set({ oldSettings: { engine: "openai" } });
    const storage = failingStorage(fakeBrowser.storage.local as never);
    storage.failWhen(({ method }) => method === "remove", new Error("The worker stopped"));
    await expect(new TypedStore(storage.area).migrate(renameStep)).rejects.toThrow("The worker stopped");
    expect(await fakeBrowser.storage.local.get(null)).toMatchObject({ settings: { engine: "openai" }, meta: { schemaVersion: 99 } });
    expect(storage.writes.map(({ method, failed }) => `${method}${failed ? " (failed)" : ""}`)).toEqual(["set", "remove (failed)"]);
  });
});
