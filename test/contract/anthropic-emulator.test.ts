/**
 * Contract tests for the Anthropic emulator, with the official
 * `@anthropic-ai/sdk` as the client: if the SDK accepts what the emulator sends
 * (and raises the same error classes and types as against api.anthropic.com),
 * the wire format is right.
 */
import Anthropic, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, OverloadedError, RateLimitError } from "@anthropic-ai/sdk";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANTHROPIC_DEMO_KEY, ANTHROPIC_NO_CREDIT_KEY, AnthropicEmulator } from "../sandbox/ai/anthropic";
import { ANTHROPIC_MODELS } from "../sandbox/ai/anthropic-models";
import { countTokens, tokenize } from "../sandbox/ai/tokens";
import { listenHttp, type Listening } from "../sandbox/http";

const MODEL = "claude-sonnet-5-5";

let emulator: AnthropicEmulator;
let server: Listening;

beforeEach(async () => {
  emulator = new AnthropicEmulator();
  server = await listenHttp(emulator.handle);
});

afterEach(async () => {
  await server.close();
});

function client(apiKey = ANTHROPIC_DEMO_KEY, options: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}): Anthropic {
  return new Anthropic({ apiKey, baseURL: server.url, maxRetries: 0, ...options });
}

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

function deltas(list: RawMessageStreamEvent[]): string {
  return list.map((e) => (e.type === "content_block_delta" && e.delta.type === "text_delta" ? e.delta.text : "")).join("");
}

/** A raw request, for what the SDK would never send. */
function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "x-api-key": ANTHROPIC_DEMO_KEY, "anthropic-version": "2023-06-01", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function settled(seq: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (emulator.requests.find((e) => e.seq === seq)?.outcome) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`request #${seq} never settled:\n${emulator.formatLog()}`);
}

const ask = { model: MODEL, max_tokens: 1024, messages: [{ role: "user" as const, content: "Write notes" }] };

describe("Anthropic emulator: Messages streaming", () => {
  it("streams the real event sequence with text deltas, input and output usage, and end_turn", async () => {
    const answer = "## Notes\n\n- one\n- two 👩🏽‍💻\n";
    emulator.scriptAnswer(answer);
    const list: RawMessageStreamEvent[] = [];
    const stream = await client().messages.create({ ...ask, system: "You write Notion pages.", stream: true });
    for await (const event of stream) list.push(event);

    const batches = Math.ceil(tokenize(answer).length / emulator.timing.tokensPerEvent);
    expect(list.map((e) => e.type)).toEqual([
      "message_start",
      "content_block_start",
      ...Array<string>(batches).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(deltas(list)).toBe(answer);

    const input = countTokens("You write Notion pages.\n\nWrite notes");
    const start = list[0] as Extract<RawMessageStreamEvent, { type: "message_start" }>;
    expect(start.message).toMatchObject({ type: "message", role: "assistant", model: MODEL, content: [], stop_reason: null, usage: { input_tokens: input } });
    expect(start.message.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/u);
    expect(list[1]).toEqual({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    const delta = list.at(-2) as Extract<RawMessageStreamEvent, { type: "message_delta" }>;
    expect(delta.delta).toEqual({ stop_reason: "end_turn", stop_sequence: null });
    expect(delta.usage.output_tokens).toBe(countTokens(answer));

    const [entry] = emulator.requests;
    expect(entry).toMatchObject({ method: "POST", path: "/v1/messages", model: MODEL, key: "anthropic-demo", status: 200, outcome: "complete", tokensSent: tokenize(answer).length });
    expect(entry?.body).toMatchObject({ system: "You write Notion pages.", max_tokens: 1024, stream: true });
    expect(JSON.stringify(emulator.requests) + emulator.formatLog()).not.toContain(ANTHROPIC_DEMO_KEY);
  });

  it("works with the SDK's stream helper: text events, final message, usage and stop reason", async () => {
    emulator.scriptAnswer("Hello from Claude.");
    let text = "";
    const stream = client().messages.stream({ ...ask, system: [{ type: "text", text: "Be brief." }] });
    stream.on("text", (t) => (text += t));
    const message = await stream.finalMessage();
    expect(text).toBe("Hello from Claude.");
    expect(message.content).toEqual([{ type: "text", text: "Hello from Claude." }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage).toMatchObject({ input_tokens: countTokens("Be brief.\n\nWrite notes"), output_tokens: countTokens("Hello from Claude.") });
  });

  it("sends the ping event on the wire (the SDK skips it) and names every event after its type", async () => {
    emulator.scriptAnswer("Hi there.");
    const response = await post("/v1/messages", { ...ask, stream: true });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("request-id")).toMatch(/^req_011C[A-Za-z0-9]{20}$/u);
    const blocks = (await response.text()).split("\n\n").filter(Boolean);
    const names = blocks.map((block) => {
      const [eventLine, dataLine] = block.split("\n");
      const name = eventLine?.replace(/^event: /u, "");
      expect((JSON.parse(dataLine?.replace(/^data: /u, "") ?? "") as { type: string }).type).toBe(name);
      return name;
    });
    expect(names.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(names.at(-1)).toBe("message_stop");
  });

  it("max_tokens cuts the answer: stop_reason max_tokens and output_tokens equal to the limit", async () => {
    const answer = "word ".repeat(60);
    emulator.scriptAnswer(answer).scriptAnswer(answer);
    const message = await client().messages.stream({ ...ask, max_tokens: 10 }).finalMessage();
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(10);
    expect(message.content[0]).toMatchObject({ type: "text", text: tokenize(answer).slice(0, 10).join("") });

    const whole = await client().messages.create({ ...ask, max_tokens: 7 });
    expect(whole.stop_reason).toBe("max_tokens");
    expect(whole.content[0]).toMatchObject({ text: tokenize(answer).slice(0, 7).join("") });
  });

  it("an error event mid-stream surfaces as an APIError of type overloaded_error, after the partial text", async () => {
    const answer = "alpha beta gamma delta epsilon zeta eta theta";
    emulator.scriptAnswer(answer).failMidStream(4);
    const seen: RawMessageStreamEvent[] = [];
    const error = await thrown(async () => {
      for await (const event of await client().messages.create({ ...ask, stream: true })) seen.push(event);
    });
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: undefined, type: "overloaded_error" });
    expect((error as APIError).message).toContain("Overloaded");
    expect(deltas(seen)).toBe(tokenize(answer).slice(0, 4).join(""));
    expect(seen.some((e) => e.type === "message_stop" || e.type === "message_delta")).toBe(false);
    expect(emulator.requests[0]).toMatchObject({ status: 200, tokensSent: 4 });

    // The helper rejects too; the next request is healthy (faults are one-shot).
    emulator.failMidStream(0);
    await expect(client().messages.stream(ask).finalMessage()).rejects.toMatchObject({ type: "overloaded_error" });
    await expect(client().messages.stream(ask).finalMessage()).resolves.toMatchObject({ stop_reason: "end_turn" });
  });

  it("cuts the connection mid-answer: the SDK throws a non-API error after the partial text", async () => {
    const answer = "one two three four five six seven eight";
    emulator.scriptAnswer(answer).cutNextStream(3);
    let text = "";
    const error = await thrown(async () => {
      for await (const event of await client().messages.create({ ...ask, stream: true })) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      }
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(APIError);
    expect(text).toBe(tokenize(answer).slice(0, 3).join(""));
    expect(emulator.requests[0]).toMatchObject({ outcome: "cut", tokensSent: 3 });
  });

  it("stops writing when the client aborts, and paces the first delta by ttftMs", async () => {
    emulator.scriptAnswer("tick ".repeat(200)).setTiming({ ttftMs: 150, tokensPerSecond: 200, tokensPerEvent: 1 });
    const controller = new AbortController();
    const started = performance.now();
    let firstDelta = 0;
    let received = "";
    const stream = await client().messages.create({ ...ask, stream: true }, { signal: controller.signal });
    for await (const event of stream) {
      if (event.type !== "content_block_delta" || event.delta.type !== "text_delta") continue;
      firstDelta ||= performance.now() - started;
      received += event.delta.text;
      if (received.length >= 15) controller.abort();
    }
    expect(firstDelta).toBeGreaterThanOrEqual(140);
    expect("tick ".repeat(200).startsWith(received)).toBe(true);
    await settled(1);
    expect(emulator.requests[0]?.outcome).toBe("aborted");
    expect(emulator.requests[0]?.tokensSent).toBeLessThan(100);
  });
});

describe("Anthropic emulator: non-streaming, models and token counting", () => {
  it("returns a whole Message; default answers are deterministic and rules see the system prompt", async () => {
    emulator.answerWhen((r) => r.system.includes("haiku"), (r) => `haiku about ${r.prompt}`);
    const haiku = await client().messages.create({ ...ask, system: "Write a haiku", messages: [{ role: "user", content: [{ type: "text", text: "the sea" }] }] });
    expect(haiku).toMatchObject({ type: "message", role: "assistant", model: MODEL, stop_reason: "end_turn", content: [{ type: "text", text: "haiku about the sea" }] });
    expect(haiku.usage).toMatchObject({ input_tokens: countTokens("Write a haiku\n\nthe sea"), output_tokens: countTokens("haiku about the sea") });

    const first = await client().messages.create(ask);
    const again = await client().messages.create(ask);
    expect(first.content[0]).toMatchObject({ type: "text", text: expect.stringMatching(/^## Write notes\n/u) });
    expect(again.content).toEqual(first.content);
  });

  it("lists models page by page (has_more, first_id, last_id) and retrieves one by id or alias", async () => {
    const ids: string[] = [];
    for await (const model of client().models.list({ limit: 3 })) {
      expect(model).toMatchObject({ type: "model", lifecycle: "active" });
      expect(Date.parse(model.created_at)).not.toBeNaN();
      expect(model.display_name).toMatch(/^Claude /u);
      ids.push(model.id);
    }
    expect(ids).toEqual(ANTHROPIC_MODELS.map((m) => m.id));
    expect(emulator.requests.map((e) => e.path)).toEqual(["/v1/models?limit=3", `/v1/models?limit=3&after_id=${ids[2]}`, `/v1/models?limit=3&after_id=${ids[5]}`]);

    const page = await client().models.list({ limit: 2 });
    expect(page).toMatchObject({ has_more: true, first_id: ids[0], last_id: ids[1] });
    const back = await client().models.list({ limit: 2, before_id: ids[3] as string });
    expect(back.data.map((m) => m.id)).toEqual(ids.slice(1, 3));

    await expect(client().models.retrieve("claude-haiku-4-5")).resolves.toMatchObject({ id: "claude-haiku-4-5-20251001", display_name: "Claude Haiku 4.5" });
    await expect(client().models.retrieve("claude-3-opus-20240229")).rejects.toBeInstanceOf(NotFoundError);
    const aliased = await client().messages.create({ ...ask, model: "claude-haiku-4-5" });
    expect(aliased.model).toBe("claude-haiku-4-5-20251001");
  });

  it("counts tokens", async () => {
    const counted = await client().messages.countTokens({ model: MODEL, system: "Sys", messages: [{ role: "user", content: "count me please" }] });
    expect(counted.input_tokens).toBe(countTokens("Sys\n\ncount me please"));
  });
});

describe("Anthropic emulator: errors", () => {
  it("rejects a wrong key with AuthenticationError (authentication_error, 'invalid x-api-key'), with a request id", async () => {
    const badKey = "sk-ant-api03-ThisKeyIsWrong-000000000000000000AA";
    const error = await thrown(() => client(badKey).messages.create({ ...ask, stream: true }));
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth).toMatchObject({ status: 401, type: "authentication_error", apiMessage: "invalid x-api-key" });
    expect(auth.requestID).toMatch(/^req_011C/u);
    expect(auth.error).toEqual({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" }, request_id: auth.requestID });
    await expect(client(badKey).models.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(emulator.requests) + emulator.formatLog()).not.toContain(badKey);

    const missing = await post("/v1/messages", ask, { "x-api-key": "" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } });
  });

  it("requires the anthropic-version header, max_tokens and a known model", async () => {
    const noVersion = await post("/v1/messages", ask, { "anthropic-version": "" });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error", message: "anthropic-version: header is required" } });

    const noMax = await post("/v1/messages", { model: MODEL, messages: ask.messages });
    expect(noMax.status).toBe(400);
    expect(await noMax.json()).toMatchObject({ error: { type: "invalid_request_error", message: "max_tokens: Field required" } });

    const tooMany = await thrown(() => client().messages.create({ ...ask, model: "claude-haiku-4-5", max_tokens: 100_000, stream: true }));
    expect(tooMany).toBeInstanceOf(BadRequestError);
    expect((tooMany as BadRequestError).apiMessage).toBe("max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001");

    const unknown = await thrown(() => client().messages.create({ ...ask, model: "claude-3-opus-20240229" }));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toMatchObject({ status: 404, type: "not_found_error", apiMessage: "model: claude-3-opus-20240229" });
  });

  it("a rate limit is RateLimitError 429 (rate_limit_error) with retry-after: injected, or from a key's RPM", async () => {
    emulator.failNext("rate_limited");
    const injected = await thrown(() => client().messages.create(ask));
    expect(injected).toBeInstanceOf(RateLimitError);
    expect(injected).toMatchObject({ status: 429, type: "rate_limit_error" });
    expect((injected as RateLimitError).headers.get("retry-after")).toBe("20");
    expect((injected as RateLimitError).headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");

    let now = 1_000_000;
    emulator = new AnthropicEmulator({ keys: [{ key: "sk-ant-rpm-limited-00000", rpm: 1 }], now: () => now });
    await server.close();
    server = await listenHttp(emulator.handle);
    const limited = client("sk-ant-rpm-limited-00000");
    await limited.messages.create(ask);
    now += 15_000;
    const rate = await thrown(() => limited.messages.create(ask));
    expect(rate).toBeInstanceOf(RateLimitError);
    expect((rate as RateLimitError).headers.get("retry-after")).toBe("45");
    expect((rate as RateLimitError).apiMessage).toContain("rate limit for your organization");
    now += 45_000;
    await expect(limited.messages.create(ask)).resolves.toMatchObject({ type: "message" });
  });

  it("overloaded is a 529 OverloadedError (an InternalServerError), then recovers", async () => {
    emulator.failNext("overloaded");
    const error = await thrown(() => client().messages.create({ ...ask, stream: true }));
    expect(error).toBeInstanceOf(OverloadedError);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 529, type: "overloaded_error", apiMessage: "Overloaded" });
    await expect(client().messages.create(ask)).resolves.toMatchObject({ stop_reason: "end_turn" });
  });

  it("no credit is a 400 invalid_request_error about the credit balance (listing models still works)", async () => {
    const error = await thrown(() => client(ANTHROPIC_NO_CREDIT_KEY).messages.create({ ...ask, stream: true }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error" });
    expect((error as BadRequestError).apiMessage).toMatch(/^Your credit balance is too low to access the Anthropic API\./u);
    await expect(client(ANTHROPIC_NO_CREDIT_KEY).models.list()).resolves.toBeDefined();

    emulator.failNext("no_credit");
    await expect(client().messages.create(ask)).rejects.toMatchObject({ status: 400, apiMessage: expect.stringContaining("credit balance is too low") });
  });
});

describe("Anthropic emulator: browser access", () => {
  it("refuses a browser request without the opt-in header: 401 and no CORS header", async () => {
    const response = await post("/v1/messages", ask, { origin: "chrome-extension://abcdef" });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await response.json()).toMatchObject({
      type: "error",
      error: { type: "authentication_error", message: "CORS requests must set 'anthropic-dangerous-direct-browser-access' header" },
    });

    const refusedPreflight = await fetch(`${server.url}/v1/messages`, {
      method: "OPTIONS",
      headers: { origin: "chrome-extension://abcdef", "access-control-request-method": "POST", "access-control-request-headers": "x-api-key,content-type" },
    });
    expect(refusedPreflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(refusedPreflight.ok).toBe(false);
  });

  it("accepts it with dangerouslyAllowBrowser (the SDK sends the header), with CORS headers; preflights naming the header pass", async () => {
    emulator.scriptAnswer("From the browser.");
    const browserLike = client(ANTHROPIC_DEMO_KEY, { dangerouslyAllowBrowser: true, defaultHeaders: { Origin: "chrome-extension://abcdef" } });
    const { data, response } = await browserLike.messages.create(ask).withResponse();
    expect(data.content[0]).toMatchObject({ text: "From the browser." });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    await expect(browserLike.models.list()).resolves.toBeDefined();
    await expect(client(ANTHROPIC_DEMO_KEY, { defaultHeaders: { Origin: "chrome-extension://abcdef" } }).models.list()).rejects.toMatchObject({
      status: 401,
      apiMessage: expect.stringContaining("anthropic-dangerous-direct-browser-access"),
    });

    const preflight = await fetch(`${server.url}/v1/messages`, {
      method: "OPTIONS",
      headers: {
        origin: "chrome-extension://abcdef",
        "access-control-request-method": "POST",
        "access-control-request-headers": "anthropic-dangerous-direct-browser-access,anthropic-version,content-type,x-api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-api-key");
  });
});
