import Anthropic from "@anthropic-ai/sdk";
import { classifyAiError } from "../core/ai-errors";
import { InkwellError, isAbortError, isOfflineError } from "../core/errors";
import type { AiEngine, EngineConfig, FinishReason, GenerationEvent, GenerationRequest, ModelInfo } from "./engine";
import { interruptedError } from "./interrupted";
import { mentionsSchema, refusedError, schemaForClaude, schemaRejectedError } from "./structured-output";

/**
 * Anthropic's Messages API requires max_tokens on every request (the other
 * providers default it). 8192 fits a long page, is accepted by every current
 * Claude model, and a connection's "Maximum length" overrides it.
 */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

/** Claude accepts temperatures from 0 to 1; Inkwell's field runs to 2 (OpenAI's scale). */
const MAX_TEMPERATURE = 1;

/** Anthropic's Claude through @anthropic-ai/sdk (Messages API, streamed). */
export class AnthropicEngine implements AiEngine {
  readonly id = "anthropic" as const;
  private readonly client: Anthropic;

  constructor(config: EngineConfig) {
    this.client = new Anthropic({
      apiKey: config.apiKey,
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
      // Sends anthropic-dangerous-direct-browser-access: the call comes from this worker, with the user's own key.
      dangerouslyAllowBrowser: true,
      // Same policy as the other engines: Inkwell's job runner decides about retries (credit errors must not be retried).
      maxRetries: 0,
      // The SDK logs requests (headers included) at its log level, which an environment variable can raise: never.
      logLevel: "off",
      // No tracing in an extension.
      openTelemetry: false,
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      const models: ModelInfo[] = [];
      for await (const model of this.client.models.list({ limit: 100 }, signal ? { signal } : undefined)) {
        models.push({ id: model.id, label: model.display_name ? `${model.display_name} (${model.id})` : model.id });
      }
      return models;
    } catch (error) {
      throw toAnthropicError(error);
    }
  }

  async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
    let received = 0;
    try {
      const stream = await this.client.messages.create(
        {
          model: request.model,
          max_tokens: request.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
          messages: [{ role: "user", content: request.prompt }],
          stream: true,
          ...(request.systemInstruction ? { system: request.systemInstruction } : {}),
          ...(request.temperature !== undefined ? { temperature: Math.min(MAX_TEMPERATURE, request.temperature) } : {}),
          // Claude's native JSON output: the answer streams as ordinary text deltas, constrained to the schema.
          ...(request.output ? { output_config: { format: { type: "json_schema" as const, schema: { ...schemaForClaude(request.output.schema) } } } } : {}),
        },
        request.signal ? { signal: request.signal } : undefined,
      );
      let inputTokens = 0;
      let outputTokens = 0;
      let finish: FinishReason = "other";
      for await (const event of stream) {
        // Events already buffered would still be read after an abort; stop at once instead.
        if (request.signal?.aborted) throw new InkwellError("cancelled", "Cancelled.");
        if (event.type === "message_start") {
          inputTokens = event.message.usage.input_tokens;
          outputTokens = event.message.usage.output_tokens;
        } else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
          received += event.delta.text.length;
          yield { type: "text", text: event.delta.text };
        } else if (event.type === "message_delta") {
          // message_delta's usage is cumulative.
          outputTokens = event.usage.output_tokens ?? outputTokens;
          inputTokens = event.usage.input_tokens ?? inputTokens;
          if (event.delta.stop_reason === "refusal") throw refusedError("Claude", event.delta.stop_details?.explanation, received);
          finish = toFinish(event.delta.stop_reason);
        } else if (event.type === "message_stop") {
          yield { type: "done", usage: { inputTokens, outputTokens }, finish };
          return;
        }
      }
      // A complete stream always ends with message_stop.
      throw interruptedError("Claude", received);
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error) || error instanceof Anthropic.APIUserAbortError) throw new InkwellError("cancelled", "Cancelled.");
      if (error instanceof InkwellError) throw error;
      // An error event mid-answer (no HTTP status): keep what arrived, as partial.
      if (received > 0 && !(error instanceof Anthropic.APIError && error.status)) throw interruptedError("Claude", received, error);
      if (request.output && error instanceof Anthropic.APIError && error.status === 400 && mentionsSchema(error.apiMessage ?? "")) {
        throw schemaRejectedError("Claude", error.apiMessage);
      }
      throw toAnthropicError(error, request.model);
    }
  }
}

function toFinish(reason: string | null | undefined): FinishReason {
  if (reason === "end_turn" || reason === "stop_sequence") return "stop";
  if (reason === "max_tokens" || reason === "model_context_window_exceeded") return "length";
  return "other";
}

/** Anthropic's error bodies are { type: "error", error: { type, message } }; the SDK exposes both as `type` and `apiMessage`. */
function toAnthropicError(error: unknown, model?: string): InkwellError {
  if (error instanceof Anthropic.APIConnectionError || isOfflineError(error)) {
    return new InkwellError("offline", "Can't reach Claude (api.anthropic.com). Check your internet connection and try again.", { retryable: true });
  }
  if (error instanceof Anthropic.APIError) {
    const retryAfter = Number(error.headers?.get?.("retry-after"));
    const code = error.type ?? undefined;
    const message = error.apiMessage ?? undefined;
    return classifyAiError({
      provider: "anthropic",
      ...(error.status ? { status: error.status } : {}),
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      ...(model ? { model } : {}),
    });
  }
  if (isAbortError(error)) return new InkwellError("cancelled", "Cancelled.");
  return new InkwellError("internal", `Claude request failed: ${error instanceof Error ? error.message : String(error)}`);
}
