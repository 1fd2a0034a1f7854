import { ApiError, GoogleGenAI } from "@google/genai";
import { classifyAiError, parseRetryDelay } from "../core/ai-errors";
import { InkwellError, isAbortError, isOfflineError } from "../core/errors";
import type { AiEngine, EngineConfig, FinishReason, GenerationEvent, GenerationRequest, ModelInfo } from "./engine";
import { interruptedError } from "./interrupted";
import { mentionsSchema, refusedError, schemaRejectedError } from "./structured-output";

/** Finish reasons that mean the answer was withheld: reported as a refusal, not as a short answer. */
const REFUSAL_FINISH = new Set(["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"]);

/** Google Gemini through @google/genai (the maintained successor of @google/generative-ai). */
export class GeminiEngine implements AiEngine {
  readonly id = "gemini" as const;
  private readonly client: GoogleGenAI;

  constructor(config: EngineConfig) {
    this.client = new GoogleGenAI({ apiKey: config.apiKey, ...(config.baseUrl ? { httpOptions: { baseUrl: config.baseUrl } } : {}) });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      const models: ModelInfo[] = [];
      const pager = await this.client.models.list({ config: { pageSize: 100, ...(signal ? { abortSignal: signal } : {}) } });
      for await (const model of pager) {
        const actions = model.supportedActions ?? [];
        if (!model.name || (actions.length > 0 && !actions.includes("generateContent"))) continue;
        const id = model.name.replace(/^models\//, "");
        models.push({ id, label: model.displayName ? `${model.displayName} (${id})` : id });
      }
      return models;
    } catch (error) {
      throw toGeminiError(error);
    }
  }

  async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
    let received = 0;
    try {
      const stream = await this.client.models.generateContentStream({
        model: request.model,
        contents: [{ role: "user", parts: [{ text: request.prompt }] }],
        config: {
          ...(request.systemInstruction ? { systemInstruction: request.systemInstruction } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
          ...(request.signal ? { abortSignal: request.signal } : {}),
          // responseJsonSchema (not responseSchema, an OpenAPI subset) is the field that takes type arrays with "null".
          ...(request.output ? { responseMimeType: "application/json", responseJsonSchema: request.output.schema } : {}),
        },
      });
      let finish: FinishReason | undefined;
      let usage: { inputTokens: number; outputTokens: number } | null = null;
      for await (const chunk of stream) {
        // A blocked prompt gets one chunk with promptFeedback and no candidates.
        const blocked = chunk.promptFeedback?.blockReason;
        if (blocked) throw refusedError("Gemini", chunk.promptFeedback?.blockReasonMessage ?? `blocked: ${blocked.toLowerCase().replace(/_/g, " ")}`);
        const text = chunk.text;
        if (text) {
          received += text.length;
          yield { type: "text", text };
        }
        const candidate = chunk.candidates?.[0];
        if (candidate?.finishReason && REFUSAL_FINISH.has(candidate.finishReason)) {
          throw refusedError("Gemini", candidate.finishMessage ?? `stopped for ${candidate.finishReason.toLowerCase().replace(/_/g, " ")}`, received);
        }
        if (candidate?.finishReason) finish = candidate.finishReason === "STOP" ? "stop" : candidate.finishReason === "MAX_TOKENS" ? "length" : "other";
        if (chunk.usageMetadata) {
          usage = { inputTokens: chunk.usageMetadata.promptTokenCount ?? 0, outputTokens: chunk.usageMetadata.candidatesTokenCount ?? 0 };
        }
      }
      // Gemini always ends a complete stream with a finishReason; its absence means the connection ended early.
      if (!finish) throw interruptedError("Gemini", received);
      yield { type: "done", usage, finish };
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error)) throw new InkwellError("cancelled", "Cancelled.");
      if (error instanceof InkwellError) throw error;
      if (received > 0 && !(error instanceof ApiError)) throw interruptedError("Gemini", received, error);
      if (request.output) {
        const rejected = schemaRejection(error);
        if (rejected !== undefined) throw schemaRejectedError("Gemini", rejected);
      }
      throw toGeminiError(error, request.model);
    }
  }
}

/** Gemini's words when a 400 INVALID_ARGUMENT is about the response schema (a bad key is a 400 too, told apart by its API_KEY_INVALID reason). */
function schemaRejection(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const message = parseJson(error.message)?.error?.message;
  return typeof message === "string" && mentionsSchema(message) && !/API_KEY_INVALID/.test(error.message) ? message : undefined;
}

/** ApiError.message holds the JSON error body: { error: { code, message, status, details } }. */
function toGeminiError(error: unknown, model?: string): InkwellError {
  if (error instanceof ApiError) {
    const body = parseJson(error.message);
    const details = Array.isArray(body?.error?.details) ? (body.error.details as Record<string, unknown>[]) : [];
    const reasons = details.map((detail) => detail.reason).filter((reason): reason is string => typeof reason === "string");
    const retryDelay = details.map((detail) => parseRetryDelay(detail.retryDelay)).find((value) => value !== undefined);
    const quotaIds = details
      .flatMap((detail) => (Array.isArray(detail.violations) ? (detail.violations as Record<string, unknown>[]) : []))
      .map((violation) => violation.quotaId)
      .filter((id): id is string => typeof id === "string");
    return classifyAiError({
      provider: "gemini",
      status: error.status,
      ...(typeof body?.error?.status === "string" ? { code: body.error.status } : {}),
      reasons,
      ...(quotaIds.length > 0 ? { quotaIds } : {}),
      ...(retryDelay !== undefined ? { retryAfterSeconds: retryDelay } : {}),
      ...(model ? { model } : {}),
    });
  }
  if (isOfflineError(error)) return new InkwellError("offline", "Can't reach Gemini. Check your internet connection and try again.", { retryable: true });
  if (isAbortError(error)) return new InkwellError("cancelled", "Cancelled.");
  return new InkwellError("internal", `Gemini request failed: ${error instanceof Error ? error.message : String(error)}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untrusted JSON body, inspected field by field
function parseJson(text: string): any {
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}
