import type { Storage } from "webextension-polyfill";
import { planMigration, type MigrationResult } from "./migrations";
import type { StorageItems, StorageKey } from "./schema";

/**
 * Typed access to storage.local. Takes the storage area as a parameter so unit
 * tests can hand it @webext-core/fake-browser's.
 */
export class TypedStore {
  constructor(private readonly area: Storage.StorageArea) {}

  async get<K extends StorageKey>(key: K): Promise<StorageItems[K]> {
    const items = await this.area.get(key);
    const value = items[key] as StorageItems[K] | undefined;
    if (value === undefined) throw new Error(`Storage key "${key}" is missing: migrations have not run`);
    return value;
  }

  async set<K extends StorageKey>(key: K, value: StorageItems[K]): Promise<void> {
    await this.area.set({ [key]: value });
  }

  /**
   * Brings stored data to the current schema. Run once at worker start-up,
   * before any read. The new keys (and the new schema version) are written in
   * one set before any old key is removed: a failure midway (storage full, the
   * worker stopped) leaves either the old data intact or the new data
   * complete, never neither. An old key that outlives a failed removal is
   * harmless: the next start finds the current version and plans nothing.
   */
  async migrate(plan: (items: Record<string, unknown>) => MigrationResult = planMigration): Promise<void> {
    const all = await this.area.get(null);
    const { set, remove } = plan(all);
    if (Object.keys(set).length > 0) await this.area.set(set);
    if (remove.length > 0) await this.area.remove(remove);
  }

  /** Wipes every Inkwell item, then lays down fresh defaults. */
  async clearAll(): Promise<void> {
    await this.area.clear();
    await this.migrate();
  }
}
