import { sendJson } from "../http";
import { AiEmulator, type Call, type EmulatorOptions, type KeySpec } from "./core";
import type { Fault } from "./faults";
import * as errors from "./gemini-errors";
import { GEMINI_MODELS, modelResource, type GeminiModel } from "./gemini-models";
import { readGeminiOutput } from "./gemini-schema";
import type { Generation } from "./generation";
import type { AnswerRequest } from "./script";
import { SseWriter } from "./sse";
import { countTokens } from "./tokens";

/**
 * Emulates generativelanguage.googleapis.com (the Gemini Developer API) for
 * `@google/genai`. Both API versions are served alike: v1beta is the one the
 * docs show, but @google/genai 3.x calls v1 unless told otherwise.
 *
 * - POST /{v1,v1beta}/models/{model}:streamGenerateContent?alt=sse  SSE, `data: <GenerateContentResponse>` per event
 * - POST /{v1,v1beta}/models/{model}:generateContent                 one GenerateContentResponse
 * - POST /{v1,v1beta}/models/{model}:countTokens
 * - GET  /{v1,v1beta}/models?pageSize=&pageToken=                    paginated catalog
 * - GET  /{v1,v1beta}/models/{model}
 *
 * Structured output: `generationConfig.responseMimeType: "application/json"`
 * with `responseJsonSchema` or `responseSchema` (gemini-schema.ts); the JSON
 * streams as ordinary text parts. A scripted refusal blocks the prompt
 * (`promptFeedback.blockReason`, no candidates) or stops the answer
 * (`finishReason: "SAFETY"`), as Gemini's safety filters do.
 *
 * The key comes from the `x-goog-api-key` header or the `key` query parameter.
 * Checks run in Google's order: key, then model, then quota/rate limit.
 */

/** Demo keys accepted unless the constructor is given `keys`. Shaped like real keys (39 characters, "AIzaSy" prefix). */
export const GEMINI_DEMO_KEY = "AIzaSyInkwell-demo-key-0000000000000000";
/** A demo key whose quota is used up: generation answers 429 RESOURCE_EXHAUSTED (listing models still works). */
export const GEMINI_EXHAUSTED_KEY = "AIzaSyInkwell-exhausted-key-00000000000";

const DEMO_KEYS: KeySpec[] = [
  { key: GEMINI_DEMO_KEY, label: "gemini-demo" },
  { key: GEMINI_EXHAUSTED_KEY, label: "gemini-exhausted", quota: "exhausted" },
];

/** What a daily free-tier quota error reports as limit and retry delay (the delay is not a promise that retrying helps). */
const DAILY_LIMIT = 20;
const DAILY_RETRY_MS = 41_390;
/** What an injected per-minute rate-limit error (failNext("rate_limited")) reports. */
const INJECTED_RPM = 10;
const INJECTED_RETRY_MS = 20_000;

export interface GeminiEmulatorOptions extends EmulatorOptions {
  /** Replaces the default catalog. */
  models?: GeminiModel[];
  /** SSE event terminator: Google sends CRLF CRLF; LF LF is also valid SSE. */
  lineEnding?: "\r\n" | "\n";
}

interface Part {
  text?: unknown;
  thought?: unknown;
}
interface Content {
  role?: unknown;
  parts?: unknown;
}

function textOf(content: unknown): string {
  const parts = (content as Content | undefined)?.parts;
  if (!Array.isArray(parts)) return "";
  return (parts as Part[])
    .filter((p) => typeof p?.text === "string" && p.thought !== true)
    .map((p) => p.text as string)
    .join("");
}

export class GeminiEmulator extends AiEmulator {
  private models: GeminiModel[];
  private readonly lineEnding: "\r\n" | "\n";
  protected readonly exposedHeaders: string[] = [];

  constructor(options: GeminiEmulatorOptions = {}) {
    // Gemini batches: a chunk carries several tokens (a few dozen characters).
    super("gemini", DEMO_KEYS, options, 6);
    this.models = [...(options.models ?? GEMINI_MODELS)];
    this.lineEnding = options.lineEnding ?? "\r\n";
  }

  /** The catalog, as listed. */
  get catalog(): readonly GeminiModel[] {
    return this.models;
  }

  /** Replaces the catalog (e.g. to simulate a model being retired). */
  setModels(models: GeminiModel[]): this {
    this.models = [...models];
    return this;
  }

  protected async route(call: Call): Promise<void> {
    const { req } = call;
    const url = new URL(req.url ?? "/", "http://emulator");
    const match = /^\/(v1beta|v1)\/models(?:\/([^/:]+)(?::([A-Za-z]+))?)?\/?$/u.exec(url.pathname);
    const headerKey = req.headers["x-goog-api-key"];
    const key = (Array.isArray(headerKey) ? headerKey[0] : headerKey) || url.searchParams.get("key") || undefined;
    const identity = this.keyRing.identify(key);
    call.entry.key = identity.label;
    const body = req.method === "POST" ? await this.readJson(req) : undefined;
    if (body) call.entry.body = body.ok ? body.value : body.raw;

    if (!match) return this.fail(call, errors.methodNotFound());
    const apiVersion = match[1] as string;
    const modelId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const method = match[3];
    if (modelId) call.entry.model = modelId;

    if (identity.kind === "missing") return this.fail(call, errors.missingKey());
    if (identity.kind === "invalid") return this.fail(call, errors.invalidKey());

    if (req.method === "GET" && !modelId) return this.list(call, url);
    if (req.method === "GET" && modelId && !method) return this.getModel(call, modelId, apiVersion);
    if (req.method !== "POST" || !modelId || !method || !body) return this.fail(call, errors.methodNotFound());
    if (!body.ok) return this.fail(call, errors.invalidJson());

    switch (method) {
      case "generateContent":
      case "streamGenerateContent":
        return this.generateContent(call, { modelId, apiVersion, method, sse: url.searchParams.get("alt") === "sse" }, body.value, key);
      case "countTokens":
        return this.countTokens(call, modelId, apiVersion, body.value);
      default:
        return this.fail(call, errors.methodNotFound());
    }
  }

  private fail(call: Call, error: errors.GeminiError): void {
    sendJson(call.res, error.status, error.body);
  }

  private list(call: Call, url: URL): void {
    const pageSize = Math.min(1000, Number(url.searchParams.get("pageSize")) || 50);
    const token = url.searchParams.get("pageToken");
    const offset = token ? Number(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/u, "")) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > this.models.length) {
      return this.fail(call, errors.invalidArgument("Invalid page token."));
    }
    const page = this.models.slice(offset, offset + pageSize);
    const next = offset + page.length;
    sendJson(call.res, 200, {
      models: page.map(modelResource),
      ...(next < this.models.length ? { nextPageToken: Buffer.from(`offset:${next}`).toString("base64url") } : {}),
    });
  }

  private getModel(call: Call, modelId: string, apiVersion: string): void {
    const model = this.models.find((m) => m.id === modelId);
    if (!model) return this.fail(call, errors.modelNotFound(modelId, apiVersion));
    sendJson(call.res, 200, modelResource(model));
  }

  private countTokens(call: Call, modelId: string, apiVersion: string, body: unknown): void {
    const model = this.models.find((m) => m.id === modelId);
    if (!model?.supportedGenerationMethods.includes("countTokens")) return this.fail(call, errors.modelNotFound(modelId, apiVersion, "countTokens"));
    const b = body as { contents?: unknown; generateContentRequest?: { contents?: unknown; systemInstruction?: unknown } };
    const contents = b.contents ?? b.generateContentRequest?.contents;
    const texts = [textOf(b.generateContentRequest?.systemInstruction), ...(Array.isArray(contents) ? contents.map(textOf) : [])];
    const totalTokens = countTokens(texts.filter(Boolean).join("\n\n"));
    sendJson(call.res, 200, { totalTokens, promptTokensDetails: [{ modality: "TEXT", tokenCount: totalTokens }] });
  }

  private async generateContent(
    call: Call,
    target: { modelId: string; apiVersion: string; method: string; sse: boolean },
    body: unknown,
    key: string | undefined,
  ): Promise<void> {
    const { modelId, method, sse } = target;
    const model = this.models.find((m) => m.id === modelId);
    if (!model?.supportedGenerationMethods.includes("generateContent")) return this.fail(call, errors.modelNotFound(modelId, target.apiVersion, "generateContent"));
    const b = (body ?? {}) as { contents?: unknown; systemInstruction?: unknown; generationConfig?: { maxOutputTokens?: unknown; temperature?: unknown } };
    const format = readGeminiOutput(b.generationConfig);
    if (format && "error" in format) return this.fail(call, format.error);
    if (!Array.isArray(b.contents) || b.contents.length === 0) {
      return this.fail(call, errors.invalidArgument("* GenerateContentRequest.contents: contents is not specified\n"));
    }
    const maxOutputTokens = b.generationConfig?.maxOutputTokens;
    if (maxOutputTokens !== undefined && !(Number.isInteger(maxOutputTokens) && (maxOutputTokens as number) >= 1)) {
      return this.fail(call, errors.invalidArgument(`Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), ${JSON.stringify(maxOutputTokens)}`));
    }

    const modelVersion = model.resolvesTo ?? model.id;
    const admitted = this.keyRing.admit(key);
    call.entry.key = admitted.label;
    if (admitted.kind === "exhausted") return this.fail(call, errors.quotaExceeded(modelVersion, "day", DAILY_LIMIT, DAILY_RETRY_MS));
    if (admitted.kind === "rate_limited") return this.fail(call, errors.quotaExceeded(modelVersion, "minute", admitted.rpm, admitted.retryAfterMs));
    const fault = this.takeFault();
    if (fault?.kind === "error") {
      if (fault.error === "rate_limited") return this.fail(call, errors.quotaExceeded(modelVersion, "minute", INJECTED_RPM, INJECTED_RETRY_MS));
      if (fault.error === "no_credit") return this.fail(call, errors.quotaExceeded(modelVersion, "day", DAILY_LIMIT, DAILY_RETRY_MS));
      return this.fail(call, errors.overloaded());
    }

    const contents = b.contents as Content[];
    const messages = contents.map((c) => ({ role: typeof c?.role === "string" ? c.role : "user", text: textOf(c) }));
    const request: AnswerRequest = {
      provider: "gemini",
      api: method,
      model: modelId,
      stream: method === "streamGenerateContent",
      system: textOf(b.systemInstruction),
      prompt: [...messages].reverse().find((m) => m.role === "user")?.text ?? "",
      messages,
      maxOutputTokens: maxOutputTokens as number | undefined,
      temperature: typeof b.generationConfig?.temperature === "number" ? b.generationConfig.temperature : undefined,
      keyLabel: admitted.label,
      ...(format ? { output: format.output } : {}),
      body,
    };
    const gen = this.run(request, [request.system, ...messages.map((m) => m.text)].filter(Boolean).join("\n\n"));
    const chunks = new ChunkMaker(gen, modelVersion, this.ids.base64url(22));

    if (method === "generateContent" || !sse) {
      // Non-streaming, or streamGenerateContent without alt=sse (a JSON array of chunks): all at once, after the whole answer.
      if (!(await this.waitForWholeAnswer(call, gen.tokens.length))) return;
      if (fault?.kind === "cut") return this.dropConnection(call);
      call.entry.tokensSent = gen.refusal ? 0 : gen.tokens.length;
      const whole = gen.refusal ? chunks.refusal() : chunks.make(gen.tokens, true);
      if (method === "generateContent") return sendJson(call.res, 200, whole);
      return sendJson(call.res, 200, [whole]);
    }
    return this.stream(call, gen, chunks, fault);
  }

  private async stream(call: Call, gen: Generation, chunks: ChunkMaker, fault: Fault | undefined): Promise<void> {
    // No header is sent before the first chunk: like Google, the time to first
    // byte is the time to first token (a slow model keeps the fetch pending).
    const sse = new SseWriter(call.res, { lineEnding: this.lineEnding });
    if (gen.refusal) {
      // A safety block is one chunk, after the time to first token.
      if ((await this.streamTokens(call, sse, [], fault, () => undefined)) !== "done") return;
      sse.send(chunks.refusal());
      return sse.end();
    }
    const end = await this.streamTokens(call, sse, gen.tokens, fault, (batch, isLast) => sse.send(chunks.make(batch, isLast)));
    if (end !== "done") return;
    if (gen.tokens.length === 0) sse.send(chunks.make([], true));
    sse.end();
  }
}

/** Builds GenerateContentResponse objects for one answer, keeping count of the tokens sent. */
class ChunkMaker {
  private sent = 0;

  constructor(
    private readonly gen: Generation,
    private readonly modelVersion: string,
    private readonly responseId: string,
  ) {}

  private usage(candidates: number): Record<string, unknown> {
    const { promptTokens, reasoningTokens } = this.gen;
    const usageMetadata: Record<string, unknown> = { promptTokenCount: promptTokens };
    if (candidates > 0) usageMetadata.candidatesTokenCount = candidates;
    usageMetadata.totalTokenCount = promptTokens + candidates + reasoningTokens;
    usageMetadata.promptTokensDetails = [{ modality: "TEXT", tokenCount: promptTokens }];
    if (reasoningTokens > 0) usageMetadata.thoughtsTokenCount = reasoningTokens;
    return usageMetadata;
  }

  /** The one chunk of a safety block: the prompt's (promptFeedback, no candidates) or the answer's (finishReason SAFETY, no content). */
  refusal(): Record<string, unknown> {
    const refusal = this.gen.refusal;
    const ratings = [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true }];
    const message = refusal?.refusal ? { message: refusal.refusal } : {};
    const common = { usageMetadata: this.usage(0), modelVersion: this.modelVersion, responseId: this.responseId };
    if (refusal?.stage === "prompt") {
      return { promptFeedback: { blockReason: "SAFETY", safetyRatings: ratings, ...(message.message ? { blockReasonMessage: message.message } : {}) }, ...common };
    }
    return {
      candidates: [{ content: { role: "model" }, finishReason: "SAFETY", ...(message.message ? { finishMessage: message.message } : {}), index: 0, safetyRatings: ratings }],
      ...common,
    };
  }

  make(tokens: string[], final: boolean): Record<string, unknown> {
    this.sent += tokens.length;
    const text = tokens.join("");
    // Proto3 JSON: zero-valued counters are omitted. Intermediate chunks carry
    // the prompt (and thoughts) only; the final one adds candidatesTokenCount.
    const usageMetadata = this.usage(final ? this.sent : 0);
    return {
      candidates: [
        {
          content: text ? { parts: [{ text }], role: "model" } : { role: "model" },
          ...(final ? { finishReason: this.gen.truncated ? "MAX_TOKENS" : "STOP" } : {}),
          index: 0,
        },
      ],
      usageMetadata,
      modelVersion: this.modelVersion,
      responseId: this.responseId,
    };
  }
}
