import type { IncomingMessage, ServerResponse } from "node:http";
import { listenHttp, type Listening } from "../http";
import type { Call } from "./core";
import { handleCors } from "./cors";
import { keyLabelFor, type KeyCheck } from "./keys";
import { OpenAIEmulator, type OpenAIApi, type OpenAIEmulatorOptions } from "./openai";
import type { OpenAIError } from "./openai-errors";
import type { OpenAIModel } from "./openai-models";
import { readJsonSchemaFormat } from "./openai-schema";
import type { StructuredOutput } from "./structured";

/**
 * A local OpenAI-compatible model server, the kind users run on their own
 * machine: plain HTTP on 127.0.0.1 (Ollama listens on http://localhost:11434/v1,
 * LM Studio on http://localhost:1234/v1). Same wire format as the OpenAI
 * emulator (it reuses its Responses and Chat Completions code); what differs
 * is what such servers are like:
 *
 * - "openai-compatible" (LM Studio-like, with CORS enabled): /v1/models,
 *   /v1/responses and /v1/chat/completions; any origin; the key is optional
 *   unless `apiKey` is set (then `Authorization: Bearer <apiKey>` is required).
 * - "ollama": /v1/models and /v1/chat/completions only (/v1/responses is a
 *   bare `404 page not found`, as on an Ollama older than 0.13.3); any key or
 *   none. Its CORS check (gin-contrib/cors) answers a request whose `Origin` is
 *   not allowed with a bare 403 and an empty body, whatever the method. The
 *   defaults allow localhost, 127.0.0.1, 0.0.0.0 and a few app schemes, not
 *   `chrome-extension://`; `allowedOrigins` plays OLLAMA_ORIGINS (patterns may
 *   hold one `*`, e.g. "chrome-extension://*").
 *
 * Structured output (`response_format` / `text.format` with a json_schema):
 * "json_schema" (the default) follows the schema as Ollama 0.5+ and LM Studio
 * do, taking `strict` without enforcing OpenAI's strict-mode rules;
 * "rejected" answers 400, like a server without JSON-schema support;
 * "ignored" answers free text, like an Ollama older than 0.5.
 *
 * Why "POSTs fail while /v1/models works" from an extension: Chromium sends no
 * `Origin` on an extension's GET to a host it has permission for, but does on
 * a POST (measured with Debian's Chromium). So the same server rule yields a
 * working model list and a 403 on generation.
 */

export type LocalServerMode = "openai-compatible" | "ollama";
export type LocalStructuredOutput = "json_schema" | "rejected" | "ignored";

/** What `ollama list` might show: the ids /v1/models returns (owned_by "library"). */
export const OLLAMA_MODELS: readonly OpenAIModel[] = [
  { id: "llama3.2:3b", created: 1_790_000_000, owned_by: "library", kind: "text" },
  { id: "qwen3:8b", created: 1_789_000_000, owned_by: "library", kind: "text" },
  { id: "gemma3:4b", created: 1_788_000_000, owned_by: "library", kind: "text" },
  { id: "nomic-embed-text:latest", created: 1_787_000_000, owned_by: "library", kind: "embedding" },
];

/** What LM Studio lists for downloaded models (owned_by "organization_owner"). */
export const LM_STUDIO_MODELS: readonly OpenAIModel[] = [
  { id: "qwen/qwen3-8b", created: 1_790_000_000, owned_by: "organization_owner", kind: "text" },
  { id: "google/gemma-3-12b", created: 1_789_000_000, owned_by: "organization_owner", kind: "text" },
  { id: "text-embedding-nomic-embed-text-v1.5", created: 1_788_000_000, owned_by: "organization_owner", kind: "embedding" },
];

/** Ollama's built-in allowed origins (envconfig.AllowedOrigins without OLLAMA_ORIGINS). */
export const OLLAMA_DEFAULT_ORIGINS: readonly string[] = [
  ...["localhost", "127.0.0.1", "0.0.0.0"].flatMap((host) => [`http://${host}`, `https://${host}`, `http://${host}:*`, `https://${host}:*`]),
  "app://*",
  "file://*",
  "tauri://*",
  "vscode-webview://*",
  "vscode-file://*",
];

export interface LocalAiServerOptions extends Omit<OpenAIEmulatorOptions, "keys"> {
  /** "openai-compatible" by default. */
  mode?: LocalServerMode;
  /** openai-compatible mode: require this key (LM Studio's "require API token"). Any key or none otherwise. */
  apiKey?: string;
  /** ollama mode: extra allowed origins, like OLLAMA_ORIGINS (a comma-separated string or a list). */
  allowedOrigins?: string | string[];
  /** How the server treats a json_schema request; "json_schema" by default. */
  structuredOutput?: LocalStructuredOutput;
}

function parseOrigins(origins: string | readonly string[]): string[] {
  const list = typeof origins === "string" ? origins.split(",") : origins;
  return list.map((o) => o.trim()).filter(Boolean);
}

/** gin-contrib/cors wildcard matching: one `*` splits the pattern into a prefix and a suffix. */
function originMatches(pattern: string, origin: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === origin;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return origin.length >= prefix.length + suffix.length && origin.startsWith(prefix) && origin.endsWith(suffix);
}

export class LocalAiServer extends OpenAIEmulator {
  private currentMode: LocalServerMode;
  private requiredKey: string | undefined;
  private extraOrigins: string[];
  private customModels: boolean;
  private listening: Listening | undefined;
  private structured: LocalStructuredOutput;

  constructor(options: LocalAiServerOptions = {}) {
    const mode = options.mode ?? "openai-compatible";
    super({ ...options, keys: [], models: options.models ?? [...(mode === "ollama" ? OLLAMA_MODELS : LM_STUDIO_MODELS)] }, "local");
    this.currentMode = mode;
    this.requiredKey = options.apiKey;
    this.extraOrigins = parseOrigins(options.allowedOrigins ?? []);
    this.customModels = options.models !== undefined;
    this.structured = options.structuredOutput ?? "json_schema";
  }

  // ---- listening ----

  /** Starts the plain-HTTP listener on 127.0.0.1 at a free port; resolves to the base URL. */
  async listen(): Promise<string> {
    this.listening ??= await listenHttp(this.handle);
    return this.baseUrl;
  }

  /** e.g. http://127.0.0.1:41234/v1: what a user types into the extension's settings. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** e.g. http://127.0.0.1:41234: the origin the extension asks host permission for. */
  get origin(): string {
    if (!this.listening) throw new Error("the local AI server is not listening: call listen() first");
    return this.listening.url;
  }

  async close(): Promise<void> {
    await this.listening?.close();
    this.listening = undefined;
  }

  // ---- settings ----

  get mode(): LocalServerMode {
    return this.currentMode;
  }

  /** Switches behaviour; the catalog follows the mode unless models were set explicitly. */
  setMode(mode: LocalServerMode): this {
    this.currentMode = mode;
    if (!this.customModels) super.setModels([...(mode === "ollama" ? OLLAMA_MODELS : LM_STUDIO_MODELS)]);
    return this;
  }

  override setModels(models: OpenAIModel[]): this {
    this.customModels = true;
    return super.setModels(models);
  }

  /** openai-compatible mode: require this key from now on (undefined: any key or none). */
  requireApiKey(key: string | undefined): this {
    this.requiredKey = key;
    return this;
  }

  /** ollama mode: what OLLAMA_ORIGINS would add to the defaults, e.g. "chrome-extension://*" (empty: the defaults only). */
  setAllowedOrigins(origins: string | readonly string[]): this {
    this.extraOrigins = parseOrigins(origins);
    return this;
  }

  /** How json_schema requests are treated from now on. */
  setStructuredOutput(support: LocalStructuredOutput): this {
    this.structured = support;
    return this;
  }

  get allowedOrigins(): readonly string[] {
    return [...this.extraOrigins, ...OLLAMA_DEFAULT_ORIGINS];
  }

  // ---- behaviour ----

  protected override answerCors(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.currentMode !== "ollama") return handleCors(req, res, this.exposedHeaders);
    const origin = req.headers.origin;
    if (!origin) return false;
    const sameOrigin = origin === `http://${req.headers.host ?? ""}` || origin === `https://${req.headers.host ?? ""}`;
    if (!sameOrigin && !this.allowedOrigins.some((pattern) => originMatches(pattern, origin))) {
      // gin's AbortWithStatus(403): no body, no content type.
      res.writeHead(403, { "content-length": "0" });
      res.end();
      return true;
    }
    return handleCors(req, res, this.exposedHeaders);
  }

  protected override keyCheck(key: string | undefined): KeyCheck {
    if (this.currentMode === "openai-compatible" && this.requiredKey !== undefined) {
      if (!key) return { kind: "missing", label: "(none)" };
      if (key !== this.requiredKey) return { kind: "invalid", label: `invalid:${keyLabelFor(key)}` };
    }
    // Ollama ignores the Authorization header; so does LM Studio unless told to require a key.
    return { kind: "ok", label: key ? keyLabelFor(key) : "(none)" };
  }

  protected override readOutput(format: unknown, config: unknown, param: string): { output: StructuredOutput } | { error: OpenAIError } | undefined {
    const read = readJsonSchemaFormat(format, config, param, false);
    if (!read || this.structured === "json_schema") return read;
    if (this.structured === "ignored") return undefined;
    const message = `'${param.split(".")[0]}' of type 'json_schema' is not supported by this server.`;
    return { error: { status: 400, body: { error: { message, type: "invalid_request_error", param: param.split(".")[0] ?? param, code: null } } } };
  }

  protected override serves(api: OpenAIApi): boolean {
    return !(this.currentMode === "ollama" && api === "responses");
  }

  protected override unknownEndpoint(call: Call, method: string, path: string): void {
    const { res } = call;
    if (this.currentMode === "ollama") {
      if (path === "/" && (method === "GET" || method === "HEAD")) return this.text(res, 200, "Ollama is running");
      return this.text(res, 404, "404 page not found");
    }
    this.fail(call, { status: 404, body: { error: { message: `Unexpected endpoint or method. (${method} ${path})`, type: "invalid_request_error", param: null, code: null } } });
  }

  protected override modelNotFound(model: string): OpenAIError {
    const message = this.currentMode === "ollama" ? `model "${model}" not found, try pulling it first` : `Model "${model}" not found. Load or download it first.`;
    return { status: 404, body: { error: { message, type: this.currentMode === "ollama" ? "not_found_error" : "invalid_request_error", param: null, code: "model_not_found" } } };
  }

  private text(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }
}
