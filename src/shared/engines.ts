import type { EngineId } from "./storage/schema";

/** The engines' human names, for messages and the engine lists (pages import it: no SDK here). */
export const ENGINE_NAMES: Record<EngineId, string> = {
  gemini: "Google Gemini",
  openai: "OpenAI",
  anthropic: "Claude (Anthropic)",
  compatible: "OpenAI-compatible server",
  builtin: "Chrome built-in AI",
};
