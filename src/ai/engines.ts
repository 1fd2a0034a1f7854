import { InkwellError } from "../core/errors";
import type { EngineId } from "../shared/storage/schema";
import type { AiEngine, EngineConfig } from "./engine";
import { GeminiEngine } from "./gemini";
import { OpenAIEngine } from "./openai";

/** Builds the engine for a provider id. The only place that knows every engine. */
export function createEngine(id: EngineId, config: EngineConfig): AiEngine {
  switch (id) {
    case "gemini":
      return new GeminiEngine(config);
    case "openai":
      return new OpenAIEngine(config);
    default:
      throw new InkwellError("not_configured", `The ${id} engine isn't available in this build yet.`);
  }
}
