import type { EngineId } from "../shared/storage/schema";

/** Human names, for messages and the engine lists. Its own module so pages can import it without any SDK. */
export const ENGINE_NAMES: Record<EngineId, string> = {
  gemini: "Google Gemini",
  openai: "OpenAI",
  anthropic: "Claude (Anthropic)",
  compatible: "OpenAI-compatible server",
  builtin: "Chrome built-in AI",
};
