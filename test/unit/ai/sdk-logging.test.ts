/** The AI SDKs' own logging is off: their debug logs print requests, headers included, and an environment variable can turn them on. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AnthropicEngine } from "../../../src/ai/anthropic";
import { CompatibleEngine } from "../../../src/ai/compatible";
import type { AiEngine, EngineConfig } from "../../../src/ai/engine";
import { GeminiEngine } from "../../../src/ai/gemini";
import { OpenAIEngine } from "../../../src/ai/openai";
import { fakeFetch, json } from "./fake-fetch";

const KEY = "sk-loggedKeyWouldShowHere0123456789";

describe("AI SDK logging", () => {
  beforeEach(() => {
    vi.stubEnv("OPENAI_LOG", "debug");
    vi.stubEnv("ANTHROPIC_LOG", "debug");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const engines: Record<string, (config: EngineConfig) => AiEngine> = {
    openai: (config) => new OpenAIEngine(config),
    anthropic: (config) => new AnthropicEngine(config),
    compatible: (config) => new CompatibleEngine({ ...config, baseUrl: "http://localhost:11434/v1", hasHostPermission: async () => true }),
    gemini: (config) => new GeminiEngine(config),
  };

  it.each(Object.keys(engines))("%s writes nothing to the console, even with its debug log asked for", async (name) => {
    const calls: unknown[][] = [];
    for (const method of ["log", "debug", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void calls.push(args));
    }
    const { fetch } = fakeFetch(() => json(200, { object: "list", data: [], models: [] }));
    vi.stubGlobal("fetch", fetch);
    await engines[name]!({ apiKey: KEY, fetch }).listModels().catch(() => undefined);
    vi.unstubAllGlobals();
    expect(calls).toEqual([]);
  });
});
