import { ENGINE_NAMES } from "../../../shared/engines";
import type { EngineId } from "../../../shared/storage/schema";

export interface KeyInfo {
  label: string;
  id: string;
  url: string;
  linkText: string;
  placeholder: string;
}

/** Where each keyed engine's key is made. The local server's key is optional and has no page; the built-in model needs none. */
export const ENGINE_KEYS: Partial<Record<EngineId, KeyInfo>> = {
  gemini: { label: "Gemini API key", id: "gemini-key", url: "https://aistudio.google.com/apikey", linkText: "Get a Gemini API key", placeholder: "AIza…" },
  openai: { label: "OpenAI API key", id: "openai-key", url: "https://platform.openai.com/api-keys", linkText: "Get an OpenAI API key", placeholder: "sk-…" },
  anthropic: {
    label: "Anthropic API key",
    id: "anthropic-key",
    url: "https://console.anthropic.com/settings/keys",
    linkText: "Get an Anthropic API key",
    placeholder: "sk-ant-…",
  },
};

/** The names the engine lists show; longer than ENGINE_NAMES where a hint helps choosing. */
export const ENGINE_LABELS: Record<EngineId, string> = {
  ...ENGINE_NAMES,
  compatible: "OpenAI-compatible server (Ollama, LM Studio…)",
  builtin: "Chrome built-in AI (on this device)",
};
