/** The AI provider emulators: mount `new GeminiEmulator().handle` / `new OpenAIEmulator().handle` / `new AnthropicEmulator().handle` on a server; `new LocalAiServer().listen()` serves itself over plain HTTP. */
export { GeminiEmulator, GEMINI_DEMO_KEY, GEMINI_EXHAUSTED_KEY, type GeminiEmulatorOptions } from "./gemini";
export { GEMINI_MODELS, type GeminiModel } from "./gemini-models";
export { OpenAIEmulator, OPENAI_DEMO_KEY, OPENAI_EXHAUSTED_KEY, type OpenAIEmulatorOptions } from "./openai";
export { OPENAI_MODELS, type OpenAIModel } from "./openai-models";
export { maskKey } from "./openai-errors";
export { AnthropicEmulator, ANTHROPIC_DEMO_KEY, ANTHROPIC_NO_CREDIT_KEY, BROWSER_ACCESS_HEADER, type AnthropicEmulatorOptions } from "./anthropic";
export { ANTHROPIC_MODELS, type AnthropicModel } from "./anthropic-models";
export { LocalAiServer, LM_STUDIO_MODELS, OLLAMA_DEFAULT_ORIGINS, OLLAMA_MODELS, type LocalAiServerOptions, type LocalServerMode } from "./local-server";
export type { EmulatorOptions, KeySpec } from "./core";
export type { InjectedError } from "./faults";
export type { KeyOptions, Quota } from "./keys";
export type { LogEntry, Outcome } from "./log";
export { defaultAnswer, type Answer, type AnswerRequest, type Matcher, type Refusal } from "./script";
export { exampleValue, type JsonValue, type StructuredOutput } from "./structured";
export { INSTANT_TIMING, REALISTIC_TIMING, type Timing } from "./timing";
export { tokenize, countTokens } from "./tokens";
