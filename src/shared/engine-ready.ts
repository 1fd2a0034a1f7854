import { ENGINE_SECRET, type EngineId, type StoredSecrets, type StoredSettings } from "./storage/schema";

/** Whether an engine has what it needs to generate: its key, or for a local server its base URL. */
export function engineReady(settings: StoredSettings, secrets: StoredSecrets, engine: EngineId): boolean {
  if (engine === "compatible") return settings.compatibleBaseUrl !== "";
  if (engine === "builtin") return true;
  const secret = ENGINE_SECRET[engine];
  return secret === null || secrets[secret] !== "";
}
