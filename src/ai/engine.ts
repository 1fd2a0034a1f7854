/**
 * The one streaming interface every AI engine implements. Page and database
 * jobs only ever see this, so adding an engine never touches them.
 */
import type { EngineId } from "../shared/storage/schema";

export interface GenerationRequest {
  model: string;
  prompt: string;
  systemInstruction?: string;
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = "stop" | "length" | "other";

export type GenerationEvent =
  | { type: "text"; text: string }
  | { type: "done"; usage: TokenUsage | null; finish: FinishReason };

export interface ModelInfo {
  id: string;
  label: string;
}

export interface AiEngine {
  readonly id: EngineId;
  /** Models this key can generate text with, most useful first. */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Streams text deltas, then exactly one "done" event. Throws InkwellError on failure. */
  stream(request: GenerationRequest): AsyncIterable<GenerationEvent>;
}

export interface EngineConfig {
  apiKey: string;
  /** Only for non-default endpoints; production uses each SDK's default. The OpenAI-compatible engine requires it. */
  baseUrl?: string;
  /** Tests hand the SDKs a fetch with canned answers; production uses the global one. */
  fetch?: typeof globalThis.fetch;
  /** This extension's origin (e.g. chrome-extension://<id>), for advice such as Ollama's OLLAMA_ORIGINS. */
  extensionOrigin?: string;
  /** Whether the extension holds the host permission for an origin pattern (a user-given server needs one). */
  hasHostPermission?: (originPattern: string) => Promise<boolean>;
}
