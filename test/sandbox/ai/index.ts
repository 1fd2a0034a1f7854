/** The AI provider emulators: mount `new GeminiEmulator().handle` / `new OpenAIEmulator().handle` on a server. */
export { GeminiEmulator, GEMINI_DEMO_KEY, GEMINI_EXHAUSTED_KEY, type GeminiEmulatorOptions } from "./gemini";
export { GEMINI_MODELS, type GeminiModel } from "./gemini-models";
export { OpenAIEmulator, OPENAI_DEMO_KEY, OPENAI_EXHAUSTED_KEY, type OpenAIEmulatorOptions } from "./openai";
export { OPENAI_MODELS, type OpenAIModel } from "./openai-models";
export { maskKey } from "./openai-errors";
export type { EmulatorOptions, KeySpec } from "./core";
export type { KeyOptions, Quota } from "./keys";
export type { LogEntry, Outcome } from "./log";
export { defaultAnswer, type Answer, type AnswerRequest, type Matcher } from "./script";
export { INSTANT_TIMING, REALISTIC_TIMING, type Timing } from "./timing";
export { tokenize, countTokens } from "./tokens";
