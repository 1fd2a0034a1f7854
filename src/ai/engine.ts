/**
 * The one streaming interface every AI engine implements. Page and database
 * jobs only ever see this, so adding an engine never touches them.
 */
import type { ModelInfo } from "../shared/protocol/types";
import type { EngineId } from "../shared/storage/schema";
import type { JsonSchema } from "../core/typed-output";

/**
 * Asks for one JSON object that matches `schema` instead of free text. The
 * engine sends it in its provider's structured-output form (Gemini's response
 * JSON schema, OpenAI's `json_schema`, a Claude tool, `response_format` on a
 * compatible server, `responseConstraint` for Chrome's built-in model) and
 * streams the JSON text as ordinary "text" events. A model that refuses throws
 * InkwellError "ai_refused"; an engine or server that can't constrain its
 * output throws "ai_unsupported" saying so. The caller validates the JSON
 * anyway: a schema is a request, not a guarantee.
 */
export interface StructuredOutputRequest {
  /** A short identifier for the schema (OpenAI and Claude require one): letters, digits, _ and -. */
  name: string;
  schema: JsonSchema;
}

export interface GenerationRequest {
  model: string;
  prompt: string;
  systemInstruction?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Absent: free text (Markdown). */
  output?: StructuredOutputRequest;
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

/** The wire type: Settings' model list shows exactly what an engine lists. */
export type { ModelInfo };

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
