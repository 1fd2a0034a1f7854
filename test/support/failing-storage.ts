import type { Storage } from "webextension-polyfill";

/** What Chrome's storage.local rejects a write with once Inkwell's 10 MB quota is used up. */
export const QUOTA_MESSAGE = "QUOTA_BYTES quota exceeded";

export interface FailingStorage {
  area: Storage.StorageArea;
  /** From now on every write fails as Chrome's does when the quota is used up (removes still work, as in Chrome). */
  fill(): void;
  /** Fails the writes (set or remove) that `when` picks, with `error` (the quota error by default). */
  failWhen(when: (call: { method: "set" | "remove"; keys: string[] }) => boolean, error?: Error): void;
  /** Every write attempted, in order, failed or not. */
  writes: { method: "set" | "remove"; keys: string[]; failed: boolean }[];
}

/** A storage area over a real (fake-browser) one whose writes can be made to fail like a full or broken browser storage. */
export function failingStorage(inner: Storage.StorageArea): FailingStorage {
  let full = false;
  let rule: { when: (call: { method: "set" | "remove"; keys: string[] }) => boolean; error: Error } | undefined;
  const writes: FailingStorage["writes"] = [];
  const check = (method: "set" | "remove", keys: string[]) => {
    const call = { method, keys };
    const error = full && method === "set" ? new Error(QUOTA_MESSAGE) : rule?.when(call) ? rule.error : undefined;
    writes.push({ ...call, failed: error !== undefined });
    if (error) throw error;
  };
  const area = {
    get: (keys?: string | string[] | Record<string, unknown> | null) => inner.get(keys as never),
    set: async (items: Record<string, unknown>) => {
      check("set", Object.keys(items));
      await inner.set(items);
    },
    remove: async (keys: string | string[]) => {
      check("remove", Array.isArray(keys) ? keys : [keys]);
      await inner.remove(keys);
    },
    clear: () => inner.clear(),
    getBytesInUse: inner.getBytesInUse?.bind(inner),
    onChanged: inner.onChanged,
  } as unknown as Storage.StorageArea;
  return {
    area,
    fill: () => (full = true),
    failWhen: (when, error = new Error(QUOTA_MESSAGE)) => (rule = { when, error }),
    writes,
  };
}
