import OpenAI from "openai";
import { classifyAiError } from "../core/ai-errors";
import { InkwellError, isAbortError, isOfflineError } from "../core/errors";
import type { AiEngine, EngineConfig, GenerationEvent, GenerationRequest, ModelInfo } from "./engine";
import { interruptedError } from "./interrupted";
import { fromResponsesStream, responsesRequest, type StreamProgress } from "./openai-streams";

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
      throw toOpenAIError(error, request.model);
    }
  }
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
