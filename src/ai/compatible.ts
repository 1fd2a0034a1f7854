import OpenAI from "openai";
import { classifyAiError } from "../core/ai-errors";
import { InkwellError, isAbortError } from "../core/errors";
import { redactSecrets } from "../core/redact";
import type { AiEngine, EngineConfig, GenerationEvent, GenerationRequest, ModelInfo } from "./engine";
import { interruptedError } from "./interrupted";
import { chatResponseFormat, fromChatStream, fromResponsesStream, responsesRequest, type StreamProgress } from "./openai-streams";
import { displayAddress, hostPermissionPattern, originBlockedMessage, withoutCredentials } from "../core/server-origin";
import { mentionsSchema, serverSchemaUnsupportedError, shorten } from "./structured-output";

/** Ollama rejects an empty key string; any non-empty one works (and local servers ignore it). */
export const PLACEHOLDER_KEY = "inkwell";

/** Embedding models can't write a page (Ollama and LM Studio list them next to chat models). */
const NON_TEXT_MODEL = /embed|whisper|tts|rerank/i;

const NAME = "The model server";

type Api = "responses" | "chat";

/**
 * Which API each server speaks, learned on the first generation and kept for
 * the worker's lifetime: asking a Chat-only server for /responses every time
 * would cost a round trip per generation (and per database row).
 */
const apiByBaseUrl = new Map<string, Api>();

/** Forgets what was learned about servers (a server may be upgraded while the worker lives; tests start afresh). */
export function forgetServerApis(): void {
  apiByBaseUrl.clear();
}

/**
 * Any OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp…) at a
 * user-given base URL, through the official openai SDK. Generation uses the
 * Responses API where the server has it and Chat Completions otherwise.
 */
export class CompatibleEngine implements AiEngine {
  readonly id = "compatible" as const;
  private readonly client: OpenAI;
  private readonly baseUrl: string;
  /** The address as messages show it: never with a user name or password (messages reach the error log and Notion). */
  private readonly shownAddress: string;

  constructor(private readonly config: EngineConfig) {
    if (!config.baseUrl) throw new InkwellError("not_configured", "Add your server's address in Settings → AI engine first (for Ollama: http://localhost:11434/v1).");
    this.baseUrl = config.baseUrl;
    this.shownAddress = displayAddress(config.baseUrl);
    this.client = new OpenAI({
      apiKey: config.apiKey || PLACEHOLDER_KEY,
      baseURL: config.baseUrl,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      // Required in a service worker since openai 7.5; the key never leaves this worker.
      dangerouslyAllowBrowser: true,
      // Same policy as the other engines: Inkwell's job runner decides about retries.
      maxRetries: 0,
      // The SDK logs requests (headers included) at its log level, which OPENAI_LOG can raise: never.
      logLevel: "off",
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    await this.ensurePermission();
    try {
      const models: ModelInfo[] = [];
      for await (const model of this.client.models.list(signal ? { signal } : undefined)) {
        if (!NON_TEXT_MODEL.test(model.id)) models.push({ id: model.id, label: model.id });
      }
      return models.sort((a, b) => a.id.localeCompare(b.id));
    } catch (error) {
      if (error instanceof OpenAI.APIError && error.status === 404) {
        throw new InkwellError("not_configured", `${this.shownAddress} doesn't look like an OpenAI-compatible API (no /models there). Check the address: it usually ends in /v1.`);
      }
      throw this.toError(error);
    }
  }

  async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
    if (!request.model) throw new InkwellError("not_configured", "Choose a model for your server in Settings → AI engine (Check server lists them).");
    await this.ensurePermission();
    const progress: StreamProgress = { received: 0 };
    try {
      if (apiByBaseUrl.get(this.baseUrl) !== "chat") {
        const responses = await this.openResponses(request);
        if (typeof responses !== "string") {
          apiByBaseUrl.set(this.baseUrl, "responses");
          yield* fromResponsesStream(responses, progress, "compatible", NAME);
          return;
        }
        // A server whose Responses API can't take the schema may still take it through Chat Completions (Ollama does): try that, this time only.
        if (responses === "missing") apiByBaseUrl.set(this.baseUrl, "chat");
      }
      const chat = await this.client.chat.completions.create(
        {
          model: request.model,
          messages: [
            ...(request.systemInstruction ? [{ role: "system" as const, content: request.systemInstruction }] : []),
            { role: "user" as const, content: request.prompt },
          ],
          stream: true,
          stream_options: { include_usage: true },
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? { max_tokens: request.maxOutputTokens } : {}),
          ...chatResponseFormat(request),
        },
        request.signal ? { signal: request.signal } : undefined,
      );
      yield* fromChatStream(chat, progress, NAME);
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error) || error instanceof OpenAI.APIUserAbortError) throw new InkwellError("cancelled", "Cancelled.");
      if (error instanceof InkwellError) throw error;
      if (progress.received > 0 && !(error instanceof OpenAI.APIError && error.status)) throw interruptedError(NAME, progress.received, error);
      if (error instanceof OpenAI.APIError && error.status === 403) throw await this.explainForbidden(error);
      if (request.output && isSchemaRefusal(error)) {
        throw serverSchemaUnsupportedError(this.shownAddress, serverMessage(error as InstanceType<typeof OpenAI.APIError>, this.secrets), this.secrets);
      }
      throw this.toError(error, request.model);
    }
  }

  /**
   * The Responses stream; "missing" when this server has no Responses API, or
   * "no_schema" when it refused the structured-output request there (the
   * caller then uses Chat Completions).
   */
  private async openResponses(request: GenerationRequest) {
    try {
      return await this.client.responses.create(
        responsesRequest(request),
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (error) {
      if (request.output && isSchemaRefusal(error)) return "no_schema" as const;
      if (isMissingEndpoint(error)) return "missing" as const;
      throw error;
    }
  }

  /**
   * Before any request: a user-given server's host needs a permission, asked
   * for in Settings. The message says how to get there even when the server is
   * only a connection's override (Check server shows once it is the chosen engine).
   */
  private async ensurePermission(): Promise<void> {
    if (!this.config.hasHostPermission) return;
    // An origin never carries a user name or password.
    const origin = new URL(this.baseUrl).origin;
    const pattern = hostPermissionPattern(this.baseUrl);
    if (!pattern || !(await this.config.hasHostPermission(pattern))) {
      throw new InkwellError(
        "ai_permission_needed",
        `Inkwell isn't allowed to reach ${origin} yet. In Settings → AI engine, choose OpenAI-compatible server and press Check server, then allow access when the browser asks (if it isn't your default engine, you can switch back afterwards).`,
      );
    }
  }

  /**
   * A POST refused with 403 while GET /models answers is Ollama's origin check
   * (it rejects chrome-extension:// origins unless OLLAMA_ORIGINS allows them).
   * Otherwise a 403 is the server refusing the key.
   */
  private async explainForbidden(error: InstanceType<typeof OpenAI.APIError>): Promise<InkwellError> {
    try {
      await this.client.models.list();
      return new InkwellError("ai_origin_blocked", originBlockedMessage(this.config.extensionOrigin));
    } catch {
      return this.toError(error);
    }
  }

  /** This server's key (any format: a local server's own token), kept out of quoted server words. */
  private get secrets(): readonly string[] {
    return this.config.apiKey ? [this.config.apiKey] : [];
  }

  private toError(error: unknown, model?: string): InkwellError {
    if (error instanceof OpenAI.APIConnectionError) {
      return new InkwellError("ai_unavailable", `Nothing answered at ${this.shownAddress}. Is the server running?`, { retryable: true });
    }
    if (error instanceof OpenAI.APIError && error.status) {
      const code = typeof error.code === "string" ? error.code : typeof error.type === "string" ? error.type : undefined;
      const message = serverMessage(error, this.secrets);
      return classifyAiError({
        provider: "compatible",
        status: error.status,
        ...(code ? { code } : {}),
        ...(message ? { message } : {}),
        ...(model ? { model } : {}),
      });
    }
    if (error instanceof TypeError) return new InkwellError("ai_unavailable", `Nothing answered at ${this.shownAddress}. Is the server running?`, { retryable: true });
    // A browser's own error may quote the URL it refused, credentials and all.
    return new InkwellError("internal", `The model server's request failed: ${withoutCredentials(error instanceof Error ? error.message : String(error))}`);
  }
}

/**
 * The server's own words from an error body ({ error: { message } } or
 * { error: "…" }), if it sent any, at most 300 characters. A server may echo
 * the request, key included: `secrets` are scrubbed before the cut, since a
 * key cut in half is no longer recognised as one.
 */
function serverMessage(error: InstanceType<typeof OpenAI.APIError>, secrets: readonly string[] = []): string | undefined {
  const body = error.error as { message?: unknown; error?: unknown } | string | undefined;
  const text = typeof body === "string" ? body : typeof body?.message === "string" ? body.message : typeof body?.error === "string" ? body.error : undefined;
  return text ? shorten(redactSecrets(text, secrets), 300) || undefined : undefined;
}

/** A 400/422 (or 501) whose words are about the answer format: the server can't, or won't, constrain output to this schema. */
function isSchemaRefusal(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || !(error.status === 400 || error.status === 422 || error.status === 501)) return false;
  return mentionsSchema(`${serverMessage(error) ?? ""} ${error.param ?? ""} ${error.code ?? ""}`);
}

/**
 * Whether a failed /responses call means "this server has no Responses API":
 * 404/405/501, or a 400 whose body says the route is unknown. A 404 that names
 * a model is the model missing, not the endpoint (Ollama answers so).
 */
function isMissingEndpoint(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || !error.status) return false;
  const text = `${serverMessage(error) ?? ""} ${error.code ?? ""}`;
  if (error.status === 405 || error.status === 501) return true;
  if (error.status === 404) return !/model/i.test(text);
  if (error.status === 400) return /not found|unsupported|not supported|unknown (url|route|endpoint|path)|unexpected endpoint|no route/i.test(text);
  return false;
}
