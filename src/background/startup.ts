import type { WorkerServices } from "./services";

/**
 * What each worker start does before any handler runs: storage migrations,
 * keys into the vault, the token's identity, interrupted runs resumed, and the
 * background work (mirror, watches, purging) set going.
 */
export async function startWorker(services: WorkerServices): Promise<void> {
  const { store, notionIdentity, runs, badge, records, mirror, automations, housekeeping } = services;
  // Keys live in the vault, not here; connections and prompts do, so Chrome keeps them from content scripts too.
  const local = globalThis.chrome?.storage?.local as (chrome.storage.StorageArea & { setAccessLevel?: unknown }) | undefined;
  if (typeof local?.setAccessLevel === "function") {
    await local.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
  }
  await store.migrate();
  await services.protectLegacySecrets();
  await notionIdentity.load();
  await runs.resumeInterrupted();
  badge.reset(await records.listRuns());
  void mirror.flush();
  // Start-up is also the catch-up: each watch that came due while the browser was closed checks once.
  void automations.tick();
  await housekeeping.schedulePurge();
}

