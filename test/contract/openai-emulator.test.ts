/**
 * Contract tests for the OpenAI emulator, with the official `openai` SDK as
 * the client: if the SDK accepts what the emulator sends (and raises the same
 * error classes and codes as against api.openai.com), the wire format is right.
 */
import OpenAI, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OPENAI_DEMO_KEY, OPENAI_EXHAUSTED_KEY, OpenAIEmulator } from "../sandbox/ai/openai";
import { maskKey } from "../sandbox/ai/openai-errors";
import { OPENAI_MODELS } from "../sandbox/ai/openai-models";
import { countTokens, tokenize } from "../sandbox/ai/tokens";
import { listenHttp, type Listening } from "../sandbox/http";

const MODEL = "gpt-5.6";

let emulator: OpenAIEmulator;
let server: Listening;

beforeEach(async () => {
  emulator = new OpenAIEmulator();
  server = await listenHttp(emulator.handle);
});

afterEach(async () => {
  await server.close();
});

function client(apiKey = OPENAI_DEMO_KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${server.url}/v1`, dangerouslyAllowBrowser: true, maxRetries: 0 });
}

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function events(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const list: ResponseStreamEvent[] = [];
  for await (const event of stream) list.push(event);
  return list;
}

function deltas(list: ResponseStreamEvent[]): string {
  return list.map((e) => (e.type === "response.output_text.delta" ? e.delta : "")).join("");
}

async function settled(seq: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (emulator.requests.find((e) => e.seq === seq)?.outcome) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`request #${seq} never settled:\n${emulator.formatLog()}`);
}

const AWKWARD = [
  "| a | b |\n| - | - |\n| 👩🏽‍💻 | `x|y` |",
  "```python\nprint('''\n🐍''')\n```",
  "Paragraph: " + "naïve café résumé 😀 ".repeat(120),
].join("\n\n");

describe("OpenAI emulator: Responses API", () => {
  it("streams the real event sequence with sequence numbers, text and usage", async () => {
    const answer = "## Notes\n\n- one\n- two\n";
    emulator.scriptAnswer(answer);
    const list = await events(
      await client().responses.create({
        model: MODEL,
        instructions: "You write Notion pages.",
        input: [{ role: "user", content: [{ type: "input_text", text: "Make notes" }] }],
        temperature: 0.2,
        stream: true,
      }),
    );

    const tokens = tokenize(answer).length;
    expect(list.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      ...Array<string>(tokens).fill("response.output_text.delta"),
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(list.map((e) => e.sequence_number)).toEqual(list.map((_, i) => i));
    expect(deltas(list)).toBe(answer);

    const created = list[0] as Extract<ResponseStreamEvent, { type: "response.created" }>;
    expect(created.response).toMatchObject({ object: "response", status: "in_progress", model: MODEL, output: [], usage: null, temperature: 0.2 });
    const done = list.find((e) => e.type === "response.output_text.done") as Extract<ResponseStreamEvent, { type: "response.output_text.done" }>;
    expect(done.text).toBe(answer);
    const firstDelta = list.find((e) => e.type === "response.output_text.delta") as Extract<ResponseStreamEvent, { type: "response.output_text.delta" }>;
    expect(firstDelta).toMatchObject({ output_index: 0, content_index: 0, item_id: done.item_id });
    expect(done.item_id).toMatch(/^msg_/u);

    const completed = list.at(-1) as Extract<ResponseStreamEvent, { type: "response.completed" }>;
    const input = countTokens("You write Notion pages.\n\nMake notes");
    expect(completed.response).toMatchObject({ id: created.response.id, status: "completed", incomplete_details: null, instructions: "You write Notion pages." });
    expect(completed.response.id).toMatch(/^resp_/u);
    expect(completed.response.usage).toMatchObject({ input_tokens: input, output_tokens: tokens, total_tokens: input + tokens });
    expect(completed.response.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: answer }] });

    const [entry] = emulator.requests;
    expect(entry).toMatchObject({ method: "POST", path: "/v1/responses", model: MODEL, key: "openai-demo", status: 200, outcome: "complete", tokensSent: tokens });
    expect(JSON.stringify(emulator.requests) + emulator.formatLog()).not.toContain(OPENAI_DEMO_KEY);
  });

  it("passes instructions and input to answer rules; default answers are deterministic", async () => {
    emulator.answerWhen((r) => r.system.includes("haiku"), (r) => `haiku about ${r.prompt}`);
    const text = async (input: string, instructions?: string) => (await client().responses.create({ model: MODEL, input, instructions })).output_text;
    expect(await text("the sea", "Write a haiku")).toBe("haiku about the sea");
    const first = await text("Summarise the meeting notes");
    expect(first).toMatch(/^## Summarise the meeting notes\n/u);
    expect(await text("Summarise the meeting notes")).toBe(first);
  });

  it("returns a whole Response without stream, with output_text and usage", async () => {
    emulator.scriptAnswer("Whole answer.");
    const response = await client().responses.create({ model: MODEL, input: "Tell me" });
    expect(response.output_text).toBe("Whole answer.");
    expect(response.status).toBe("completed");
    expect(response.usage).toMatchObject({ input_tokens: countTokens("Tell me"), output_tokens: countTokens("Whole answer.") });
  });

  it("streams long awkward Markdown intact, one token per delta, without splitting surrogate pairs", async () => {
    emulator.scriptAnswer(AWKWARD);
    const list = await events(await client().responses.create({ model: MODEL, input: "awkward", stream: true }));
    expect(deltas(list)).toBe(AWKWARD);
    for (const event of list) if (event.type === "response.output_text.delta") expect(event.delta).not.toMatch(/[\uD800-\uDFFF]/u);
  });

  it("max_output_tokens ends with response.incomplete (reason max_output_tokens) and the truncated text", async () => {
    const answer = "word ".repeat(60);
    emulator.scriptAnswer(answer);
    const list = await events(await client().responses.create({ model: MODEL, input: "long", max_output_tokens: 16, stream: true }));
    const last = list.at(-1) as Extract<ResponseStreamEvent, { type: "response.incomplete" }>;
    expect(last.type).toBe("response.incomplete");
    expect(last.response.status).toBe("incomplete");
    expect(last.response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(last.response.usage?.output_tokens).toBe(16);
    expect(deltas(list)).toBe(tokenize(answer).slice(0, 16).join(""));
    expect(list.find((e) => e.type === "response.output_item.done")).toMatchObject({ item: { status: "incomplete" } });
    expect(list.some((e) => e.type === "response.completed")).toBe(false);
  });

  it("rejects max_output_tokens below 16, as the real API does", async () => {
    const error = await thrown(() => client().responses.create({ model: MODEL, input: "x", max_output_tokens: 5 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "integer_below_min_value", param: "max_output_tokens" });
  });

  it("reasoning models emit a reasoning item first (message at output_index 1) and count reasoning tokens", async () => {
    emulator.setReasoningTokens(12).scriptAnswer("Short.");
    const list = await events(await client().responses.create({ model: MODEL, input: "think", stream: true }));
    expect(list.find((e) => e.type === "response.output_item.added")).toMatchObject({ output_index: 0, item: { type: "reasoning" } });
    expect(list.find((e) => e.type === "response.output_text.delta")).toMatchObject({ output_index: 1 });
    const completed = list.at(-1) as Extract<ResponseStreamEvent, { type: "response.completed" }>;
    expect(completed.response.usage).toMatchObject({ output_tokens: 12 + countTokens("Short."), output_tokens_details: { reasoning_tokens: 12 } });
    expect(deltas(list)).toBe("Short.");
  });

  it("stops writing when the client aborts via { signal }: the SDK ends the iteration quietly", async () => {
    emulator.scriptAnswer("tick ".repeat(200)).setTiming({ tokensPerSecond: 200 });
    const controller = new AbortController();
    let received = "";
    const stream = await client().responses.create({ model: MODEL, input: "slow", stream: true }, { signal: controller.signal });
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") received += event.delta;
      if (received.length >= 15) controller.abort();
    }
    expect(received.length).toBeGreaterThanOrEqual(15);
    expect("tick ".repeat(200).startsWith(received)).toBe(true);
    await settled(1);
    expect(emulator.requests[0]?.outcome).toBe("aborted");
    expect(emulator.requests[0]?.tokensSent).toBeLessThan(100);
  });

  it("cuts the stream mid-answer: the SDK throws after the partial deltas, with no completion event", async () => {
    const answer = "alpha beta gamma delta epsilon zeta eta theta";
    emulator.scriptAnswer(answer).cutNextStream(4);
    const seen: ResponseStreamEvent[] = [];
    const error = await thrown(async () => {
      for await (const event of await client().responses.create({ model: MODEL, input: "cut", stream: true })) seen.push(event);
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(APIError);
    expect(deltas(seen)).toBe(tokenize(answer).slice(0, 4).join(""));
    expect(seen.some((e) => e.type === "response.completed" || e.type === "response.output_text.done")).toBe(false);
    expect(emulator.requests[0]).toMatchObject({ outcome: "cut", tokensSent: 4 });
  });

  it("sends response.created at once and the first delta no sooner than ttftMs (lower bounds only)", async () => {
    const answer = "one two three four five six seven eight nine ten";
    emulator.scriptAnswer(answer).setTiming({ ttftMs: 200, tokensPerSecond: 50 });
    const start = performance.now();
    let firstDelta = 0;
    const list: ResponseStreamEvent[] = [];
    for await (const event of await client().responses.create({ model: MODEL, input: "timed", stream: true })) {
      if (event.type === "response.output_text.delta" && !firstDelta) firstDelta = performance.now() - start;
      list.push(event);
    }
    const total = performance.now() - start;
    expect(deltas(list)).toBe(answer);
    expect(firstDelta).toBeGreaterThanOrEqual(190);
    expect(total).toBeGreaterThanOrEqual(200 + ((tokenize(answer).length - 1) * 1000) / 50 - 10);
  });

  it("uses the SSE wire format with event names and an x-request-id header", async () => {
    emulator.scriptAnswer("Hi there.");
    const response = await fetch(`${server.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPENAI_DEMO_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, input: "hi", stream: true }),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/u);
    const raw = await response.text();
    const blocks = raw.split("\n\n").filter(Boolean);
    for (const block of blocks) {
      const [eventLine, dataLine] = block.split("\n");
      const type = eventLine?.replace(/^event: /u, "");
      expect(eventLine).toMatch(/^event: response\./u);
      expect((JSON.parse(dataLine?.replace(/^data: /u, "") ?? "") as { type: string }).type).toBe(type);
    }
    expect(raw).not.toContain("[DONE]");
  });
});

describe("OpenAI emulator: Chat Completions", () => {
  it("streams delta chunks, a finish_reason, a usage chunk and [DONE]", async () => {
    const answer = "Hello **world**, from chat.";
    emulator.scriptAnswer(answer);
    const chunks = [];
    const stream = await client().chat.completions.create({
      model: MODEL,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Greet me" },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: "assistant", content: "" });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(answer);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe("stop");
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    const prompt = countTokens("Be brief.\n\nGreet me");
    expect(usageChunk?.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: countTokens(answer), total_tokens: prompt + countTokens(answer) });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]?.id).toMatch(/^chatcmpl-/u);
    expect(chunks[0]?.object).toBe("chat.completion.chunk");

    const raw = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPENAI_DEMO_KEY}` },
      body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "hi" }], stream: true }),
    }).then((r) => r.text());
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(raw).not.toContain("event:");
    expect(raw).not.toContain('"usage"');
  });

  it("max_tokens truncates with finish_reason length; non-streaming too", async () => {
    const answer = "word ".repeat(30);
    emulator.scriptAnswer(answer).scriptAnswer(answer);
    let text = "";
    let finish: string | null | undefined;
    for await (const chunk of await client().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "long" }], max_tokens: 5, stream: true })) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(tokenize(answer).slice(0, 5).join(""));
    expect(finish).toBe("length");

    const whole = await client().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "long" }], max_completion_tokens: 8 });
    expect(whole.choices[0]?.message.content).toBe(tokenize(answer).slice(0, 8).join(""));
    expect(whole.choices[0]?.finish_reason).toBe("length");
    expect(whole.usage?.completion_tokens).toBe(8);
  });

  it("cuts a chat stream mid-answer: the SDK throws after the partial text", async () => {
    emulator.scriptAnswer("one two three four five six").cutNextStream(2);
    let text = "";
    const error = await thrown(async () => {
      for await (const chunk of await client().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "x" }], stream: true })) {
        text += chunk.choices[0]?.delta.content ?? "";
      }
    });
    expect(error).not.toBeInstanceOf(APIError);
    expect(text).toBe("one two");
  });

  it("rejects an embedding model as not a chat model (404)", async () => {
    const error = await thrown(() => client().chat.completions.create({ model: "text-embedding-3-small", messages: [{ role: "user", content: "x" }] }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain("not a chat model");
  });
});

describe("OpenAI emulator: models and errors", () => {
  it("lists and retrieves models", async () => {
    const ids: string[] = [];
    for await (const model of client().models.list()) {
      expect(model).toMatchObject({ object: "model", owned_by: "system" });
      expect(typeof model.created).toBe("number");
      ids.push(model.id);
    }
    expect(ids).toEqual(OPENAI_MODELS.map((m) => m.id));
    expect(ids).toEqual(expect.arrayContaining(["gpt-6", "gpt-5.6", "gpt-5.6-mini"]));
    await expect(client().models.retrieve("gpt-6")).resolves.toMatchObject({ id: "gpt-6", object: "model" });
    await expect(client().models.retrieve("gpt-4o")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rejects a bad key with AuthenticationError invalid_api_key, echoing the key masked", async () => {
    const badKey = "sk-proj-ThisKeyIsWrong1234567890abcdWXYZ";
    const error = await thrown(() => client(badKey).responses.create({ model: MODEL, input: "x", stream: true }));
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth).toMatchObject({ status: 401, code: "invalid_api_key", type: "invalid_request_error", param: null });
    expect(auth.message).toContain(`Incorrect API key provided: ${maskKey(badKey)}.`);
    expect(auth.message).toMatch(/sk-proj-\*+WXYZ/u);
    expect(auth.message).not.toContain(badKey);
    expect(auth.requestID).toMatch(/^req_/u);
    const legacy = "sk-abcdefghijklmnopxyz9";
    expect(maskKey(legacy)).toBe(`sk-ab${"*".repeat(legacy.length - 9)}xyz9`);
    await expect(client(badKey).models.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(emulator.requests) + emulator.formatLog()).not.toContain(badKey);
  });

  it("answers a request without a key with 401", async () => {
    const response = await fetch(`${server.url}/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", code: null, message: expect.stringContaining("You didn't provide an API key") } });
  });

  it("distinguishes insufficient_quota from rate_limit_exceeded (both RateLimitError 429)", async () => {
    const quota = await thrown(() => client(OPENAI_EXHAUSTED_KEY).responses.create({ model: MODEL, input: "x" }));
    expect(quota).toBeInstanceOf(RateLimitError);
    expect(quota).toMatchObject({ status: 429, code: "insufficient_quota", type: "insufficient_quota" });
    expect((quota as RateLimitError).message).toContain("You exceeded your current quota, please check your plan and billing details");
    expect((quota as RateLimitError).headers?.get("retry-after")).toBeNull();
    // Listing models does not spend quota.
    await expect(client(OPENAI_EXHAUSTED_KEY).models.list()).resolves.toBeDefined();

    let now = 5_000_000;
    emulator = new OpenAIEmulator({ keys: [{ key: "sk-rpm-limited-key-000000", rpm: 1 }], now: () => now });
    await server.close();
    server = await listenHttp(emulator.handle);
    const limited = client("sk-rpm-limited-key-000000");
    await limited.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "1" }] });
    now += 25_000;
    const rate = await thrown(() => limited.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "2" }] }));
    expect(rate).toBeInstanceOf(RateLimitError);
    expect(rate).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "requests" });
    expect((rate as RateLimitError).headers?.get("retry-after")).toBe("35");
    expect((rate as RateLimitError).headers?.get("x-ratelimit-remaining-requests")).toBe("0");
    expect((rate as RateLimitError).message).toContain("Please try again in 35s");
    now += 35_000;
    await expect(limited.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "3" }] })).resolves.toBeDefined();
  });

  it("answers an unknown model with 404 model_not_found", async () => {
    const error = await thrown(() => client().responses.create({ model: "gpt-4o", input: "x", stream: true }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found" });
    expect((error as NotFoundError).message).toContain("The model `gpt-4o` does not exist or you do not have access to it.");
  });

  it("can fail the next request with 503 (overloaded), then recover", async () => {
    emulator.failNext();
    await expect(client().responses.create({ model: MODEL, input: "x" })).rejects.toBeInstanceOf(InternalServerError);
    await expect(client().responses.create({ model: MODEL, input: "x" })).resolves.toMatchObject({ status: "completed" });
  });

  it("can inject a rate limit (retry-after) or an insufficient_quota error", async () => {
    emulator.failNext("rate_limited").failNext("no_credit");
    const rate = await thrown(() => client().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "x" }] }));
    expect(rate).toBeInstanceOf(RateLimitError);
    expect(rate).toMatchObject({ code: "rate_limit_exceeded" });
    expect((rate as RateLimitError).headers?.get("retry-after")).toBe("20");
    await expect(client().responses.create({ model: MODEL, input: "x" })).rejects.toMatchObject({ status: 429, code: "insufficient_quota" });
  });

  it("answers CORS preflights and unknown URLs like the real API", async () => {
    const preflight = await fetch(`${server.url}/v1/responses`, {
      method: "OPTIONS",
      headers: { origin: "chrome-extension://abcdef", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("chrome-extension://abcdef");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type");

    const unknown = await fetch(`${server.url}/v1/nope`, { method: "POST", headers: { authorization: `Bearer ${OPENAI_DEMO_KEY}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: "Invalid URL (POST /v1/nope)", type: "invalid_request_error" } });
  });
});
