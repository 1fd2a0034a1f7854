import type { Storage } from "webextension-polyfill";
import { planMigration } from "./migrations";
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

  /** Brings stored data to the current schema. Run once at worker start-up, before any read. */
  async migrate(): Promise<void> {
    const all = await this.area.get(null);
    const { set, remove } = planMigration(all);
    if (remove.length > 0) await this.area.remove(remove);
    if (Object.keys(set).length > 0) await this.area.set(set);
  }

  /** Wipes every Inkwell item, then lays down fresh defaults. */
  async clearAll(): Promise<void> {
    await this.area.clear();
    await this.migrate();
  }
}
