/**
 * Where keys live: the extension origin's IndexedDB. Content scripts run in the
 * Notion page's origin, so unlike storage.local (readable from a content
 * script's world on Firefox, and on Chrome without setAccessLevel) they can't
 * open this database, and no storage.onChanged event ever carries a key.
 */
import type { Storage } from "webextension-polyfill";
import { emptySecrets, type StoredSecrets } from "../../shared/storage/schema";

const DATABASE = "inkwell-secrets";
const OBJECT_STORE = "secrets";
const RECORD = "secrets";
/** Where earlier builds kept keys, in storage.local. */
export const LEGACY_SECRETS_KEY = "secrets";
/** storage.local key set to the time keys were last saved: no key in it, only a cue for open Settings to refresh. */
export const SECRETS_CHANGED_KEY = "secretsChangedAt";

export interface SecretVault {
  /** The stored keys, or undefined when nothing was ever written. */
  read(): Promise<StoredSecrets | undefined>;
  write(secrets: StoredSecrets): Promise<void>;
  clear(): Promise<void>;
}

export class IndexedDbSecretVault implements SecretVault {
  private database: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: () => IDBFactory = () => globalThis.indexedDB) {}

  async read(): Promise<StoredSecrets | undefined> {
    const value = await this.request("readonly", (store) => store.get(RECORD));
    return value === undefined ? undefined : { ...emptySecrets(), ...onlyStrings(value) };
  }

  async write(secrets: StoredSecrets): Promise<void> {
    await this.request("readwrite", (store) => store.put({ ...secrets }, RECORD));
  }

  async clear(): Promise<void> {
    await this.request("readwrite", (store) => store.delete(RECORD));
  }

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = this.factory();
      if (!factory) throw new Error("IndexedDB is not available in this browser context");
      const opening = factory.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(OBJECT_STORE);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error ?? new Error("IndexedDB refused to open"));
      opening.onblocked = () => reject(new Error("IndexedDB is blocked by another open copy"));
    }).catch((error: unknown) => {
      // A later call tries again (e.g. after the user frees disk space).
      this.database = null;
      throw error;
    });
    return this.database;
  }

  private async request(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    const database = await this.open();
    return new Promise((resolve, reject) => {
      const transaction = database.transaction(OBJECT_STORE, mode);
      const request = run(transaction.objectStore(OBJECT_STORE));
      // Resolve on commit, not on the request's success: a write is only safe once durable.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error("IndexedDB transaction failed"));
      transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted"));
    });
  }
}

/**
 * Moves keys that earlier builds kept in storage.local into the vault: the
 * vault is written first, the old copy removed after. Idempotent: once the
 * vault holds keys, a leftover old copy is stale and only removed.
 */
export async function moveSecretsToVault(area: Storage.StorageArea, vault: SecretVault): Promise<void> {
  const items = await area.get(LEGACY_SECRETS_KEY);
  const legacy = items[LEGACY_SECRETS_KEY];
  if (legacy === undefined) return;
  if ((await vault.read()) === undefined) await vault.write({ ...emptySecrets(), ...onlyStrings(legacy) });
  await area.remove(LEGACY_SECRETS_KEY);
}

/** Keys still in storage.local (only when the vault couldn't take them), so that they aren't lost. */
export async function readLegacySecrets(area: Storage.StorageArea): Promise<StoredSecrets | undefined> {
  const legacy = (await area.get(LEGACY_SECRETS_KEY))[LEGACY_SECRETS_KEY];
  return legacy === undefined ? undefined : { ...emptySecrets(), ...onlyStrings(legacy) };
}

function onlyStrings(value: unknown): Partial<StoredSecrets> {
  if (typeof value !== "object" || value === null) return {};
  const known = emptySecrets();
  const result: Partial<StoredSecrets> = {};
  for (const [name, secret] of Object.entries(value)) {
    if (name in known && typeof secret === "string") result[name as keyof StoredSecrets] = secret;
  }
  return result;
}
