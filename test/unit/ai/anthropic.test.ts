import { describe, expect, it } from "vitest";
import { ANTHROPIC_DEFAULT_MAX_TOKENS, AnthropicEngine } from "../../../src/ai/anthropic";
import { drain, fakeFetch, json, refused, sse, texts, type Handler, type SseEvent } from "./fake-fetch";

const start = (input = 25): SseEvent => ({
  event: "message_start",
  data: {
    type: "message_start",
    message: { id: "msg_1", type: "message", role: "assistant", content: [], model: "claude-sonnet-4-5", stop_reason: null, stop_sequence: null, usage: { input_tokens: input, output_tokens: 1 } },
  },
});
const delta = (text: string): SseEvent => ({ event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } } });
const end = (stopReason: string, output = 15): SseEvent[] => [
  { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
  { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: output } } },
  { event: "message_stop", data: { type: "message_stop" } },
];
const answer = (parts: string[], stopReason = "end_turn") =>
  sse([
    start(),
    { event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } } },
    { event: "ping", data: { type: "ping" } },
    ...parts.map(delta),
    ...end(stopReason),
  ]);
const apiError = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { type: "error", error: { type, message } }, headers);

function engine(handler: Handler) {
  const fake = fakeFetch(handler);
  return { engine: new AnthropicEngine({ apiKey: "sk-ant-test", fetch: fake.fetch }), requests: fake.requests };
}

describe("Claude engine", () => {
  it("streams text deltas, then the usage from message_start and message_delta", async () => {
    const { engine: claude, requests } = engine(() => answer(["Hello", ", world"]));
    const { events, error } = await drain(claude.stream({ model: "claude-sonnet-4-5", prompt: "Say hello", systemInstruction: "Be terse" }));
    expect(error).toBeUndefined();
    expect(texts(events)).toEqual(["Hello", ", world"]);
    expect(events.at(-1)).toEqual({ type: "done", usage: { inputTokens: 25, outputTokens: 15 }, finish: "stop" });
    const [request] = requests;
    expect(request!.url.href).toBe("https://api.anthropic.com/v1/messages");
    // @anthropic-ai/sdk 1.x sends the key as a bearer credential.
    expect(request!.headers.get("authorization")).toBe("Bearer sk-ant-test");
    expect(request!.headers.get("anthropic-dangerous-direct-browser-access")).toBe("true");
    // Anthropic requires max_tokens; without a connection limit, the documented default is sent.
    expect(request!.body).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS, system: "Be terse", stream: true, messages: [{ role: "user", content: "Say hello" }] });
  });

  it("sends the connection's limit and keeps the temperature within Claude's 0–1", async () => {
    const { engine: claude, requests } = engine(() => answer(["x"]));
    await drain(claude.stream({ model: "m", prompt: "p", maxOutputTokens: 300, temperature: 1.6 }));
    expect(requests[0]!.body).toMatchObject({ max_tokens: 300, temperature: 1 });
  });

  it("reports stop_reason max_tokens as a length finish", async () => {
    const { engine: claude } = engine(() => answer(["cut"], "max_tokens"));
    expect((await drain(claude.stream({ model: "m", prompt: "p" }))).events.at(-1)).toMatchObject({ type: "done", finish: "length" });
  });

  it("maps Anthropic's error bodies: bad key, rate limit, overloaded, credit, missing model", async () => {
    const cases: [Response, Record<string, unknown>][] = [
      [apiError(401, "authentication_error", "invalid x-api-key"), { code: "ai_invalid_key", retryable: false }],
      [apiError(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", { "retry-after": "7" }), { code: "ai_rate_limited", retryable: true, retryAfterSeconds: 7 }],
      [apiError(529, "overloaded_error", "Overloaded"), { code: "ai_unavailable", retryable: true }],
      [
        apiError(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."),
        { code: "ai_quota_exhausted", retryable: false },
      ],
      [apiError(404, "not_found_error", "model: claude-nope"), { code: "ai_model_not_found", retryable: false }],
      [apiError(400, "invalid_request_error", "max_tokens: 100000 > 64000, which is the maximum allowed"), { code: "invalid_input" }],
    ];
    for (const [response, expected] of cases) {
      const { engine: claude } = engine(() => response.clone());
      const { events, error } = await drain(claude.stream({ model: "claude-nope", prompt: "p" }));
      expect(events).toEqual([]);
      expect((error as { toJSON(): unknown }).toJSON()).toMatchObject(expected);
    }
    const { engine: claude } = engine(() => apiError(401, "authentication_error", "invalid x-api-key"));
    const { error } = await drain(claude.stream({ model: "m", prompt: "p" }));
    expect((error as Error).message).toContain("console.anthropic.com/settings/keys");
    const { engine: broke } = engine(() => apiError(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API."));
    expect(((await drain(broke.stream({ model: "m", prompt: "p" }))).error as Error).message).toContain("console.anthropic.com/settings/billing");
  });

  it("keeps what arrived when an error event interrupts the answer, and retries an overload before any text", async () => {
    const overloaded: SseEvent = { event: "error", data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } };
    const { engine: midway } = engine(() => sse([start(), delta("Half"), overloaded]));
    const first = await drain(midway.stream({ model: "m", prompt: "p" }));
    expect(texts(first.events)).toEqual(["Half"]);
    expect(first.error).toMatchObject({ code: "ai_stream_interrupted", retryable: true });

    const { engine: early } = engine(() => sse([start(), overloaded]));
    expect((await drain(early.stream({ model: "m", prompt: "p" }))).error).toMatchObject({ code: "ai_unavailable", retryable: true });
  });

  it("reports a stream cut before message_stop as interrupted", async () => {
    const { engine: claude } = engine(() => sse([start(), delta("Some")]));
    const { error } = await drain(claude.stream({ model: "m", prompt: "p" }));
    expect(error).toMatchObject({ code: "ai_stream_interrupted" });
  });

  it("says when api.anthropic.com can't be reached", async () => {
    const { engine: claude } = engine(refused);
    expect((await drain(claude.stream({ model: "m", prompt: "p" }))).error).toMatchObject({ code: "offline", retryable: true });
    await expect(claude.listModels()).rejects.toMatchObject({ code: "offline" });
  });

  it("lists models from the models endpoint", async () => {
    const { engine: claude, requests } = engine(() =>
      json(200, {
        data: [
          { type: "model", id: "claude-opus-4-5", display_name: "Claude Opus 4.5", created_at: "2025-11-01T00:00:00Z" },
          { type: "model", id: "claude-sonnet-4-5", display_name: "Claude Sonnet 4.5", created_at: "2025-09-29T00:00:00Z" },
        ],
        has_more: false,
        first_id: "claude-opus-4-5",
        last_id: "claude-sonnet-4-5",
      }),
    );
    expect(await claude.listModels()).toEqual([
      { id: "claude-opus-4-5", label: "Claude Opus 4.5 (claude-opus-4-5)" },
      { id: "claude-sonnet-4-5", label: "Claude Sonnet 4.5 (claude-sonnet-4-5)" },
    ]);
    expect(requests[0]!.url.pathname).toBe("/v1/models");
    expect(requests[0]!.method).toBe("GET");
  });

  it("turns an abort into a cancellation", async () => {
    const controller = new AbortController();
    const { engine: claude } = engine(() => answer(["a", "b", "c"]));
    let caught: unknown;
    const seen: unknown[] = [];
    try {
      for await (const event of claude.stream({ model: "m", prompt: "p", signal: controller.signal })) {
        seen.push(event);
        controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(seen).toHaveLength(1);
    expect(caught).toMatchObject({ code: "cancelled" });
  });
});
