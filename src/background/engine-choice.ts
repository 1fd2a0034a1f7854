import browser from "webextension-polyfill";
import type { AiEngine } from "../ai/engine";
import { createEngine, ENGINE_NAMES, engineConfigFrom } from "../ai/engines";
import { InkwellError } from "../core/errors";
import type { Connection, EngineId, StoredSecrets, StoredSettings } from "../shared/storage/schema";
import { engineReady } from "../shared/engine-ready";

export interface EngineChoice {
  engine: EngineId;
  model: string;
}

/**
 * The engine and model a run of this connection uses: the connection's own
 * override, else Settings' default. Refuses, naming the engine, when that
 * engine isn't set up, so that nothing is saved as a run that can't start.
 */
export function chooseEngine(connection: Pick<Connection, "engine" | "model">, settings: StoredSettings, secrets: StoredSecrets): EngineChoice {
  const engine = connection.engine ?? settings.engine;
  if (!engineReady(settings, secrets, engine)) {
    const what = engine === "compatible" ? "its server address" : "its API key";
    const whose = connection.engine ? `This connection uses ${ENGINE_NAMES[engine]}, which isn't set up yet` : `${ENGINE_NAMES[engine]} isn't set up yet`;
    throw new InkwellError("not_configured", `${whose}: add ${what} in Settings → AI engine${connection.engine ? ", or choose another engine for this connection" : ""}.`);
  }
  return { engine, model: connection.model?.trim() || settings.models[engine] };
}

/**
 * An engine as the worker uses it: with this extension's origin (for Ollama's
 * OLLAMA_ORIGINS advice) and the host-permission check for a user-given server.
 */
export function workerEngine(engine: EngineId, settings: StoredSettings, secrets: StoredSecrets, overrides: { baseUrl?: string; apiKey?: string } = {}): AiEngine {
  const config = engineConfigFrom(engine, settings, secrets);
  return createEngine(engine, {
    ...config,
    ...(overrides.apiKey ? { apiKey: overrides.apiKey } : {}),
    ...(overrides.baseUrl ? { baseUrl: overrides.baseUrl } : {}),
    extensionOrigin: browser.runtime.getURL("").replace(/\/+$/, ""),
    hasHostPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  });
}
