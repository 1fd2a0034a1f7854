import { sendJson } from "../http";
import { AiEmulator, type Call, type EmulatorOptions, type KeySpec } from "./core";
import type { Fault } from "./faults";
import type { Generation } from "./generation";
import { ChatBuilder } from "./openai-chat";
import * as errors from "./openai-errors";
import { OPENAI_MODELS, modelResource, type OpenAIModel } from "./openai-models";
import { ResponseBuilder, type ResponsesBody } from "./openai-responses";
import type { InjectedError } from "./faults";
import type { KeyCheck } from "./keys";
import { readJsonSchemaFormat } from "./openai-schema";
import type { AnswerRequest, Provider } from "./script";
import { SseWriter } from "./sse";
import type { StructuredOutput } from "./structured";

/**
 * Emulates api.openai.com for the `openai` SDK:
 *
 * - POST /v1/responses          stream (SSE with `event:` names) or one Response
 * - POST /v1/chat/completions   stream (SSE chunks, then `data: [DONE]`) or one chat.completion
 * - GET  /v1/models, GET /v1/models/{id}
 *
 * Structured output: `text.format` (Responses) or `response_format` (Chat)
 * with a json_schema, checked as strict mode does (openai-schema.ts); the
 * answer is JSON text in the usual deltas, and a refusal streams as refusal
 * deltas (`response.refusal.delta`, Chat's `delta.refusal`) instead.
 *
 * The key comes from `Authorization: Bearer <key>`. Every response carries an
 * `x-request-id`. Streams send their headers (and, for Responses, the events
 * up to content_part.added) at once; deltas follow the configured pace.
 */

/** Demo keys accepted unless the constructor is given `keys`. */
export const OPENAI_DEMO_KEY = "sk-proj-inkwell-demo-key-0000000000000000";
/** A demo key with no credit left: generation answers 429 insufficient_quota (listing models still works). */
export const OPENAI_EXHAUSTED_KEY = "sk-proj-inkwell-exhausted-key-00000000000";

const DEMO_KEYS: KeySpec[] = [
  { key: OPENAI_DEMO_KEY, label: "openai-demo" },
  { key: OPENAI_EXHAUSTED_KEY, label: "openai-exhausted", quota: "exhausted" },
];

export interface OpenAIEmulatorOptions extends EmulatorOptions {
  /** Replaces the default catalog. */
  models?: OpenAIModel[];
}

type Message = { role: string; text: string };

/** Text of a message's content: a string, or parts with `text` (input_text, output_text, text). */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Array<{ text?: unknown }>)
    .filter((p) => typeof p?.text === "string")
    .map((p) => p.text as string)
    .join("");
}

/** Messages of a Responses `input` (a string, or items of which messages count) or of a chat `messages` array. */
function messagesOf(input: unknown): Message[] {
  if (typeof input === "string") return [{ role: "user", text: input }];
  if (!Array.isArray(input)) return [];
  return (input as Array<{ type?: unknown; role?: unknown; content?: unknown }>)
    .filter((item) => item && (item.type === undefined || item.type === "message") && typeof item.role === "string")
    .map((item) => ({ role: item.role as string, text: contentText(item.content) }));
}

const isSystem = (m: Message) => m.role === "system" || m.role === "developer";

/** The error a failNext(kind) fault answers with. */
function injectedError(kind: InjectedError, model: string): errors.OpenAIError {
  if (kind === "rate_limited") return errors.rateLimited(model, 60, 20_000);
  if (kind === "no_credit") return errors.insufficientQuota();
  return errors.overloaded();
}

export type OpenAIApi = "responses" | "chat";

export class OpenAIEmulator extends AiEmulator {
  private models: OpenAIModel[];
  protected readonly exposedHeaders = [
    "x-request-id",
    "openai-processing-ms",
    "retry-after",
    "x-ratelimit-limit-requests",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-reset-requests",
  ];

  /** `provider` is for subclasses that serve the same wire format (the local server). */
  constructor(options: OpenAIEmulatorOptions = {}, provider: Provider = "openai") {
    // OpenAI sends about one token per delta.
    super(provider, DEMO_KEYS, options, 1);
    this.models = [...(options.models ?? OPENAI_MODELS)];
  }

  get catalog(): readonly OpenAIModel[] {
    return this.models;
  }

  setModels(models: OpenAIModel[]): this {
    this.models = [...models];
    return this;
  }

  protected async route(call: Call): Promise<void> {
    const { req, res } = call;
    res.setHeader("x-request-id", this.ids.hex("req_", 32));
    res.setHeader("openai-version", "2020-10-01");
    res.setHeader("openai-processing-ms", "12");
    const url = new URL(req.url ?? "/", "http://emulator");
    const auth = /^Bearer\s+(\S+)/iu.exec(req.headers.authorization ?? "");
    const key = auth?.[1];
    const identity = this.keyCheck(key, "identify");
    call.entry.key = identity.label;
    const body = req.method === "POST" ? await this.readJson(req) : undefined;
    if (body) call.entry.body = body.ok ? body.value : body.raw;
    const modelMatch = /^\/v1\/models(?:\/([^/]+))?\/?$/u.exec(url.pathname);
    const isResponses = url.pathname === "/v1/responses" && req.method === "POST";
    const isChat = url.pathname === "/v1/chat/completions" && req.method === "POST";
    const api: OpenAIApi | undefined = isResponses ? "responses" : isChat ? "chat" : undefined;
    if (api ? !this.serves(api) : !(modelMatch && req.method === "GET")) return this.unknownEndpoint(call, req.method ?? "GET", url.pathname);

    if (identity.kind === "missing") return this.fail(call, errors.missingKey());
    if (identity.kind === "invalid") return this.fail(call, errors.invalidKey(key ?? ""));

    if (modelMatch) {
      const id = modelMatch[1] ? decodeURIComponent(modelMatch[1]) : undefined;
      if (!id) return sendJson(res, 200, { object: "list", data: this.models.map(modelResource) });
      call.entry.model = id;
      const model = this.models.find((m) => m.id === id);
      return model ? sendJson(res, 200, modelResource(model)) : this.fail(call, this.modelNotFound(id));
    }
    if (!body?.ok) return this.fail(call, errors.invalidJson());
    return isResponses ? this.responses(call, body.value, key) : this.chat(call, body.value, key);
  }

  protected fail(call: Call, error: errors.OpenAIError): void {
    sendJson(call.res, error.status, error.body, error.headers);
  }

  // ---- hooks for servers that speak the same wire format (see local-server.ts) ----

  /** Who the key belongs to: "identify" for any request, "admit" for a generation (counts against its rate limit). */
  protected keyCheck(key: string | undefined, purpose: "identify" | "admit"): KeyCheck {
    return purpose === "admit" ? this.keyRing.admit(key) : this.keyRing.identify(key);
  }

  /** Whether this server has the endpoint at all (an older Ollama has no Responses API). */
  protected serves(_api: OpenAIApi): boolean {
    return true;
  }

  /** The answer for a path or method the server does not serve. */
  protected unknownEndpoint(call: Call, method: string, path: string): void {
    this.fail(call, errors.invalidUrl(method, path));
  }

  /**
   * The structured output a request asks for: `format` is the format object,
   * `config` the one holding name, schema and strict. An error answers the
   * request; undefined means free text.
   */
  protected readOutput(format: unknown, config: unknown, param: string): { output: StructuredOutput } | { error: errors.OpenAIError } | undefined {
    return readJsonSchemaFormat(format, config, param);
  }

  protected modelNotFound(model: string): errors.OpenAIError {
    return errors.modelNotFound(model);
  }

  /**
   * Model, quota and fault checks shared by both endpoints. Returns the model
   * and the fault to apply, or undefined after answering with an error.
   */
  private admit(call: Call, modelId: unknown, key: string | undefined, endpoint: "responses" | "chat"): { model: OpenAIModel; fault?: Fault } | undefined {
    if (typeof modelId !== "string" || !modelId) {
      this.fail(call, errors.missingParameter("model"));
      return undefined;
    }
    call.entry.model = modelId;
    const model = this.models.find((m) => m.id === modelId);
    if (!model) {
      this.fail(call, this.modelNotFound(modelId));
      return undefined;
    }
    if (model.kind !== "text") {
      this.fail(call, endpoint === "chat" ? errors.notAChatModel() : errors.notAResponsesModel(modelId));
      return undefined;
    }
    const admitted = this.keyCheck(key, "admit");
    call.entry.key = admitted.label;
    if (admitted.kind === "exhausted") {
      this.fail(call, errors.insufficientQuota());
      return undefined;
    }
    if (admitted.kind === "rate_limited") {
      this.fail(call, errors.rateLimited(modelId, admitted.rpm, admitted.retryAfterMs));
      return undefined;
    }
    const fault = this.takeFault();
    if (fault?.kind === "error") {
      this.fail(call, injectedError(fault.error, modelId));
      return undefined;
    }
    return { model, fault };
  }

  private request(api: string, model: string, stream: boolean, messages: Message[], system: string[], body: unknown, keyLabel: string, maxOutputTokens?: number, temperature?: unknown, output?: StructuredOutput): AnswerRequest {
    return {
      ...(output ? { output } : {}),
      provider: this.provider,
      api,
      model,
      stream,
      system: system.filter(Boolean).join("\n\n"),
      prompt: [...messages].reverse().find((m) => m.role === "user")?.text ?? "",
      messages,
      maxOutputTokens,
      temperature: typeof temperature === "number" ? temperature : undefined,
      keyLabel,
      body,
    };
  }

  private async responses(call: Call, value: unknown, key: string | undefined): Promise<void> {
    const body = (value ?? {}) as ResponsesBody & { input?: unknown; stream?: unknown };
    const max = body.max_output_tokens;
    if (max !== undefined && max !== null && !(Number.isInteger(max) && max >= 16)) {
      // A real gotcha: the Responses API refuses limits below 16 tokens.
      return this.fail(call, errors.belowMinimum("max_output_tokens", 16, max));
    }
    const format = this.readOutput(body.text?.format, body.text?.format, "text.format");
    if (format && "error" in format) return this.fail(call, format.error);
    const admitted = this.admit(call, body.model, key, "responses");
    if (!admitted) return;
    const instructions = typeof body.instructions === "string" ? body.instructions : "";
    const messages = messagesOf(body.input);
    const stream = body.stream === true;
    const request = this.request("responses", body.model, stream, messages, [instructions, ...messages.filter(isSystem).map((m) => m.text)], value, call.entry.key, max ?? undefined, body.temperature, format?.output);
    const gen = this.run(request, [instructions, ...messages.map((m) => m.text)].filter(Boolean).join("\n\n"));
    const builder = new ResponseBuilder(
      body,
      gen,
      { response: this.ids.hex("resp_", 48), message: this.ids.hex("msg_", 48), reasoning: this.ids.hex("rs_", 48) },
      Math.floor(this.now() / 1000),
    );

    if (!stream) {
      if (!(await this.waitForWholeAnswer(call, gen.tokens.length))) return;
      if (admitted.fault?.kind === "cut") return this.dropConnection(call);
      call.entry.tokensSent = gen.tokens.length;
      return sendJson(call.res, 200, builder.response("final", gen.text));
    }
    const sse = new SseWriter(call.res, { lineEnding: "\n" });
    sse.open();
    for (const event of builder.preamble()) sse.send(event, event.type);
    let text = "";
    const end = await this.streamTokens(call, sse, gen.tokens, admitted.fault, (batch) => {
      const delta = builder.delta(batch.join(""));
      text += delta.delta as string;
      sse.send(delta, delta.type);
    });
    if (end !== "done") return;
    for (const event of builder.finale(text)) sse.send(event, event.type);
    sse.end();
  }

  private async chat(call: Call, value: unknown, key: string | undefined): Promise<void> {
    const body = (value ?? {}) as {
      model?: unknown;
      messages?: unknown;
      stream?: unknown;
      stream_options?: { include_usage?: unknown };
      max_tokens?: unknown;
      max_completion_tokens?: unknown;
      temperature?: unknown;
      response_format?: { json_schema?: unknown };
    };
    if (!Array.isArray(body.messages) || body.messages.length === 0) return this.fail(call, errors.missingParameter("messages"));
    const format = this.readOutput(body.response_format, body.response_format?.json_schema, "response_format.json_schema");
    if (format && "error" in format) return this.fail(call, format.error);
    // Both limits are accepted (older servers and clients use max_tokens).
    const maxParam = body.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens";
    const max = body[maxParam] ?? undefined;
    if (max !== undefined && max !== null && !(Number.isInteger(max) && (max as number) >= 1)) return this.fail(call, errors.belowMinimum(maxParam, 1, max));
    const admitted = this.admit(call, body.model, key, "chat");
    if (!admitted) return;
    const model = body.model as string;
    const messages = messagesOf(body.messages);
    const stream = body.stream === true;
    const request = this.request("chat.completions", model, stream, messages, messages.filter(isSystem).map((m) => m.text), value, call.entry.key, (max ?? undefined) as number | undefined, body.temperature, format?.output);
    const gen = this.run(request, messages.map((m) => m.text).join("\n\n"));
    const builder = new ChatBuilder(gen, this.ids.hex("chatcmpl-", 29), model, Math.floor(this.now() / 1000), stream && body.stream_options?.include_usage === true);

    if (!stream) {
      if (!(await this.waitForWholeAnswer(call, gen.tokens.length))) return;
      if (admitted.fault?.kind === "cut") return this.dropConnection(call);
      call.entry.tokensSent = gen.tokens.length;
      return sendJson(call.res, 200, builder.completion());
    }
    return this.streamChat(call, gen, builder, admitted.fault);
  }

  private async streamChat(call: Call, gen: Generation, builder: ChatBuilder, fault: Fault | undefined): Promise<void> {
    const sse = new SseWriter(call.res, { lineEnding: "\n" });
    sse.send(builder.first());
    const end = await this.streamTokens(call, sse, gen.tokens, fault, (batch) => sse.send(builder.content(batch.join(""))));
    if (end !== "done") return;
    for (const chunk of builder.last()) sse.send(chunk);
    sse.send("[DONE]");
    sse.end();
  }
}
