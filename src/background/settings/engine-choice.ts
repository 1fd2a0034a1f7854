import browser from "webextension-polyfill";
import type { AiEngine } from "../../ai/engine";
import { createEngine, ENGINE_NAMES, engineConfigFrom } from "../../ai/engines";
import { InkwellError } from "../../core/errors";
import { ENGINE_SECRET, type Connection, type EngineId, type StoredSecrets, type StoredSettings } from "../../shared/storage/schema";
import { engineReady } from "../../shared/engine-ready";
import { normaliseBaseUrl } from "./settings";

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
  if (!engineReady(settings, (name) => secrets[name] !== "", engine)) throw notSetUp(engine, connection.engine !== undefined);
  return { engine, model: connection.model?.trim() || settings.models[engine] };
}

/**
 * Says exactly how to set an engine up. Settings only shows the fields of the
 * engine chosen there, so an engine used only as a connection's override is set
 * up by choosing it, saving, and switching the default back.
 */
function notSetUp(engine: EngineId, isOverride: boolean): InkwellError {
  const name = ENGINE_NAMES[engine];
  const what = engine === "compatible" ? "type its server address (for Ollama: http://localhost:11434/v1), press Check server and allow access" : "paste its API key";
  const steps = `In Settings → AI engine, choose ${name}, ${what}, and press Save`;
  if (!isOverride) return new InkwellError("not_configured", `${name} isn't set up yet. ${steps}.`);
  return new InkwellError(
    "not_configured",
    `This connection uses ${name}, which isn't set up yet. ${steps} (you can switch the default engine back afterwards), or choose another engine for this connection.`,
  );
}

/**
 * An engine as the worker uses it: with this extension's origin (for Ollama's
 * OLLAMA_ORIGINS advice) and the host-permission check for a user-given server.
 */
export function workerEngine(engine: EngineId, settings: StoredSettings, secrets: StoredSecrets, overrides: { baseUrl?: string; apiKey?: string } = {}): AiEngine {
  const config = engineConfigFrom(engine, settings, secrets);
  // A stored key goes only to its own engine's host: only the OpenAI-compatible engine takes an address,
  // and its stored key goes only to the saved server (another address gets only a key typed for it).
  const baseUrl = engine === "compatible" ? overrides.baseUrl || config.baseUrl : undefined;
  const otherServer = engine === "compatible" && baseUrl !== settings.compatibleBaseUrl;
  const apiKey = overrides.apiKey || (otherServer ? "" : config.apiKey);
  return createEngine(engine, {
    apiKey,
    ...(baseUrl ? { baseUrl } : {}),
    extensionOrigin: browser.runtime.getURL("").replace(/\/+$/, ""),
    hasHostPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  });
}

/**
 * The engine Settings asks for its models (and so checks a key or a server
 * with): a key typed in the form, else the stored one; for the OpenAI-compatible
 * engine, an address typed in the form, else the saved one. Refuses when the key
 * or the address is missing. workerEngine then decides which key may go where.
 */
export function engineForModelList(engine: EngineId, settings: StoredSettings, secrets: StoredSecrets, typed: { apiKey?: string; baseUrl?: string }): AiEngine {
  const secretName = ENGINE_SECRET[engine];
  const apiKey = typed.apiKey?.trim() ?? "";
  const key = apiKey || (secretName ? secrets[secretName] : "");
  // A local server needs no key; every other keyed engine does.
  if (!key && secretName && engine !== "compatible") throw new InkwellError("not_configured", "Paste the API key first.");
  const server = engine === "compatible" && typed.baseUrl?.trim() ? normaliseBaseUrl(typed.baseUrl) : undefined;
  if (engine === "compatible" && !server && !settings.compatibleBaseUrl) {
    throw new InkwellError("not_configured", "Type your server's address first, e.g. http://localhost:11434/v1 for Ollama.");
  }
  return workerEngine(engine, settings, secrets, { ...(apiKey ? { apiKey } : {}), ...(server ? { baseUrl: server } : {}) });
}
