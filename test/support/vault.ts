import { IDBFactory } from "fake-indexeddb";
import { IndexedDbSecretVault } from "../../src/background/settings/secret-vault";

/** The worker's real vault over an in-memory IndexedDB of its own (a fresh, empty one per call). */
export function testVault(): IndexedDbSecretVault {
  const factory = new IDBFactory();
  return new IndexedDbSecretVault(() => factory);
}
