import { beforeEach, describe, expect, it } from "vitest";
import { CompatibleEngine, forgetServerApis, PLACEHOLDER_KEY } from "../../../src/ai/compatible";
import type { EngineConfig } from "../../../src/ai/engine";
import { InkwellError } from "../../../src/core/errors";
import { bare, drain, fakeFetch, json, refused, sse, texts, type Handler } from "./fake-fetch";

const BASE = "http://localhost:11434/v1";
const EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

const responsesAnswer = (parts: string[]) =>
  sse([
    { event: "response.created", data: { type: "response.created", response: { id: "r1" } } },
    ...parts.map((delta) => ({ event: "response.output_text.delta", data: { type: "response.output_text.delta", delta, item_id: "m1", output_index: 0, content_index: 0 } })),
    { event: "response.completed", data: { type: "response.completed", response: { id: "r1", usage: { input_tokens: 11, output_tokens: 22 } } } },
  ]);

const chunk = (content: string | null, finish: string | null = null) => ({
  id: "c1",
  object: "chat.completion.chunk",
  created: 1,
  model: "llama3.2",
  choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
});

const chatAnswer = (parts: string[], options: { finish?: boolean } = {}) =>
  sse([
    ...parts.map((part) => ({ data: chunk(part) })),
    ...(options.finish === false ? [] : [{ data: chunk(null, "stop") }, { data: { ...chunk(null), choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } } }]),
    { data: "[DONE]" },
  ]);

const MODELS = () => json(200, { object: "list", data: [{ id: "llama3.2", object: "model" }, { id: "nomic-embed-text", object: "model" }, { id: "gemma3", object: "model" }] });

function engine(handler: Handler, config: Partial<EngineConfig> = {}) {
  const fake = fakeFetch(handler);
  return {
    engine: new CompatibleEngine({ apiKey: "", baseUrl: BASE, extensionOrigin: EXTENSION, hasHostPermission: async () => true, fetch: fake.fetch, ...config }),
    requests: fake.requests,
  };
}

const paths = (requests: { method: string; url: URL }[]) => requests.map((request) => `${request.method} ${request.url.pathname}`);

describe("OpenAI-compatible engine", () => {
  beforeEach(() => forgetServerApis());

  it("uses the Responses API where the server has it", async () => {
    const { engine: compatible, requests } = engine(({ url }) => (url.pathname === "/v1/responses" ? responsesAnswer(["Hello ", "world"]) : bare(500)));
    const { events, error } = await drain(compatible.stream({ model: "llama3.2", prompt: "Say hi", systemInstruction: "Be brief", maxOutputTokens: 100 }));
    expect(error).toBeUndefined();
    expect(texts(events)).toEqual(["Hello ", "world"]);
    expect(events.at(-1)).toEqual({ type: "done", usage: { inputTokens: 11, outputTokens: 22 }, finish: "stop" });
    expect(paths(requests)).toEqual(["POST /v1/responses"]);
    expect(requests[0]!.body).toMatchObject({ model: "llama3.2", input: "Say hi", instructions: "Be brief", max_output_tokens: 100, stream: true });
    // Ollama needs a non-empty key; none was given.
    expect(requests[0]!.headers.get("authorization")).toBe(`Bearer ${PLACEHOLDER_KEY}`);
  });

  it("falls back to Chat Completions when /responses doesn't exist, and remembers that for the server", async () => {
    const { engine: compatible, requests } = engine(({ url }) => {
      if (url.pathname === "/v1/responses") return new Response("404 page not found", { status: 404, headers: { "content-type": "text/plain" } });
      if (url.pathname === "/v1/chat/completions") return chatAnswer(["Bon", "jour"]);
      return bare(500);
    });
    const first = await drain(compatible.stream({ model: "llama3.2", prompt: "Greet", systemInstruction: "In French", temperature: 0.3 }));
    expect(first.error).toBeUndefined();
    expect(texts(first.events)).toEqual(["Bon", "jour"]);
    expect(first.events.at(-1)).toEqual({ type: "done", usage: { inputTokens: 5, outputTokens: 7 }, finish: "stop" });
    const chatBody = requests[1]!.body as { messages: unknown[]; stream_options: unknown; temperature: number };
    expect(chatBody.messages).toEqual([
      { role: "system", content: "In French" },
      { role: "user", content: "Greet" },
    ]);
    expect(chatBody.stream_options).toEqual({ include_usage: true });
    expect(chatBody.temperature).toBe(0.3);

    await drain(compatible.stream({ model: "llama3.2", prompt: "Again" }));
    expect(paths(requests)).toEqual(["POST /v1/responses", "POST /v1/chat/completions", "POST /v1/chat/completions"]);
  });

  it("falls back on 405 and 501 too, but not when the 404 is about the model", async () => {
    for (const status of [405, 501]) {
      forgetServerApis();
      const { engine: compatible } = engine(({ url }) => (url.pathname === "/v1/responses" ? bare(status) : chatAnswer(["ok"])));
      expect(texts((await drain(compatible.stream({ model: "m", prompt: "p" }))).events)).toEqual(["ok"]);
    }
    forgetServerApis();
    const { engine: compatible, requests } = engine(() => json(404, { error: { message: 'model "llama9" not found, try pulling it first', type: "api_error" } }));
    const { error } = await drain(compatible.stream({ model: "llama9", prompt: "p" }));
    expect(error).toMatchObject({ code: "ai_model_not_found" });
    expect((error as Error).message).toContain("“llama9”");
    expect(paths(requests)).toEqual(["POST /v1/responses"]);
  });

  it("recognises Ollama's origin check (a bare 403 on POST while GET /models works) and says exactly how to fix it", async () => {
    const { engine: compatible, requests } = engine(({ method, url }) => (method === "GET" && url.pathname === "/v1/models" ? MODELS() : bare(403)));
    const { error } = await drain(compatible.stream({ model: "llama3.2", prompt: "p" }));
    expect(error).toBeInstanceOf(InkwellError);
    expect((error as InkwellError).code).toBe("ai_origin_blocked");
    expect((error as Error).message).toBe(
      `Ollama is refusing requests from the extension. Quit Ollama and start it with OLLAMA_ORIGINS=${EXTENSION} ollama serve ` +
        `(on macOS: launchctl setenv OLLAMA_ORIGINS "${EXTENSION}" then restart Ollama).`,
    );
    expect(paths(requests)).toEqual(["POST /v1/responses", "GET /v1/models"]);
  });

  it("gives Firefox users the moz-extension wildcard, since each install has its own UUID", async () => {
    const { engine: compatible } = engine(({ method }) => (method === "GET" ? MODELS() : bare(403)), { extensionOrigin: "moz-extension://1234-5678" });
    const { error } = await drain(compatible.stream({ model: "llama3.2", prompt: "p" }));
    expect((error as Error).message).toContain("OLLAMA_ORIGINS=moz-extension://* ollama serve");
  });

  it("treats a 403 that GET /models gets too as the server refusing the key, not the origin check", async () => {
    const { engine: compatible } = engine(() => json(403, { error: { message: "forbidden", type: "permission_error" } }));
    const { error } = await drain(compatible.stream({ model: "llama3.2", prompt: "p" }));
    expect((error as InkwellError).code).toBe("ai_invalid_key");
    expect((error as Error).message).not.toContain("OLLAMA_ORIGINS");
  });

  it("says nothing answered when the server isn't running, for listing and for generating", async () => {
    const { engine: compatible } = engine(refused);
    await expect(compatible.listModels()).rejects.toMatchObject({ code: "ai_unavailable", retryable: true, message: `Nothing answered at ${BASE}. Is the server running?` });
    const { error } = await drain(compatible.stream({ model: "llama3.2", prompt: "p" }));
    expect(error).toMatchObject({ code: "ai_unavailable", message: `Nothing answered at ${BASE}. Is the server running?` });
  });

  it("refuses before any request when the server's host permission isn't granted", async () => {
    const asked: string[] = [];
    const { engine: compatible, requests } = engine(() => MODELS(), {
      hasHostPermission: async (pattern) => {
        asked.push(pattern);
        return false;
      },
    });
    await expect(compatible.listModels()).rejects.toMatchObject({ code: "ai_permission_needed" });
    const { error } = await drain(compatible.stream({ model: "llama3.2", prompt: "p" }));
    expect(error).toMatchObject({ code: "ai_permission_needed" });
    expect((error as Error).message).toBe(
      "Inkwell isn't allowed to reach http://localhost:11434 yet. In Settings → AI engine, choose OpenAI-compatible server and press Check server, then allow access when the browser asks (if it isn't your default engine, you can switch back afterwards).",
    );
    // The host without its port: the pattern Settings asks for (Firefox refuses ports in match patterns).
    expect(asked).toEqual(["http://localhost/*", "http://localhost/*"]);
    expect(requests).toEqual([]);
  });

  it("never shows a user name or password from the address in its messages", async () => {
    const secretBase = "https://user:tok3n-secret@llm.example.com/v1";
    const { engine: unreachable } = engine(refused, { baseUrl: secretBase });
    const listing = await unreachable.listModels().catch((error: unknown) => error);
    expect(listing).toMatchObject({ code: "ai_unavailable", message: "Nothing answered at https://llm.example.com/v1. Is the server running?" });
    const { error: generating } = await drain(unreachable.stream({ model: "m", prompt: "p" }));
    expect((generating as Error).message).toBe("Nothing answered at https://llm.example.com/v1. Is the server running?");

    const { engine: notAnApi } = engine(() => bare(404), { baseUrl: secretBase });
    const notFound = await notAnApi.listModels().catch((error: unknown) => error);
    expect(notFound).toMatchObject({ code: "not_configured" });
    expect((notFound as Error).message).toMatch(/^https:\/\/llm\.example\.com\/v1 doesn't look like/);
    for (const error of [listing, generating, notFound]) expect((error as Error).message).not.toContain("tok3n");
  });

  it("lists the server's text models, with the key when one is set", async () => {
    const { engine: compatible, requests } = engine(() => MODELS(), { apiKey: "lm-secret" });
    expect((await compatible.listModels()).map((model) => model.id)).toEqual(["gemma3", "llama3.2"]);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer lm-secret");
    expect(requests[0]!.url.href).toBe(`${BASE}/models`);
  });

  it("says when the address isn't an OpenAI-compatible API", async () => {
    const { engine: compatible } = engine(() => bare(404));
    await expect(compatible.listModels()).rejects.toMatchObject({ code: "not_configured", message: expect.stringContaining("/v1") });
  });

  it("reports a chat stream that ends without a finish reason as interrupted, keeping what arrived", async () => {
    const { engine: compatible } = engine(({ url }) => (url.pathname === "/v1/responses" ? bare(404) : chatAnswer(["Half an ans"], { finish: false })));
    const { events, error } = await drain(compatible.stream({ model: "m", prompt: "p" }));
    expect(texts(events)).toEqual(["Half an ans"]);
    expect(error).toMatchObject({ code: "ai_stream_interrupted", retryable: true });
    expect((error as Error).message).toContain("stopped halfway");
  });

  it("turns an abort into a cancellation", async () => {
    const controller = new AbortController();
    const { engine: compatible } = engine(({ url }) => (url.pathname === "/v1/responses" ? responsesAnswer(["one ", "two ", "three"]) : bare(500)));
    const events: unknown[] = [];
    let caught: unknown;
    try {
      for await (const event of compatible.stream({ model: "m", prompt: "p", signal: controller.signal })) {
        events.push(event);
        controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(events).toHaveLength(1);
    expect(caught).toMatchObject({ code: "cancelled" });
  });

  it("needs a model and a server address", async () => {
    expect(() => new CompatibleEngine({ apiKey: "" })).toThrow(/server's address/);
    const { engine: compatible, requests } = engine(() => MODELS());
    const { error } = await drain(compatible.stream({ model: "", prompt: "p" }));
    expect(error).toMatchObject({ code: "not_configured" });
    expect(requests).toEqual([]);
  });
});
