import OpenAI from "openai";
import { classifyAiError } from "../core/ai-errors";
import { InkwellError, isAbortError, isOfflineError } from "../core/errors";
import type { AiEngine, EngineConfig, GenerationEvent, GenerationRequest, ModelInfo } from "./engine";
import { interruptedError } from "./interrupted";
import { fromResponsesStream, responsesRequest, type StreamProgress } from "./openai-streams";
import { mentionsSchema, schemaRejectedError } from "./structured-output";

/** Text models first; embeddings, audio, image and moderation models can't write a page. */
const NON_TEXT_MODEL = /embedding|whisper|tts|dall-e|image|moderation|audio|realtime|transcribe|search|sora/i;

/** OpenAI through the official SDK and its Responses API. */
export class OpenAIEngine implements AiEngine {
  readonly id = "openai" as const;
  private readonly client: OpenAI;

  constructor(config: EngineConfig) {
    this.client = new OpenAI({
      apiKey: config.apiKey,
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
      // Required in a service worker since openai 7.5; the key never leaves this worker.
      dangerouslyAllowBrowser: true,
      // Retries are decided by Inkwell's job runner (quota errors must not be retried at all).
      maxRetries: 0,
      // The SDK logs requests (headers included) at its log level, which OPENAI_LOG can raise: never.
      logLevel: "off",
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      const models: ModelInfo[] = [];
      for await (const model of this.client.models.list(signal ? { signal } : undefined)) {
        if (!NON_TEXT_MODEL.test(model.id)) models.push({ id: model.id, label: model.id });
      }
      return models.sort((a, b) => b.id.localeCompare(a.id));
    } catch (error) {
      throw toOpenAIError(error);
    }
  }

  async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
    const progress: StreamProgress = { received: 0 };
    try {
      const stream = await this.client.responses.create(
        responsesRequest(request),
        request.signal ? { signal: request.signal } : undefined,
      );
      yield* fromResponsesStream(stream, progress, "openai", "OpenAI");
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error) || error instanceof OpenAI.APIUserAbortError) throw new InkwellError("cancelled", "Cancelled.");
      if (error instanceof InkwellError) throw error;
      if (progress.received > 0 && !(error instanceof OpenAI.APIError && error.status)) throw interruptedError("OpenAI", progress.received, error);
      if (request.output && isSchemaRejection(error)) throw schemaRejectedError("OpenAI", apiMessage(error));
      throw toOpenAIError(error, request.model);
    }
  }
}

/** A 400 about the structured-output schema (strict mode's rules, too many enum values…): code invalid_json_schema, or a param under text.format. */
export function isSchemaRejection(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || (error.status !== 400 && error.status !== 422)) return false;
  const param = typeof error.param === "string" ? error.param : "";
  return error.code === "invalid_json_schema" || /^(text\.format|response_format)/.test(param) || mentionsSchema(apiMessage(error) ?? "");
}

/** The provider's own message from an error body ({ error: { message } }), without the SDK's status prefix. */
export function apiMessage(error: unknown): string | undefined {
  if (!(error instanceof OpenAI.APIError)) return undefined;
  const body = error.error as { message?: unknown } | string | undefined;
  if (typeof body === "string") return body || undefined;
  return typeof body?.message === "string" ? body.message : undefined;
}

function toOpenAIError(error: unknown, model?: string): InkwellError {
  if (error instanceof OpenAI.APIConnectionError) {
    return new InkwellError("offline", "Can't reach OpenAI. Check your internet connection and try again.", { retryable: true });
  }
  if (error instanceof OpenAI.APIError && error.status) {
    const retryAfter = Number(error.headers?.get?.("retry-after"));
    return classifyAiError({
      provider: "openai",
      status: error.status,
      ...(typeof error.code === "string" ? { code: error.code } : typeof error.type === "string" ? { code: error.type } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      ...(model ? { model } : {}),
    });
  }
  if (isOfflineError(error)) return new InkwellError("offline", "Can't reach OpenAI. Check your internet connection and try again.", { retryable: true });
  return new InkwellError("internal", `OpenAI request failed: ${error instanceof Error ? error.message : String(error)}`);
}
