import { ENGINE_SECRET, type EngineId, type StoredSecrets, type StoredSettings } from "./storage/schema";

/**
 * Whether an engine has what it needs to generate: its key, or for a local server its base URL.
 * `hasSecret` says whether a key is set (the worker knows the key, a page only whether it is set).
 */
export function engineReady(settings: StoredSettings, hasSecret: (name: keyof StoredSecrets) => boolean, engine: EngineId): boolean {
  if (engine === "compatible") return settings.compatibleBaseUrl !== "";
  if (engine === "builtin") return true;
  const secret = ENGINE_SECRET[engine];
  return secret === null || hasSecret(secret);
}
