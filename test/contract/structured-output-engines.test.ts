/**
 * Structured output end to end through Inkwell's engine modules (each on its
 * official SDK) against the emulators: the schema built by buildOutputSchema
 * for every property type goes out in the provider's form, the JSON answer
 * streams back as text events that pass validation, and scripted bad
 * answers, refusals and schema rejections come out as the pipeline expects.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnthropicEngine } from "../../src/ai/anthropic";
import { CompatibleEngine, forgetServerApis } from "../../src/ai/compatible";
import type { AiEngine } from "../../src/ai/engine";
import { GeminiEngine } from "../../src/ai/gemini";
import { OpenAIEngine } from "../../src/ai/openai";
import { InkwellError } from "../../src/core/errors";
import { ANTHROPIC_DEMO_KEY, AnthropicEmulator } from "../sandbox/ai/anthropic";
import type { AiEmulator } from "../sandbox/ai/core";
import { GEMINI_DEMO_KEY, GeminiEmulator } from "../sandbox/ai/gemini";
import { LocalAiServer } from "../sandbox/ai/local-server";
import { OPENAI_DEMO_KEY, OpenAIEmulator } from "../sandbox/ai/openai";
import { listenHttp, type Listening } from "../sandbox/http";
import { check, drain, EVERY_TYPE_SCHEMA, OUTPUT } from "./typed-output-fixture";

interface Setup {
  name: string;
  model: string;
  start(): Promise<{ emulator: AiEmulator; engine: AiEngine; close(): Promise<void> }>;
  /** Where the schema sits in the request body the emulator received. */
  sentSchema(body: unknown): unknown;
  /** A schema this provider refuses (its 400), to check the message isn't about the key. */
  rejectedSchema: Record<string, unknown>;
  /** What the refusal message quotes: the model's words, or (Gemini, whose SDK drops finishMessage) the finish reason. */
  refusalWords: RegExp;
}

async function mounted<E extends AiEmulator>(emulator: E): Promise<{ emulator: E; server: Listening }> {
  return { emulator, server: await listenHttp(emulator.handle) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies as the emulator logged them
type Body = any;

const SETUPS: Setup[] = [
  {
    name: "Gemini",
    model: "gemini-3.5-flash",
    async start() {
      const { emulator, server } = await mounted(new GeminiEmulator());
      return { emulator, engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: server.url }), close: () => server.close() };
    },
    sentSchema: (body: Body) => {
      expect(body.generationConfig.responseMimeType).toBe("application/json");
      return body.generationConfig.responseJsonSchema;
    },
    rejectedSchema: { type: "object", properties: { Summary: { type: "text" } }, required: ["Summary"], additionalProperties: false },
    refusalWords: /stopped for safety/,
  },
  {
    name: "OpenAI",
    model: "gpt-6",
    async start() {
      const { emulator, server } = await mounted(new OpenAIEmulator());
      return { emulator, engine: new OpenAIEngine({ apiKey: OPENAI_DEMO_KEY, baseUrl: `${server.url}/v1` }), close: () => server.close() };
    },
    sentSchema: (body: Body) => {
      expect(body.text.format).toMatchObject({ type: "json_schema", name: OUTPUT.name, strict: true });
      return body.text.format.schema;
    },
    rejectedSchema: { type: "object", properties: { Summary: { type: "string" } }, required: ["Summary"] },
    refusalWords: /I can't rate this content/,
  },
  {
    name: "Claude",
    model: "claude-sonnet-5-5",
    async start() {
      const { emulator, server } = await mounted(new AnthropicEmulator());
      return { emulator, engine: new AnthropicEngine({ apiKey: ANTHROPIC_DEMO_KEY, baseUrl: server.url }), close: () => server.close() };
    },
    sentSchema: (body: Body) => {
      expect(body.output_config.format.type).toBe("json_schema");
      return body.output_config.format.schema;
    },
    rejectedSchema: { type: "object", properties: { Summary: { type: "text" } }, required: ["Summary"], additionalProperties: false },
    refusalWords: /I can't rate this content/,
  },
  {
    name: "the OpenAI-compatible server",
    model: "qwen/qwen3-8b",
    async start() {
      forgetServerApis();
      const emulator = new LocalAiServer();
      const baseUrl = await emulator.listen();
      return { emulator, engine: new CompatibleEngine({ apiKey: "", baseUrl }), close: () => emulator.close() };
    },
    sentSchema: (body: Body) => body.text.format.schema,
    rejectedSchema: {},
    refusalWords: /I can't rate this content/,
  },
];

describe.each(SETUPS)("structured output through the $name engine", (setup) => {
  let emulator: AiEmulator;
  let engine: AiEngine;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emulator, engine, close } = await setup.start());
  });
  afterEach(async () => {
    await close();
  });

  it("sends the schema for every property type in the provider's form and streams a JSON answer that validates, with usage", async () => {
    const { text, events, error } = await drain(engine.stream({ model: setup.model, prompt: "Name: Sourdough starter\n\nNotes: feed daily", output: OUTPUT }));
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.type === "text").length).toBeGreaterThan(1);
    const result = check(text);
    expect(result).toMatchObject({ ok: true });
    expect(events.at(-1)).toMatchObject({ type: "done", finish: "stop", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
    const done = events.at(-1) as { usage: { inputTokens: number; outputTokens: number } };
    expect(done.usage.inputTokens).toBeGreaterThan(0);
    expect(done.usage.outputTokens).toBeGreaterThan(0);
    const sent = setup.sentSchema(emulator.requests.at(-1)?.body);
    if (setup.name === "Claude") {
      // Claude's subset: bounds moved into words, nullable types as anyOf.
      expect(JSON.stringify(sent)).not.toMatch(/"(minimum|maximum|maxItems)"/);
      expect((sent as Body).properties.Share.anyOf).toEqual([expect.objectContaining({ type: "number" }), { type: "null" }]);
    } else {
      expect(sent).toEqual(EVERY_TYPE_SCHEMA);
    }
  });

  it("streams a scripted answer exactly, even one that breaks the schema, for the caller to validate", async () => {
    const broken = JSON.stringify({ Summary: "Fine.", Sentiment: "Ecstatic", Score: 42 });
    emulator.scriptAnswer(broken);
    const { text, error } = await drain(engine.stream({ model: setup.model, prompt: "Rate it", output: OUTPUT }));
    expect(error).toBeUndefined();
    expect(text).toBe(broken);
    const result = check(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["unknown_option", "out_of_range", "missing"]));
  });

  it("reports a refusal as ai_refused, with the model's words, and no done event", async () => {
    emulator.scriptRefusal("I can't rate this content.");
    const { events, error } = await drain(engine.stream({ model: setup.model, prompt: "Rate it", output: OUTPUT }));
    expect(error).toBeInstanceOf(InkwellError);
    expect((error as InkwellError).code).toBe("ai_refused");
    expect((error as InkwellError).message).toMatch(/declined to answer/);
    expect((error as InkwellError).message).toMatch(setup.refusalWords);
    expect((error as InkwellError).message).toMatch(/Rephrase the prompt/);
    expect((error as InkwellError).retryable).toBe(false);
    expect(events.some((e) => e.type === "done")).toBe(false);
  });

  it.skipIf(setup.name === "the OpenAI-compatible server")("maps the provider's 400 for a schema it refuses to ai_unsupported, not to a key problem", async () => {
    const { error } = await drain(engine.stream({ model: setup.model, prompt: "Rate it", output: { name: "bad", schema: setup.rejectedSchema } }));
    expect(error).toBeInstanceOf(InkwellError);
    expect((error as InkwellError).code).toBe("ai_unsupported");
    expect((error as InkwellError).message).toMatch(/didn't accept the answer format/);
    expect((error as InkwellError).message).not.toMatch(/key/i);
  });

  it("free text is unchanged: no schema in the request, Markdown back", async () => {
    const { text, error } = await drain(engine.stream({ model: setup.model, prompt: "Write about bread" }));
    expect(error).toBeUndefined();
    expect(text).toMatch(/^## Write about bread/);
    expect(JSON.stringify(emulator.requests.at(-1)?.body)).not.toMatch(/json_schema|responseJsonSchema|output_config/);
  });
});

describe("Gemini refusals through the engine", () => {
  it("a blocked prompt (promptFeedback.blockReason) is a refusal too", async () => {
    const { emulator, server } = await mounted(new GeminiEmulator());
    try {
      emulator.scriptRefusal("", "prompt");
      const engine = new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: server.url });
      const { error } = await drain(engine.stream({ model: "gemini-3.5-flash", prompt: "Anything", output: OUTPUT }));
      expect((error as InkwellError).code).toBe("ai_refused");
      expect((error as InkwellError).message).toMatch(/Gemini declined.*blocked: safety/);
    } finally {
      await server.close();
    }
  });
});

describe("Claude refusals through the engine", () => {
  it("a refusal after some free text: the text streams, then ai_refused says the answer stopped partway", async () => {
    const { emulator, server } = await mounted(new AnthropicEmulator());
    try {
      const engine = new AnthropicEngine({ apiKey: ANTHROPIC_DEMO_KEY, baseUrl: server.url });
      emulator.scriptAnswer({ refusal: "This request was declined.", partial: "Bread is made of flour, water and " });
      const { text, events, error } = await drain(engine.stream({ model: "claude-sonnet-5-5", prompt: "Write about bread" }));
      expect(text).toBe("Bread is made of flour, water and ");
      expect(events.some((e) => e.type === "done")).toBe(false);
      expect((error as InkwellError).code).toBe("ai_refused");
      expect((error as InkwellError).message).toMatch(/^Claude stopped partway through its answer and declined to continue \(“This request was declined\.”\)/);
    } finally {
      await server.close();
    }
  });
});

describe("the OpenAI-compatible engine and servers without JSON-schema output", () => {
  let server: LocalAiServer;
  afterEach(async () => {
    await server.close();
  });

  it("a server that rejects json_schema (on Responses and on Chat) gets ai_unsupported naming the server and what works", async () => {
    forgetServerApis();
    server = new LocalAiServer({ structuredOutput: "rejected" });
    const baseUrl = await server.listen();
    const engine = new CompatibleEngine({ apiKey: "", baseUrl });
    const { error } = await drain(engine.stream({ model: "qwen/qwen3-8b", prompt: "Rate it", output: OUTPUT }));
    expect((error as InkwellError).code).toBe("ai_unsupported");
    expect((error as InkwellError).message).toContain(baseUrl);
    expect((error as InkwellError).message).toMatch(/JSON-schema output.*Ollama 0\.5 or later, or LM Studio/);
    // It tried Responses, then Chat Completions, and did not conclude the server lacks a Responses API.
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/responses", "/v1/chat/completions"]);
    const free = await drain(engine.stream({ model: "qwen/qwen3-8b", prompt: "Write about bread" }));
    expect(free.error).toBeUndefined();
    expect(server.requests.at(-1)?.path).toBe("/v1/responses");
  });

  it("Ollama (Chat Completions only) gets response_format with the schema, and the answer validates", async () => {
    forgetServerApis();
    server = new LocalAiServer({ mode: "ollama" });
    const baseUrl = await server.listen();
    const engine = new CompatibleEngine({ apiKey: "", baseUrl });
    const { text, error } = await drain(engine.stream({ model: "llama3.2:3b", prompt: "Name: Trip to Lyon", output: OUTPUT }));
    expect(error).toBeUndefined();
    expect(check(text)).toMatchObject({ ok: true });
    const body = server.requests.at(-1)?.body as Body;
    expect(server.requests.at(-1)?.path).toBe("/v1/chat/completions");
    expect(body.response_format).toEqual({ type: "json_schema", json_schema: { name: OUTPUT.name, schema: EVERY_TYPE_SCHEMA, strict: true } });
  });

  it("a server that ignores the schema answers free text, which validation then refuses (not_json)", async () => {
    forgetServerApis();
    server = new LocalAiServer({ structuredOutput: "ignored" });
    const baseUrl = await server.listen();
    const engine = new CompatibleEngine({ apiKey: "", baseUrl });
    const { text, error } = await drain(engine.stream({ model: "qwen/qwen3-8b", prompt: "Rate it", output: OUTPUT }));
    expect(error).toBeUndefined();
    expect(check(text)).toMatchObject({ ok: false, reasons: [{ code: "not_json" }] });
  });
});
