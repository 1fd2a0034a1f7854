import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http";
import * as errors from "./anthropic-errors";
import { MessageBuilder } from "./anthropic-messages";
import { ANTHROPIC_MODELS, findModel, modelResource, type AnthropicModel } from "./anthropic-models";
import { readClaudeOutput } from "./anthropic-schema";
import { AiEmulator, type Call, type EmulatorOptions, type KeySpec } from "./core";
import type { Fault, InjectedError } from "./faults";
import type { Generation } from "./generation";
import type { AnswerRequest } from "./script";
import { SseWriter } from "./sse";
import { countTokens } from "./tokens";

/**
 * Emulates api.anthropic.com (the Claude Messages API) for `@anthropic-ai/sdk`:
 *
 * - POST /v1/messages                stream (SSE, `event: <type>` per event) or one Message
 * - POST /v1/messages/count_tokens   { input_tokens }
 * - GET  /v1/models?limit=&after_id=&before_id=   paginated catalog, newest first
 * - GET  /v1/models/{id}             (aliases resolve)
 *
 * Structured output: `output_config.format` with a json_schema, checked for
 * what Claude's grammar can't express (anthropic-schema.ts); the JSON streams
 * as ordinary text deltas. A scripted refusal ends the message with
 * stop_reason "refusal" and stop_details, without text unless it has
 * `partial` text to stream first.
 *
 * The real rules it enforces, in order: a browser request (one with an
 * `Origin`) must carry `anthropic-dangerous-direct-browser-access: true`, or it
 * gets a 401 without any CORS header (the browser then sees a network error);
 * a known key is required (401), in `x-api-key` or, as @anthropic-ai/sdk 1.x
 * sends it, in `Authorization: Bearer`; `anthropic-version` is
 * required (400); `model`, `max_tokens` and `messages` are required (400); an
 * unknown model is a 404; then credit and rate limits. Every response carries a
 * `request-id` header, echoed as `request_id` in error bodies.
 */

/** Demo keys accepted unless the constructor is given `keys`. Shaped like real keys ("sk-ant-api03-" prefix, "AA" suffix). */
export const ANTHROPIC_DEMO_KEY = "sk-ant-api03-inkwell-demo-key-000000000000000000000000000000AA";
/** A demo key whose organization has no credit left: generation answers 400 "Your credit balance is too low…" (listing models still works). */
export const ANTHROPIC_NO_CREDIT_KEY = "sk-ant-api03-inkwell-no-credit-key-0000000000000000000000000AA";

const DEMO_KEYS: KeySpec[] = [
  { key: ANTHROPIC_DEMO_KEY, label: "anthropic-demo" },
  { key: ANTHROPIC_NO_CREDIT_KEY, label: "anthropic-no-credit", quota: "exhausted" },
];

/** The opt-in header for calls from a browser (the SDK sends it with `dangerouslyAllowBrowser: true`). */
export const BROWSER_ACCESS_HEADER = "anthropic-dangerous-direct-browser-access";

const ORGANIZATION_ID = "0a7f3c1e-inkw-4e11-8a00-000000000001";

/** What an injected rate-limit error (failNext("rate_limited")) reports. */
const INJECTED_RPM = 50;
const INJECTED_RETRY_MS = 20_000;

export interface AnthropicEmulatorOptions extends EmulatorOptions {
  /** Replaces the default catalog. */
  models?: AnthropicModel[];
}

interface Block {
  type?: unknown;
  text?: unknown;
}

/** Text of a message's content or of `system`: a string, or blocks of which text blocks count. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Block[])
    .filter((b) => b?.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("");
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

export class AnthropicEmulator extends AiEmulator {
  private models: AnthropicModel[];
  protected readonly exposedHeaders = [
    "request-id",
    "retry-after",
    "anthropic-ratelimit-requests-limit",
    "anthropic-ratelimit-requests-remaining",
    "anthropic-ratelimit-requests-reset",
  ];

  constructor(options: AnthropicEmulatorOptions = {}) {
    // Claude's text deltas carry a few tokens each.
    super("anthropic", DEMO_KEYS, options, 3);
    this.models = [...(options.models ?? ANTHROPIC_MODELS)];
  }

  get catalog(): readonly AnthropicModel[] {
    return this.models;
  }

  setModels(models: AnthropicModel[]): this {
    this.models = [...models];
    return this;
  }

  /**
   * The next `times` streamed answers send `afterTokens` output tokens, then an
   * `event: error` (overloaded_error by default) and end, as Claude does when it
   * fails mid-answer: the SDK throws from the stream. A non-streaming request
   * that meets this fault gets the error as its HTTP response instead.
   */
  failMidStream(afterTokens: number, error: InjectedError = "overloaded", times = 1): this {
    this.faults.add({ kind: "stream-error", afterTokens, error }, times);
    return this;
  }

  // ---- routing ----

  protected override answerCors(req: IncomingMessage, res: ServerResponse): boolean {
    if (!req.headers.origin) return false;
    if (req.method === "OPTIONS") {
      const asked = (header(req, "access-control-request-headers") ?? "").toLowerCase().split(",").map((h) => h.trim());
      if (!asked.includes(BROWSER_ACCESS_HEADER)) {
        this.send(res, errors.corsNotAllowed());
        return true;
      }
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": header(req, "access-control-request-headers") ?? "*",
        "access-control-max-age": "86400",
      });
      res.end();
      return true;
    }
    if (header(req, BROWSER_ACCESS_HEADER) !== "true") {
      this.send(res, errors.corsNotAllowed());
      return true;
    }
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "*");
    return false;
  }

  protected async route(call: Call): Promise<void> {
    const { req, res } = call;
    res.setHeader("request-id", this.requestId());
    res.setHeader("anthropic-organization-id", ORGANIZATION_ID);
    const url = new URL(req.url ?? "/", "http://emulator");
    const key = header(req, "x-api-key") ?? /^Bearer\s+(\S+)/iu.exec(header(req, "authorization") ?? "")?.[1];
    const identity = this.keyRing.identify(key);
    call.entry.key = identity.label;
    const body = req.method === "POST" ? await this.readJson(req) : undefined;
    if (body) call.entry.body = body.ok ? body.value : body.raw;
    const modelMatch = /^\/v1\/models(?:\/([^/]+))?\/?$/u.exec(url.pathname);
    const isMessages = url.pathname === "/v1/messages" && req.method === "POST";
    const isCount = url.pathname === "/v1/messages/count_tokens" && req.method === "POST";
    if (!(isMessages || isCount || (modelMatch && req.method === "GET"))) return this.fail(call, errors.notFound());

    if (identity.kind === "missing") return this.fail(call, errors.missingKey());
    if (identity.kind === "invalid") return this.fail(call, errors.invalidKey());
    const version = header(req, "anthropic-version");
    if (!version) return this.fail(call, errors.missingVersion());
    if (!/^\d{4}-\d{2}-\d{2}$/u.test(version)) return this.fail(call, errors.invalidVersion(version));

    if (modelMatch) {
      const id = modelMatch[1] ? decodeURIComponent(modelMatch[1]) : undefined;
      if (!id) return this.list(call, url);
      call.entry.model = id;
      const model = findModel(this.models, id);
      return model ? sendJson(res, 200, modelResource(model)) : this.fail(call, errors.modelNotFound(id));
    }
    if (!body?.ok) return this.fail(call, errors.invalidJson());
    return isCount ? this.countTokens(call, body.value) : this.messages(call, body.value, key);
  }

  /** Sends an error with its request id (reusing the response's `request-id` header when set). */
  private send(res: ServerResponse, error: errors.AnthropicError): void {
    const requestId = (res.getHeader("request-id") as string | undefined) ?? this.requestId();
    sendJson(res, error.status, errors.errorBody(error, requestId), { "request-id": requestId, ...error.headers });
  }

  private fail(call: Call, error: errors.AnthropicError): void {
    this.send(call.res, error);
  }

  private requestId(): string {
    return `req_011C${this.alnum(20)}`;
  }

  /** Base62-looking ids, like Anthropic's. */
  private alnum(length: number): string {
    return this.ids.base64url(length).replace(/[-_]/gu, "x");
  }

  private list(call: Call, url: URL): void {
    const limitParam = url.searchParams.get("limit");
    const limit = limitParam === null ? 20 : Number(limitParam);
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
      return this.fail(call, errors.invalidRequest("limit: Input should be greater than or equal to 1 and less than or equal to 1000"));
    }
    const after = url.searchParams.get("after_id");
    const before = url.searchParams.get("before_id");
    const indexOf = (id: string) => this.models.findIndex((m) => m.id === id);
    let page: AnthropicModel[];
    let hasMore: boolean;
    if (before) {
      const end = indexOf(before);
      if (end < 0) return this.fail(call, errors.invalidRequest(`before_id: unknown id ${before}`));
      const start = Math.max(0, end - limit);
      page = this.models.slice(start, end);
      hasMore = start > 0;
    } else {
      const start = after ? indexOf(after) + 1 : 0;
      if (after && start === 0) return this.fail(call, errors.invalidRequest(`after_id: unknown id ${after}`));
      page = this.models.slice(start, start + limit);
      hasMore = start + limit < this.models.length;
    }
    sendJson(call.res, 200, { data: page.map(modelResource), has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null });
  }

  private countTokens(call: Call, value: unknown): void {
    const b = (value ?? {}) as { model?: unknown; messages?: unknown; system?: unknown };
    if (typeof b.model !== "string" || !b.model) return this.fail(call, errors.fieldRequired("model"));
    if (!Array.isArray(b.messages)) return this.fail(call, errors.fieldRequired("messages"));
    call.entry.model = b.model;
    if (!findModel(this.models, b.model)) return this.fail(call, errors.modelNotFound(b.model));
    const texts = [textOf(b.system), ...(b.messages as Array<{ content?: unknown }>).map((m) => textOf(m?.content))];
    sendJson(call.res, 200, { input_tokens: countTokens(texts.filter(Boolean).join("\n\n")) });
  }

  private injected(kind: InjectedError): errors.AnthropicError {
    if (kind === "rate_limited") return errors.rateLimited(INJECTED_RPM, INJECTED_RETRY_MS, new Date(this.now() + INJECTED_RETRY_MS));
    if (kind === "no_credit") return errors.creditBalanceTooLow();
    return errors.overloaded();
  }

  private async messages(call: Call, value: unknown, key: string | undefined): Promise<void> {
    const b = (value ?? {}) as {
      model?: unknown;
      max_tokens?: unknown;
      messages?: unknown;
      system?: unknown;
      stream?: unknown;
      temperature?: unknown;
      output_config?: unknown;
      output_format?: unknown;
    };
    if (typeof b.model !== "string" || !b.model) return this.fail(call, errors.fieldRequired("model"));
    call.entry.model = b.model;
    if (b.max_tokens === undefined || b.max_tokens === null) return this.fail(call, errors.fieldRequired("max_tokens"));
    if (!Number.isInteger(b.max_tokens)) return this.fail(call, errors.invalidRequest("max_tokens: Input should be a valid integer"));
    const maxTokens = b.max_tokens as number;
    if (maxTokens < 1) return this.fail(call, errors.invalidRequest("max_tokens: Input should be greater than or equal to 1"));
    if (!Array.isArray(b.messages)) return this.fail(call, errors.fieldRequired("messages"));
    if (b.messages.length === 0) return this.fail(call, errors.invalidRequest("messages: at least one message is required"));
    const format = readClaudeOutput(b);
    if (format && "error" in format) return this.fail(call, format.error);
    const model = findModel(this.models, b.model);
    if (!model) return this.fail(call, errors.modelNotFound(b.model));
    if (maxTokens > model.maxOutputTokens) return this.fail(call, errors.maxTokensTooLarge(maxTokens, model.maxOutputTokens, model.id));

    const admitted = this.keyRing.admit(key);
    call.entry.key = admitted.label;
    if (admitted.kind === "exhausted") return this.fail(call, errors.creditBalanceTooLow());
    if (admitted.kind === "rate_limited") {
      return this.fail(call, errors.rateLimited(admitted.rpm, admitted.retryAfterMs, new Date(this.now() + admitted.retryAfterMs)));
    }
    const fault = this.takeFault();
    if (fault?.kind === "error") return this.fail(call, this.injected(fault.error));

    const messages = (b.messages as Array<{ role?: unknown; content?: unknown }>).map((m) => ({
      role: typeof m?.role === "string" ? m.role : "user",
      text: textOf(m?.content),
    }));
    const stream = b.stream === true;
    const request: AnswerRequest = {
      provider: "anthropic",
      api: "messages",
      model: b.model,
      stream,
      system: textOf(b.system),
      prompt: [...messages].reverse().find((m) => m.role === "user")?.text ?? "",
      messages,
      maxOutputTokens: maxTokens,
      temperature: typeof b.temperature === "number" ? b.temperature : undefined,
      keyLabel: admitted.label,
      ...(format ? { output: format.output } : {}),
      body: value,
    };
    const gen = this.run(request, [request.system, ...messages.map((m) => m.text)].filter(Boolean).join("\n\n"));
    const builder = new MessageBuilder(gen, `msg_01${this.alnum(22)}`, model.id);

    if (!stream) {
      if (fault?.kind === "stream-error") return this.fail(call, this.injected(fault.error));
      if (!(await this.waitForWholeAnswer(call, gen.tokens.length))) return;
      if (fault?.kind === "cut") return this.dropConnection(call);
      call.entry.tokensSent = builder.visibleTokens.length;
      return sendJson(call.res, 200, builder.whole());
    }
    return this.stream(call, gen, builder, fault);
  }

  private async stream(call: Call, gen: Generation, builder: MessageBuilder, fault: Fault | undefined): Promise<void> {
    const sse = new SseWriter(call.res, { lineEnding: "\n" });
    sse.open();
    for (const event of builder.preamble()) sse.send(event, event.type);
    const failAt = fault?.kind === "stream-error" ? fault : undefined;
    // A refusal's explanation travels in stop_details; only text before it (partial) streams.
    const answer = builder.visibleTokens;
    const tokens = failAt ? answer.slice(0, failAt.afterTokens) : answer;
    const end = await this.streamTokens(call, sse, tokens, failAt ? undefined : fault, (batch) => sse.send(builder.delta(batch.join("")), "content_block_delta"));
    if (end !== "done") return;
    if (failAt) {
      // The HTTP status is already 200: the failure travels as an event, and the response ends normally.
      const error = this.injected(failAt.error);
      sse.send(errors.errorBody(error), "error");
      return sse.end();
    }
    for (const event of builder.finale()) sse.send(event, event.type);
    sse.end();
  }
}
