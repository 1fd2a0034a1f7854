/**
 * The emulators' structured-output wire formats, driven directly with the
 * official SDKs (`@google/genai`, `openai`, `@anthropic-ai/sdk`): the schema
 * in the request, JSON in the stream, each provider's schema errors and
 * refusal forms. If the SDKs read what the emulators send as they read the
 * real APIs, the engines can trust the emulators.
 */
import Anthropic, { BadRequestError as AnthropicBadRequest } from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import OpenAI, { BadRequestError } from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterEach, describe, expect, it } from "vitest";
import { ANTHROPIC_DEMO_KEY, AnthropicEmulator } from "../sandbox/ai/anthropic";
import { GEMINI_DEMO_KEY, GeminiEmulator } from "../sandbox/ai/gemini";
import { LocalAiServer } from "../sandbox/ai/local-server";
import { OPENAI_DEMO_KEY, OpenAIEmulator } from "../sandbox/ai/openai";
import { countTokens } from "../sandbox/ai/tokens";
import { listenHttp, type Listening } from "../sandbox/http";
import { check, EVERY_TYPE_SCHEMA } from "./typed-output-fixture";

let server: Listening | undefined;
let local: LocalAiServer | undefined;

afterEach(async () => {
  await server?.close();
  await local?.close();
  server = undefined;
  local = undefined;
});

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const PROMPT = "Name: Sourdough starter";

describe("Gemini emulator: responseJsonSchema", () => {
  async function gemini() {
    const emulator = new GeminiEmulator();
    server = await listenHttp(emulator.handle);
    return { emulator, ai: new GoogleGenAI({ apiKey: GEMINI_DEMO_KEY, httpOptions: { baseUrl: server.url } }) };
  }
  const config = { responseMimeType: "application/json", responseJsonSchema: EVERY_TYPE_SCHEMA };

  it("streams JSON that conforms, in text parts, with STOP and usage", async () => {
    const { emulator, ai } = await gemini();
    let text = "";
    let finish: string | undefined;
    let usage: { promptTokenCount?: number; candidatesTokenCount?: number } | undefined;
    for await (const chunk of await ai.models.generateContentStream({ model: "gemini-3.5-flash", contents: PROMPT, config })) {
      text += chunk.text ?? "";
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
      usage = chunk.usageMetadata ?? usage;
    }
    expect(check(text)).toMatchObject({ ok: true });
    expect(finish).toBe("STOP");
    expect(usage).toMatchObject({ promptTokenCount: countTokens(PROMPT), candidatesTokenCount: countTokens(text) });
    expect((emulator.requests.at(-1)?.body as { generationConfig: unknown }).generationConfig).toMatchObject(config);
  });

  it("answers the same request with the same JSON (deterministic), and non-streaming too", async () => {
    const { ai } = await gemini();
    const first = await ai.models.generateContent({ model: "gemini-3.5-flash", contents: PROMPT, config });
    const second = await ai.models.generateContent({ model: "gemini-3.5-flash", contents: PROMPT, config });
    expect(first.text).toBe(second.text);
    expect(check(first.text ?? "")).toMatchObject({ ok: true });
  });

  it("responseSchema (the OpenAPI subset) refuses a type array, which the SDK rewrites as nullable; a schema needs the JSON mime type", async () => {
    const { emulator, ai } = await gemini();
    // The SDK turns ["number", "null"] into nullable: true before sending responseSchema…
    const viaSdk = await ai.models.generateContent({ model: "gemini-3.5-flash", contents: PROMPT, config: { responseMimeType: "application/json", responseSchema: EVERY_TYPE_SCHEMA } });
    expect(check(viaSdk.text ?? "")).toMatchObject({ ok: true });
    expect(JSON.stringify(emulator.requests.at(-1)?.body)).toContain('"nullable":true');
    // …because the API itself can't parse a type array there.
    const raw = await fetch(`${server?.url}/v1beta/models/gemini-3.5-flash:generateContent`, {
      method: "POST",
      headers: { "x-goog-api-key": GEMINI_DEMO_KEY, "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: PROMPT }] }], generationConfig: { responseMimeType: "application/json", responseSchema: EVERY_TYPE_SCHEMA } }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { status: "INVALID_ARGUMENT", message: expect.stringMatching(/Unknown name "type" at 'generation_config\.response_schema\.properties\[5\]\.value': Proto field is not repeating/) } });
    const noMime = (await thrown(() => ai.models.generateContent({ model: "gemini-3.5-flash", contents: PROMPT, config: { responseJsonSchema: EVERY_TYPE_SCHEMA } }))) as ApiError;
    expect(noMime).toBeInstanceOf(ApiError);
    expect(noMime.status).toBe(400);
    expect(noMime.message).toMatch(/response_json_schema: only supported when response_mime_type is `application\/json`/);
  });

  it("a refusal blocks the prompt (promptFeedback, no candidates) or stops the answer (finishReason SAFETY, no text)", async () => {
    const { emulator, ai } = await gemini();
    emulator.scriptRefusal("Blocked for this test.", "prompt");
    const blocked = [];
    for await (const chunk of await ai.models.generateContentStream({ model: "gemini-3.5-flash", contents: PROMPT, config })) blocked.push(chunk);
    expect(blocked).toHaveLength(1);
    expect(blocked[0]?.candidates).toBeUndefined();
    expect(blocked[0]?.promptFeedback?.blockReason).toBe("SAFETY");
    emulator.scriptRefusal();
    const stopped = [];
    for await (const chunk of await ai.models.generateContentStream({ model: "gemini-3.5-flash", contents: PROMPT, config })) stopped.push(chunk);
    expect(stopped.map((c) => c.candidates?.[0]?.finishReason)).toEqual(["SAFETY"]);
    expect(stopped[0]?.text).toBeUndefined();
  });
});

describe("OpenAI emulator: json_schema in strict mode", () => {
  async function openai() {
    const emulator = new OpenAIEmulator();
    server = await listenHttp(emulator.handle);
    return { emulator, client: new OpenAI({ apiKey: OPENAI_DEMO_KEY, baseURL: `${server.url}/v1`, maxRetries: 0 }) };
  }
  const format = { type: "json_schema" as const, name: "row_properties", schema: EVERY_TYPE_SCHEMA, strict: true };

  it("Responses: streams the JSON as output_text deltas, echoes text.format, and reports usage", async () => {
    const { client } = await openai();
    const events: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create({ model: "gpt-6", input: PROMPT, stream: true, text: { format } })) events.push(event);
    const text = events.map((e) => (e.type === "response.output_text.delta" ? e.delta : "")).join("");
    expect(check(text)).toMatchObject({ ok: true });
    const completed = events.at(-1);
    expect(completed?.type).toBe("response.completed");
    if (completed?.type !== "response.completed") return;
    expect(completed.response.text?.format).toEqual(format);
    expect(completed.response.usage?.output_tokens).toBe(countTokens(text));
  });

  it("Responses: a refusal streams response.refusal.delta / .done in a refusal part, and the response completes", async () => {
    const { emulator, client } = await openai();
    emulator.scriptRefusal("I can't help with that.");
    const events: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create({ model: "gpt-6", input: PROMPT, stream: true, text: { format } })) events.push(event);
    const types = events.map((e) => e.type);
    expect(types).toContain("response.refusal.delta");
    expect(types).not.toContain("response.output_text.delta");
    expect(events.map((e) => (e.type === "response.refusal.delta" ? e.delta : "")).join("")).toBe("I can't help with that.");
    const done = events.find((e) => e.type === "response.refusal.done");
    expect(done).toMatchObject({ refusal: "I can't help with that." });
    const completed = events.at(-1);
    expect(completed?.type).toBe("response.completed");
    if (completed?.type === "response.completed") expect(completed.response.output[0]).toMatchObject({ type: "message", content: [{ type: "refusal", refusal: "I can't help with that." }] });
  });

  it("strict mode refuses a schema without additionalProperties: false, or with a key missing from required: 400 invalid_json_schema", async () => {
    const { client } = await openai();
    const open = (await thrown(() =>
      client.responses.create({ model: "gpt-6", input: PROMPT, text: { format: { ...format, schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } } } }),
    )) as InstanceType<typeof BadRequestError>;
    expect(open).toBeInstanceOf(BadRequestError);
    expect(open.code).toBe("invalid_json_schema");
    expect(open.param).toBe("text.format.schema");
    expect(open.message).toMatch(/Invalid schema for response_format 'row_properties': In context=\(\), 'additionalProperties' is required to be supplied and to be false/);
    const partial = (await thrown(() =>
      client.chat.completions.create({
        model: "gpt-6",
        messages: [{ role: "user", content: PROMPT }],
        response_format: { type: "json_schema", json_schema: { name: "x", strict: true, schema: { type: "object", properties: { a: { type: "string" }, b: { type: "number" } }, required: ["a"], additionalProperties: false } } },
      }),
    )) as InstanceType<typeof BadRequestError>;
    expect(partial.code).toBe("invalid_json_schema");
    expect(partial.message).toMatch(/'required' is required to be supplied and to be an array including every key in properties\. Missing 'b'/);
    // Without strict, the same schema is taken.
    const loose = await client.chat.completions.create({
      model: "gpt-6",
      messages: [{ role: "user", content: PROMPT }],
      response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object", properties: { a: { type: "string" } } } } },
    });
    expect(JSON.parse(loose.choices[0]?.message.content ?? "")).toEqual({ a: expect.any(String) });
  });

  it("Chat: streams the JSON in delta.content, and a refusal in delta.refusal (non-streaming: message.refusal)", async () => {
    const { emulator, client } = await openai();
    const response_format = { type: "json_schema" as const, json_schema: { name: "row_properties", schema: EVERY_TYPE_SCHEMA, strict: true } };
    let text = "";
    for await (const chunk of await client.chat.completions.create({ model: "gpt-6", messages: [{ role: "user", content: PROMPT }], stream: true, response_format })) {
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(check(text)).toMatchObject({ ok: true });
    emulator.scriptRefusal("No.");
    let refusal = "";
    for await (const chunk of await client.chat.completions.create({ model: "gpt-6", messages: [{ role: "user", content: PROMPT }], stream: true, response_format })) {
      expect(chunk.choices[0]?.delta.content ?? null).toBeNull();
      refusal += chunk.choices[0]?.delta.refusal ?? "";
    }
    expect(refusal).toBe("No.");
    emulator.scriptRefusal("Still no.");
    const whole = await client.chat.completions.create({ model: "gpt-6", messages: [{ role: "user", content: PROMPT }], response_format });
    expect(whole.choices[0]?.message).toMatchObject({ content: null, refusal: "Still no." });
  });
});

describe("Anthropic emulator: output_config.format", () => {
  async function claude() {
    const emulator = new AnthropicEmulator();
    server = await listenHttp(emulator.handle);
    return { emulator, client: new Anthropic({ apiKey: ANTHROPIC_DEMO_KEY, baseURL: server.url, maxRetries: 0 }) };
  }
  const schema = { type: "object", properties: { Summary: { type: "string" }, Sentiment: { type: "string", enum: ["Positive", "Negative"] } }, required: ["Summary", "Sentiment"], additionalProperties: false };

  it("streams the JSON as text deltas with end_turn and usage; the SDK's stream helper reads it", async () => {
    const { client } = await claude();
    const stream = client.messages.stream({ model: "claude-sonnet-5-5", max_tokens: 1000, messages: [{ role: "user", content: PROMPT }], output_config: { format: { type: "json_schema", schema } } });
    const message = await stream.finalMessage();
    const block = message.content[0];
    expect(block?.type).toBe("text");
    const value = JSON.parse(block?.type === "text" ? block.text : "") as { Summary: string; Sentiment: string };
    expect(Object.keys(value)).toEqual(["Summary", "Sentiment"]);
    expect(["Positive", "Negative"]).toContain(value.Sentiment);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(countTokens(JSON.stringify(value)));
  });

  it("refuses what Claude's grammar can't express (bounds, objects without additionalProperties: false) with a 400 naming the path", async () => {
    const { client } = await claude();
    const bounded = (await thrown(() =>
      client.messages.create({
        model: "claude-sonnet-5-5",
        max_tokens: 100,
        messages: [{ role: "user", content: PROMPT }],
        output_config: { format: { type: "json_schema", schema: EVERY_TYPE_SCHEMA } },
      }),
    )) as InstanceType<typeof AnthropicBadRequest>;
    expect(bounded).toBeInstanceOf(AnthropicBadRequest);
    expect(bounded.type).toBe("invalid_request_error");
    expect(bounded.message).toMatch(/output_config\.format\.schema\.properties\.Tags: For 'array' type, property 'maxItems' is not supported/);
    const open = (await thrown(() =>
      client.messages.create({
        model: "claude-sonnet-5-5",
        max_tokens: 100,
        messages: [{ role: "user", content: PROMPT }],
        output_config: { format: { type: "json_schema", schema: { type: "object", properties: {} } } },
      }),
    )) as InstanceType<typeof AnthropicBadRequest>;
    expect(open.message).toMatch(/'additionalProperties' must be explicitly set to false/);
  });

  it("a refusal ends with stop_reason refusal and stop_details, streamed and whole", async () => {
    const { emulator, client } = await claude();
    emulator.scriptRefusal("Not something I can assist with.");
    const request = { model: "claude-sonnet-5-5", max_tokens: 100, messages: [{ role: "user" as const, content: PROMPT }], output_config: { format: { type: "json_schema" as const, schema } } };
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.content).toEqual([]);
    expect(streamed.stop_reason).toBe("refusal");
    expect(streamed.stop_details).toEqual({ type: "refusal", category: null, explanation: "Not something I can assist with." });
    emulator.scriptRefusal("Again no.");
    const whole = await client.messages.create(request);
    expect(whole).toMatchObject({ stop_reason: "refusal", content: [], stop_details: { explanation: "Again no." } });
  });

  it("a refusal after text (the streaming classifiers stopping an answer under way) keeps the text block, then stop_reason refusal", async () => {
    const { emulator, client } = await claude();
    const request = { model: "claude-sonnet-5-5", max_tokens: 100, messages: [{ role: "user" as const, content: "Write about bread" }] };
    emulator.scriptAnswer({ refusal: "This request was declined.", partial: "Bread is made of flour, water and " });
    const kinds: string[] = [];
    let text = "";
    for await (const event of await client.messages.create({ ...request, stream: true })) {
      kinds.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      if (event.type === "message_delta") expect(event).toMatchObject({ delta: { stop_reason: "refusal", stop_details: { explanation: "This request was declined." } }, usage: { output_tokens: countTokens(text) } });
    }
    expect(text).toBe("Bread is made of flour, water and ");
    expect(kinds.at(0)).toBe("message_start");
    expect(kinds.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    emulator.scriptAnswer({ refusal: "Declined.", partial: "Bread is" });
    const whole = await client.messages.create(request);
    expect(whole).toMatchObject({ stop_reason: "refusal", content: [{ type: "text", text: "Bread is" }], stop_details: { explanation: "Declined." } });
  });
});

describe("local server: json_schema support varies by server", () => {
  const response_format = { type: "json_schema" as const, json_schema: { name: "row_properties", schema: EVERY_TYPE_SCHEMA, strict: true } };

  async function chat(support: "json_schema" | "rejected" | "ignored") {
    local = new LocalAiServer({ structuredOutput: support });
    const client = new OpenAI({ apiKey: "lm-studio", baseURL: await local.listen(), maxRetries: 0 });
    return client.chat.completions.create({ model: "qwen/qwen3-8b", messages: [{ role: "user", content: PROMPT }], response_format });
  }

  it("follows the schema, rejects it with a 400 naming response_format, or ignores it and answers free text", async () => {
    expect(check((await chat("json_schema")).choices[0]?.message.content ?? "")).toMatchObject({ ok: true });
    await local?.close();
    const rejected = (await thrown(() => chat("rejected"))) as InstanceType<typeof BadRequestError>;
    expect(rejected).toBeInstanceOf(BadRequestError);
    expect(rejected.message).toMatch(/'response_format' of type 'json_schema' is not supported by this server/);
    await local?.close();
    expect((await chat("ignored")).choices[0]?.message.content).toMatch(/^## Name: Sourdough starter/);
  });

  it("takes strict: true without enforcing OpenAI's strict-mode rules, as Ollama and LM Studio do", async () => {
    local = new LocalAiServer();
    const client = new OpenAI({ apiKey: "lm-studio", baseURL: await local.listen(), maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: "qwen/qwen3-8b",
      messages: [{ role: "user", content: PROMPT }],
      response_format: { type: "json_schema", json_schema: { name: "loose", strict: true, schema: { type: "object", properties: { a: { type: "boolean" } } } } },
    });
    expect(JSON.parse(answer.choices[0]?.message.content ?? "")).toEqual({ a: expect.any(Boolean) });
  });
});
