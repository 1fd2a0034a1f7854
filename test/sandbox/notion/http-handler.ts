/**
 * The request pipeline, in Notion's order of concerns: body size, Notion-Version,
 * bearer token, rate limit, route, (fault before), JSON, handler, (fault after).
 * Every answer carries `x-notion-request-id` and CORS headers, and is logged.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { dropExchange, readBody, sendJson, type Handler } from "../http";
import type { ApiContext, Settings } from "./api-context";
import { NotionError, shown } from "./errors";
import type { Fault, FaultInjector } from "./faults";
import { newId } from "./ids";
import { isObject, LIMITS } from "./limits";
import type { RateLimiter } from "./rate-limit";
import type { RequestLog, RequestLogEntry } from "./request-log";
import type { Router } from "./router";
import { Serializer, SUPPORTED_VERSIONS, type ApiVersion } from "./serialize";
import type { Json, Store } from "./store";

export interface PipelineDeps {
  store: Store;
  router: Router;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  settings: Settings;
  clock: () => number;
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, notion-version",
  "access-control-allow-methods": "GET, POST, PATCH, DELETE, OPTIONS",
};

interface Answer {
  status: number;
  body: Json;
  headers: Record<string, string>;
}

const FAULT_ERRORS: Record<"500" | "503" | "529", NotionError> = {
  "500": new NotionError(500, "internal_server_error", "Unexpected error occurred."),
  "503": new NotionError(503, "service_unavailable", "Notion is unavailable. This can occur when the time to respond to a request takes longer than 60 seconds, the maximum request timeout. Please try again later."),
  // Notion asks clients to honour Retry-After on 529 as on 429.
  "529": new NotionError(529, "service_overload", "Notion is overloaded right now. Please try again later.", { "retry-after": "1" }),
};

export function createHandler(deps: PipelineDeps): Handler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const started = deps.clock();
    const requestId = newId();
    const method = (req.method ?? "GET").toUpperCase();
    const rawPath = req.url ?? "/";
    if (method === "OPTIONS") {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const raw = await readBody(req);
    const version = headerOf(req, "notion-version");
    const entry: RequestLogEntry = {
      requestId,
      time: started,
      method,
      path: rawPath,
      status: 0,
      token: "(none)",
      notionVersion: version ?? null,
      body: bodyForLog(raw),
      durationMs: 0,
    };
    let fault: Fault | undefined;
    const finish = (answer: Answer | "dropped") => {
      entry.status = answer === "dropped" ? "dropped" : answer.status;
      if (answer !== "dropped" && answer.status >= 400) entry.code = String(answer.body.code ?? "");
      if (fault) entry.fault = { kind: fault.kind, timing: fault.timing };
      entry.durationMs = deps.clock() - started;
      deps.log.add(entry);
    };

    let answer: Answer;
    try {
      const pathname = new URL(rawPath, "http://api.notion.com").pathname;
      if (Buffer.byteLength(raw) > LIMITS.bodyBytes) {
        // Notion documents a 500KB payload limit; the emulator answers 413 (HTTP's "payload too large") with Notion's error body.
        throw new NotionError(413, "validation_error", `Request body too large: the limit is ${LIMITS.bodyBytes} bytes (500KB), instead was ${Buffer.byteLength(raw)} bytes.`);
      }
      const apiVersion = checkVersion(version);
      const authorization = headerOf(req, "authorization");
      if (authorization) entry.token = "(unknown token)";
      const integration = authenticate(deps.store, authorization);
      entry.token = integration.name;
      const rate = deps.limiter.take(integration.token);
      if (!rate.ok) {
        throw new NotionError(
          429,
          "rate_limited",
          "You have been rate limited. Please try again in a few minutes.",
          { "retry-after": String(rate.retryAfterSeconds) },
          rate.reason ? { rate_limit_reason: rate.reason } : undefined,
        );
      }
      const route = matchRoute(deps.router, method, pathname);
      fault = deps.faults.pick(method, pathname);
      if (fault?.timing === "before") {
        if (fault.kind === "slow") await sleep(fault.delayMs);
        else return faultAnswer(res, fault, requestId, finish);
      }
      const body = method === "GET" || method === "DELETE" ? {} : parseJson(raw);
      const ctx: ApiContext = { store: deps.store, integration, version: apiVersion, ser: new Serializer(deps.store, apiVersion), settings: deps.settings };
      const result = route.handler(ctx, { params: route.params, query: new URL(rawPath, "http://api.notion.com").searchParams, body });
      answer = { status: 200, body: result, headers: {} };
    } catch (error) {
      answer = errorAnswer(error, requestId);
    }
    if (fault?.timing === "after") {
      if (fault.kind === "slow") await sleep(fault.delayMs);
      else return faultAnswer(res, fault, requestId, finish);
    }
    send(res, answer, requestId);
    finish(answer);
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkVersion(version: string | undefined): ApiVersion {
  if (version === undefined || version === "") {
    throw new NotionError(400, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
  }
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    throw new NotionError(
      400,
      "validation_error",
      `Notion-Version header failed validation: Notion-Version header should be one of ${SUPPORTED_VERSIONS.map((v) => `\`"${v}"\``).join(", ")} (the versions this emulator implements), instead was \`${shown(version)}\`.`,
    );
  }
  return version as ApiVersion;
}

function authenticate(store: Store, header: string | undefined) {
  const match = header?.match(/^Bearer\s+(.+)$/i);
  const integration = match ? store.integrations.get(match[1]!.trim()) : undefined;
  if (!integration) throw new NotionError(401, "unauthorized", "API token is invalid.");
  return integration;
}

function matchRoute(router: Router, method: string, pathname: string) {
  let route;
  try {
    route = router.match(method, pathname);
  } catch {
    route = undefined; // a malformed %-escape
  }
  if (!route) throw new NotionError(400, "invalid_request_url", "Invalid request URL.");
  return route;
}

function parseJson(raw: string): Json {
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new NotionError(400, "invalid_json", "Error parsing JSON body.");
  }
  if (!isObject(parsed)) throw new NotionError(400, "validation_error", `body failed validation: body should be an object, instead was \`${shown(parsed)}\`.`);
  return parsed;
}

function bodyForLog(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function errorAnswer(error: unknown, requestId: string): Answer {
  if (error instanceof NotionError) {
    return {
      status: error.status,
      body: {
        object: "error",
        status: error.status,
        code: error.code,
        message: error.message,
        ...(error.additionalData ? { additional_data: error.additionalData } : {}),
        request_id: requestId,
      },
      headers: error.headers,
    };
  }
  console.error("notion emulator: handler crashed", error);
  return {
    status: 500,
    body: { object: "error", status: 500, code: "internal_server_error", message: `Emulator bug: ${String(error)}`, request_id: requestId },
    headers: {},
  };
}

function send(res: ServerResponse, answer: Answer, requestId: string): void {
  const body = answer.status >= 400 ? answer.body : { ...answer.body, ...(answer.body.object === "list" ? { request_id: requestId } : {}) };
  sendJson(res, answer.status, body, { ...CORS, "x-notion-request-id": requestId, ...answer.headers });
}

function faultAnswer(res: ServerResponse, fault: Fault, requestId: string, finish: (answer: Answer | "dropped") => void): void {
  if (fault.kind === "drop") {
    // No answer at all: the client sees a network error ("fetch failed" / "other side closed"), or,
    // over HTTP/1.1 keep-alive, may silently send the request again (see dropExchange).
    dropExchange(res);
    finish("dropped");
    return;
  }
  if (fault.kind === "502") {
    // A 502 comes from Notion's edge (Cloudflare), not the API: an HTML page, no Notion error body.
    const html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";
    res.writeHead(502, { ...CORS, "content-type": "text/html", "content-length": Buffer.byteLength(html), "cf-ray": `${requestId.slice(0, 16).replace(/-/g, "")}-SJC` });
    res.end(html);
    finish({ status: 502, body: { code: "bad_gateway" }, headers: {} });
    return;
  }
  const answer = errorAnswer(FAULT_ERRORS[fault.kind as "500" | "503" | "529"], requestId);
  send(res, answer, requestId);
  finish(answer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
