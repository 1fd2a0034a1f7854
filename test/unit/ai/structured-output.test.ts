import { afterEach, describe, expect, it, vi } from "vitest";
import { AnthropicEngine } from "../../../src/ai/anthropic";
import { BuiltinEngine } from "../../../src/ai/builtin";
import type { LanguageModelFactory, LanguageModelSession } from "../../../src/shared/builtin-model";
import { CompatibleEngine, forgetServerApis } from "../../../src/ai/compatible";
import type { GenerationRequest } from "../../../src/ai/engine";
import { GeminiEngine } from "../../../src/ai/gemini";
import { OpenAIEngine } from "../../../src/ai/openai";
import { refusedError, schemaForClaude, schemaRejectedError, serverSchemaUnsupportedError } from "../../../src/ai/structured-output";
import { InkwellError } from "../../../src/core/errors";
import { redactSecrets } from "../../../src/core/redact";
import { buildOutputSchema } from "../../../src/core/typed-output";
import { drain, fakeFetch, json, sse, texts, type Handler, type SseEvent } from "./fake-fetch";

const SCHEMA = buildOutputSchema({
  allowNewOptions: false,
  properties: [
    { name: "Sentiment", type: "select", options: ["Good", "Bad"], required: false },
    { name: "Score", type: "number", minimum: 1, maximum: 5, integer: true },
    { name: "Tags", type: "multi_select", options: ["a", "b", "c"], minItems: 2, maxItems: 3 },
  ],
});
const OUTPUT = { name: "row_properties", schema: SCHEMA };
const request = (extra: Partial<GenerationRequest> = {}): GenerationRequest => ({ model: "m", prompt: "Rate it", output: OUTPUT, ...extra });

function code(error: unknown): string | undefined {
  return error instanceof InkwellError ? error.code : undefined;
}

describe("structured-output helpers", () => {
  it("Claude's schema: nullable types become anyOf, unsupported bounds become words, objects close, the input is untouched", () => {
    const before = JSON.stringify(SCHEMA);
    const claude = schemaForClaude(SCHEMA) as { properties: Record<string, Record<string, unknown>>; additionalProperties: unknown };
    expect(JSON.stringify(SCHEMA)).toBe(before);
    expect(claude.additionalProperties).toBe(false);
    expect(claude.properties.Sentiment).toEqual({ anyOf: [{ type: "string", enum: ["Good", "Bad"] }, { type: "null" }] });
    expect(claude.properties.Score).toEqual({ type: "integer", description: "{minimum: 1, maximum: 5}" });
    expect(claude.properties.Tags).toMatchObject({ type: "array", items: { type: "string", enum: ["a", "b", "c"] } });
    expect(claude.properties.Tags).not.toHaveProperty("maxItems");
    expect(claude.properties.Tags).not.toHaveProperty("minItems");
    expect(claude.properties.Tags?.description).toMatch(/Each option at most once\. \{maxItems: 3, minItems: 2\}$/);
    // minItems 0 and 1 are Claude-compatible and stay keywords.
    expect(schemaForClaude({ type: "array", items: { type: "string" }, minItems: 1 })).toEqual({ type: "array", items: { type: "string" }, minItems: 1 });
    // A property named __proto__ stays a property.
    const proto = schemaForClaude(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"],"additionalProperties":false}')) as { properties: object };
    expect(Object.keys(proto.properties)).toEqual(["__proto__"]);
  });

  it("refusal and rejection errors say what happened and what to do, quote at most 200 characters, and are not retryable", () => {
    const refused = refusedError("OpenAI", `${"x".repeat(300)}`);
    expect(refused.code).toBe("ai_refused");
    expect(refused.retryable).toBe(false);
    expect(refused.message).toMatch(/^OpenAI declined to answer this prompt \(“x{199}…”\)\. Rephrase the prompt or the connection's instructions/);
    expect(refusedError("Claude", null).message).toMatch(/^Claude declined to answer this prompt\. /);
    expect(schemaRejectedError("Gemini", "bad type").code).toBe("ai_unsupported");
    const server = serverSchemaUnsupportedError("http://localhost:1234/v1", "nope");
    expect(server.code).toBe("ai_unsupported");
    expect(server.message).toMatch(/http:\/\/localhost:1234\/v1.*\(“nope”\).*JSON-schema output.*Ollama 0\.5 or later, or LM Studio/);
  });

  it("a key in quoted words is scrubbed before the quote is shortened: no piece of it outlives the worker's scrub", async () => {
    // The key starts 190 characters in, so a plain cut at 199 keeps "sk-proj-A", too short to look like a key.
    const words = `${"word ".repeat(38)}sk-proj-${"A".repeat(40)} was sent`;
    for (const error of [refusedError("OpenAI", words), schemaRejectedError("OpenAI", words), serverSchemaUnsupportedError("http://localhost:1234/v1", words)]) {
      expect(redactSecrets(error.message)).not.toMatch(/sk-proj|AAAA/);
      expect(error.message).toMatch(/\(“word word .*…”\)/);
    }
  });
});

const responsesEvents = (events: SseEvent["data"][]) => sse(events.map((data) => ({ event: (data as { type: string }).type, data })));
const completed = { type: "response.completed", response: { id: "r", usage: { input_tokens: 3, output_tokens: 4 } } };

describe("OpenAI engine with output", () => {
  const openai = (handler: Handler) => {
    const fake = fakeFetch(handler);
    return { engine: new OpenAIEngine({ apiKey: "sk-test", fetch: fake.fetch }), requests: fake.requests };
  };

  it("sends text.format json_schema in strict mode with the name and schema, and streams the JSON as text", async () => {
    const { engine, requests } = openai(() => responsesEvents([{ type: "response.output_text.delta", delta: '{"Score":' }, { type: "response.output_text.delta", delta: "3}" }, completed]));
    const { events, error } = await drain(engine.stream(request()));
    expect(error).toBeUndefined();
    expect(texts(events).join("")).toBe('{"Score":3}');
    expect(requests[0]?.body).toMatchObject({ text: { format: { type: "json_schema", name: "row_properties", schema: SCHEMA, strict: true } } });
    const free = openai(() => responsesEvents([completed]));
    await drain(free.engine.stream(request({ output: undefined })));
    expect(free.requests[0]?.body).not.toHaveProperty("text");
  });

  it("a refusal (response.refusal.delta / .done) throws ai_refused with the model's words", async () => {
    const { engine } = openai(() =>
      responsesEvents([
        { type: "response.refusal.delta", delta: "I can't", item_id: "m", output_index: 0, content_index: 0 },
        { type: "response.refusal.done", refusal: "I can't help.", item_id: "m", output_index: 0, content_index: 0 },
        completed,
      ]),
    );
    const { events, error } = await drain(engine.stream(request()));
    expect(code(error)).toBe("ai_refused");
    expect((error as Error).message).toContain("“I can't help.”");
    expect(events).toEqual([]);
  });

  it("an answer the content filter stopped (response.incomplete, reason content_filter) is a refusal, not a finished answer", async () => {
    const { engine } = openai(() =>
      responsesEvents([{ type: "response.output_text.delta", delta: "Part one" }, { type: "response.incomplete", response: { id: "r", incomplete_details: { reason: "content_filter" }, usage: { input_tokens: 3, output_tokens: 2 } } }]),
    );
    const { events, error } = await drain(engine.stream(request({ output: undefined })));
    expect(texts(events)).toEqual(["Part one"]);
    expect(code(error)).toBe("ai_refused");
    expect((error as Error).message).toMatch(/^OpenAI stopped partway through its answer and declined to continue \(“stopped by the content filter”\)/);
    // The output limit is still a short answer, not a refusal.
    const long = openai(() => responsesEvents([{ type: "response.output_text.delta", delta: "Part" }, { type: "response.incomplete", response: { id: "r", incomplete_details: { reason: "max_output_tokens" }, usage: null } }]));
    expect((await drain(long.engine.stream(request({ output: undefined })))).events.at(-1)).toMatchObject({ type: "done", finish: "length" });
  });

  it("a 400 invalid_json_schema is ai_unsupported quoting OpenAI; a bad key is still a key error", async () => {
    const rejected = openai(() => json(400, { error: { message: "Invalid schema for response_format 'row_properties': In context=(), 'additionalProperties' is required to be supplied and to be false.", type: "invalid_request_error", param: "text.format.schema", code: "invalid_json_schema" } }));
    const { error } = await drain(rejected.engine.stream(request()));
    expect(code(error)).toBe("ai_unsupported");
    expect((error as Error).message).toMatch(/OpenAI didn't accept the answer format.*additionalProperties/);
    const badKey = openai(() => json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } }));
    expect(code((await drain(badKey.engine.stream(request()))).error)).toBe("ai_invalid_key");
  });
});

describe("OpenAI-compatible engine with output", () => {
  afterEach(() => forgetServerApis());
  const chatChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ data: { id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] } });
  const compatible = (handler: Handler) => {
    const fake = fakeFetch(handler);
    return { engine: new CompatibleEngine({ apiKey: "", baseUrl: "http://localhost:11434/v1", fetch: fake.fetch }), requests: fake.requests };
  };
  const noResponses = () => new Response("404 page not found", { status: 404 });

  it("sends response_format json_schema on Chat Completions, and a delta.refusal throws ai_refused", async () => {
    const { engine, requests } = compatible(({ url }) =>
      url.pathname.endsWith("/responses") ? noResponses() : sse([chatChunk({ role: "assistant", content: null, refusal: "" }), chatChunk({ refusal: "No." }), chatChunk({}, "stop"), { data: "[DONE]" }]),
    );
    const { error } = await drain(engine.stream(request()));
    expect(code(error)).toBe("ai_refused");
    expect(requests[1]?.body).toMatchObject({ response_format: { type: "json_schema", json_schema: { name: "row_properties", schema: SCHEMA, strict: true } } });
  });

  it("finish_reason content_filter on Chat is a refusal, before any text or after some", async () => {
    const filtered = (...deltas: Record<string, unknown>[]) =>
      compatible(({ url }) => (url.pathname.endsWith("/responses") ? noResponses() : sse([...deltas.map((delta) => chatChunk(delta)), chatChunk({}, "content_filter"), { data: "[DONE]" }])));
    const before = await drain(filtered().engine.stream(request({ output: undefined })));
    expect(code(before.error)).toBe("ai_refused");
    expect((before.error as Error).message).toMatch(/^The model server declined to answer this prompt \(“stopped by the content filter”\)/);
    forgetServerApis();
    const after = await drain(filtered({ content: "Some" }).engine.stream(request({ output: undefined })));
    expect(texts(after.events)).toEqual(["Some"]);
    expect((after.error as Error).message).toMatch(/^The model server stopped partway/);
  });

  it("an answer that breaks off after text began is never asked for again through Chat Completions (no second bill, no doubled text)", async () => {
    const { engine, requests } = compatible(({ url }) =>
      url.pathname.endsWith("/responses")
        ? sse([{ event: "response.output_text.delta", data: { type: "response.output_text.delta", delta: '{"Score":' } }, { event: "error", data: { type: "error", code: "server_error", message: "schema state lost" } }])
        : sse([chatChunk({ content: '{"Score":3}' }, "stop"), { data: "[DONE]" }]),
    );
    const { events, error } = await drain(engine.stream(request()));
    expect(texts(events)).toEqual(['{"Score":']);
    expect(error).toBeInstanceOf(InkwellError);
    expect(requests.map((r) => r.url.pathname)).toEqual(["/v1/responses"]);
  });

  it("a server's own key echoed in its error words is scrubbed before they are shortened (structured and free text)", async () => {
    const key = "tok-7f3a9c2e-my-server-key";
    const echo = (before: number, text: string) => json(400, { error: { message: `${text} ${"x".repeat(before - text.length - 1)}${key} was the key`, type: "invalid_request_error" } });
    const withKey = (handler: Handler) => new CompatibleEngine({ apiKey: key, baseUrl: "http://localhost:11434/v1", fetch: fakeFetch(handler).fetch });
    // Quoted in the structured-output message (cut near 200 characters)…
    const schema = await drain(withKey(({ url }) => (url.pathname.endsWith("/responses") ? noResponses() : echo(192, "response_format unsupported"))).stream(request()));
    expect(code(schema.error)).toBe("ai_unsupported");
    // …and in the plain refusal of a free-text request (cut at 300).
    forgetServerApis();
    const free = await drain(withKey(({ url }) => (url.pathname.endsWith("/responses") ? noResponses() : echo(292, "bad request"))).stream(request({ output: undefined })));
    expect(code(free.error)).toBe("invalid_input");
    for (const error of [schema.error, free.error]) {
      const message = redactSecrets((error as Error).message, [key]);
      expect(message).not.toContain(key.slice(0, 5));
      expect(message).toContain("xxxx");
      expect(message).not.toMatch(/\[redact(?!ed\])/);
    }
  });

  it("a 422 about response_format from Chat is ai_unsupported naming the server; the same status without output stays a plain refusal", async () => {
    const reject = () => json(422, { error: { message: "response_format: json_schema is not supported", type: "invalid_request_error" } });
    const { engine } = compatible(({ url }) => (url.pathname.endsWith("/responses") ? noResponses() : reject()));
    const { error } = await drain(engine.stream(request()));
    expect(code(error)).toBe("ai_unsupported");
    expect((error as Error).message).toContain("http://localhost:11434/v1");
    forgetServerApis();
    const free = compatible(({ url }) => (url.pathname.endsWith("/responses") ? noResponses() : reject()));
    expect(code((await drain(free.engine.stream(request({ output: undefined })))).error)).not.toBe("ai_unsupported");
  });
});

describe("Claude engine with output", () => {
  const start = { event: "message_start", data: { type: "message_start", message: { id: "msg", type: "message", role: "assistant", content: [], model: "m", stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } } };
  const claude = (handler: Handler) => {
    const fake = fakeFetch(handler);
    return { engine: new AnthropicEngine({ apiKey: "sk-ant-test", fetch: fake.fetch }), requests: fake.requests };
  };

  it("sends output_config.format with Claude's form of the schema", async () => {
    const { engine, requests } = claude(() => sse([start, { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 2 } } }, { event: "message_stop", data: { type: "message_stop" } }]));
    await drain(engine.stream(request()));
    expect(requests[0]?.body).toMatchObject({ output_config: { format: { type: "json_schema", schema: schemaForClaude(SCHEMA) } } });
    expect(requests[0]?.body).not.toHaveProperty("tools");
  });

  it("stop_reason refusal throws ai_refused with stop_details' explanation, with or without output", async () => {
    const refusal = () =>
      sse([
        start,
        { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: "refusal", stop_sequence: null, stop_details: { type: "refusal", category: "general_harms", explanation: "Not this." } }, usage: { output_tokens: 0 } } },
        { event: "message_stop", data: { type: "message_stop" } },
      ]);
    const { error } = await drain(claude(refusal).engine.stream(request()));
    expect(code(error)).toBe("ai_refused");
    expect((error as Error).message).toContain("“Not this.”");
    expect(code((await drain(claude(refusal).engine.stream(request({ output: undefined })))).error)).toBe("ai_refused");
  });

  it("a refusal after some free text says the answer stopped partway, and the text already streamed stays streamed", async () => {
    const { engine } = claude(() =>
      sse([
        start,
        { event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } } },
        { event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello.." } } },
        { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: "refusal", stop_sequence: null, stop_details: { type: "refusal", category: "cyber", explanation: "Not this." } }, usage: { output_tokens: 3 } } },
        { event: "message_stop", data: { type: "message_stop" } },
      ]),
    );
    const { events, error } = await drain(engine.stream(request({ output: undefined })));
    expect(texts(events)).toEqual(["Hello.."]);
    expect(code(error)).toBe("ai_refused");
    expect((error as Error).message).toMatch(/^Claude stopped partway through its answer and declined to continue \(“Not this\.”\)\. What it wrote before stopping is only part of an answer/);
  });

  it("a 400 about the schema is ai_unsupported; the credit-balance 400 is still a quota error", async () => {
    const schema400 = () => json(400, { type: "error", error: { type: "invalid_request_error", message: "output_config.format.schema: For 'number' type, property 'minimum' is not supported" } });
    expect(code((await drain(claude(schema400).engine.stream(request()))).error)).toBe("ai_unsupported");
    const credit = () => json(400, { type: "error", error: { type: "invalid_request_error", message: "Your credit balance is too low to access the Anthropic API." } });
    expect(code((await drain(claude(credit).engine.stream(request()))).error)).toBe("ai_quota_exhausted");
  });
});

describe("Gemini engine with output", () => {
  afterEach(() => vi.unstubAllGlobals());
  const gemini = (handler: Handler) => {
    const fake = fakeFetch(handler);
    vi.stubGlobal("fetch", fake.fetch);
    return { engine: new GeminiEngine({ apiKey: "AIza-test" }), requests: fake.requests };
  };
  const usageMetadata = { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 };

  it("sends responseMimeType application/json and responseJsonSchema (the field that takes type arrays)", async () => {
    const { engine, requests } = gemini(() => sse([{ data: { candidates: [{ content: { role: "model", parts: [{ text: '{"Score":2}' }] }, finishReason: "STOP", index: 0 }], usageMetadata } }]));
    const { events, error } = await drain(engine.stream(request()));
    expect(error).toBeUndefined();
    expect(texts(events)).toEqual(['{"Score":2}']);
    expect(requests[0]?.body).toMatchObject({ generationConfig: { responseMimeType: "application/json", responseJsonSchema: SCHEMA } });
    expect(JSON.stringify(requests[0]?.body)).not.toContain("responseSchema");
  });

  it("a blocked prompt and a SAFETY finish are refusals, not interrupted streams", async () => {
    const blocked = gemini(() => sse([{ data: { promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata } }]));
    const first = await drain(blocked.engine.stream(request()));
    expect(code(first.error)).toBe("ai_refused");
    expect((first.error as Error).message).toContain("blocked: prohibited content");
    const stopped = gemini(() => sse([{ data: { candidates: [{ content: { role: "model" }, finishReason: "SAFETY", index: 0 }], usageMetadata } }]));
    expect(code((await drain(stopped.engine.stream(request({ output: undefined })))).error)).toBe("ai_refused");
  });

  it("a SAFETY stop after some text says the answer stopped partway", async () => {
    const { engine } = gemini(() =>
      sse([
        { data: { candidates: [{ content: { role: "model", parts: [{ text: "Once upon" }] }, index: 0 }] } },
        { data: { candidates: [{ content: { role: "model" }, finishReason: "SAFETY", index: 0 }], usageMetadata } },
      ]),
    );
    const { events, error } = await drain(engine.stream(request({ output: undefined })));
    expect(texts(events)).toEqual(["Once upon"]);
    expect(code(error)).toBe("ai_refused");
    expect((error as Error).message).toMatch(/^Gemini stopped partway through its answer and declined to continue \(“stopped for safety”\)/);
  });

  it("a 400 INVALID_ARGUMENT about the schema is ai_unsupported; API_KEY_INVALID stays a key error", async () => {
    const schema400 = gemini(() => json(400, { error: { code: 400, status: "INVALID_ARGUMENT", message: "* GenerateContentRequest.generation_config.response_json_schema: invalid JSON schema" } }));
    expect(code((await drain(schema400.engine.stream(request()))).error)).toBe("ai_unsupported");
    const badKey = gemini(() =>
      json(400, { error: { code: 400, status: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key.", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }] } }),
    );
    expect(code((await drain(badKey.engine.stream(request()))).error)).toBe("ai_invalid_key");
  });
});

describe("Chrome built-in engine with output", () => {
  function factory(stream: () => ReadableStream<string>) {
    const calls: { responseConstraint?: object }[] = [];
    const session: LanguageModelSession = {
      promptStreaming: (_input, options = {}) => {
        calls.push(options);
        return stream();
      },
      destroy: () => undefined,
    };
    const model: LanguageModelFactory = { availability: async () => "available", create: async () => session };
    return { engine: new BuiltinEngine({ apiKey: "" }, model), calls };
  }
  const chunks = (...parts: string[]) => () => new ReadableStream<string>({ start: (c) => (parts.forEach((p) => c.enqueue(p)), c.close()) });

  it("passes the schema as responseConstraint and streams the JSON as text", async () => {
    const { engine, calls } = factory(chunks('{"Score"', ":4}"));
    const { events, error } = await drain(engine.stream(request()));
    expect(error).toBeUndefined();
    expect(texts(events).join("")).toBe('{"Score":4}');
    expect(calls[0]?.responseConstraint).toEqual(SCHEMA);
    const free = factory(chunks("hi"));
    await drain(free.engine.stream(request({ output: undefined })));
    expect(free.calls[0]).not.toHaveProperty("responseConstraint");
  });

  it("a NotSupportedError for a constrained prompt says the on-device model can't follow this format", async () => {
    const { engine } = factory(() => new ReadableStream<string>({ start: (c) => c.error(Object.assign(new Error("Unsupported schema"), { name: "NotSupportedError" })) }));
    const { error } = await drain(engine.stream(request()));
    expect(code(error)).toBe("ai_unsupported");
    expect((error as Error).message).toMatch(/on-device model can't hold its answer to the format/);
  });
});
