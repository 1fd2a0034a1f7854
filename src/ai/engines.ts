import { ENGINE_SECRET, type EngineId, type StoredSecrets, type StoredSettings } from "../shared/storage/schema";
import { AnthropicEngine } from "./anthropic";
import { BuiltinEngine } from "./builtin";
import { CompatibleEngine } from "./compatible";
import type { AiEngine, EngineConfig } from "./engine";
import { GeminiEngine } from "./gemini";
export { ENGINE_NAMES } from "../shared/engines";
import { OpenAIEngine } from "./openai";

/** Builds the engine for a provider id. The only place that knows every engine. */
export function createEngine(id: EngineId, config: EngineConfig): AiEngine {
  switch (id) {
    case "gemini":
      return new GeminiEngine(config);
    case "openai":
      return new OpenAIEngine(config);
    case "anthropic":
      return new AnthropicEngine(config);
    case "compatible":
      return new CompatibleEngine(config);
    case "builtin":
      return new BuiltinEngine(config);
  }
}

/** What an engine needs from Settings: its key and, for a local server, the base URL. */
export function engineConfigFrom(engine: EngineId, settings: StoredSettings, secrets: StoredSecrets): EngineConfig {
  const secret = ENGINE_SECRET[engine];
  return {
    apiKey: secret ? secrets[secret] : "",
    ...(engine === "compatible" && settings.compatibleBaseUrl ? { baseUrl: settings.compatibleBaseUrl } : {}),
  };
}
