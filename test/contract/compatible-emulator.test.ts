/**
 * Contract tests for the local OpenAI-compatible server (LM Studio-like and
 * Ollama-like), with the official `openai` SDK as the client, plus how the
 * sandbox exposes it and the Anthropic emulator.
 */
import { request } from "node:https";
import OpenAI, { AuthenticationError, NotFoundError, PermissionDeniedError } from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANTHROPIC_DEMO_KEY } from "../sandbox/ai/anthropic";
import { LM_STUDIO_MODELS, LocalAiServer, OLLAMA_MODELS } from "../sandbox/ai/local-server";
import { countTokens, tokenize } from "../sandbox/ai/tokens";
import { startSandbox } from "../sandbox/server";

const EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

let server: LocalAiServer;

afterEach(async () => {
  await server.close();
});

function client(options: { apiKey?: string; origin?: string } = {}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey ?? "ollama",
    baseURL: server.baseUrl,
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    ...(options.origin ? { defaultHeaders: { Origin: options.origin } } : {}),
  });
}

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** Streams a chat completion and returns its text, finish reason and usage chunk. */
async function chat(c: OpenAI, model: string, prompt = "Greet me") {
  let text = "";
  let finish: string | null | undefined;
  let usage: OpenAI.CompletionUsage | null | undefined;
  const stream = await c.chat.completions.create({ model, messages: [{ role: "user", content: prompt }], stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    finish = chunk.choices[0]?.finish_reason ?? finish;
    usage = chunk.usage ?? usage;
  }
  return { text, finish, usage };
}

describe("local server, openai-compatible mode (LM Studio-like)", () => {
  beforeEach(async () => {
    server = new LocalAiServer();
    await server.listen();
  });

  it("listens on plain HTTP at 127.0.0.1 and lists its models, with or without a key", async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/u);
    const ids: string[] = [];
    for await (const model of client({ apiKey: "anything" }).models.list()) {
      expect(model).toMatchObject({ object: "model", owned_by: "organization_owner" });
      ids.push(model.id);
    }
    expect(ids).toEqual(LM_STUDIO_MODELS.map((m) => m.id));
    const bare = await fetch(`${server.baseUrl}/models`);
    expect(bare.status).toBe(200);
    // Keys appear in the log as labels only.
    expect(server.requests.map((e) => e.key)).toEqual(["key(8 chars)", "(none)"]);
  });

  it("streams the Responses API", async () => {
    const answer = "## Local\n\n- private\n- free\n";
    server.answerWhen((r) => r.provider === "local" && r.api === "responses", answer);
    const events: ResponseStreamEvent[] = [];
    for await (const event of await client().responses.create({ model: "qwen/qwen3-8b", instructions: "Be useful.", input: "Say hi", stream: true })) events.push(event);
    expect(events.map((e) => (e.type === "response.output_text.delta" ? e.delta : "")).join("")).toBe(answer);
    const completed = events.at(-1) as Extract<ResponseStreamEvent, { type: "response.completed" }>;
    expect(completed.type).toBe("response.completed");
    expect(completed.response.usage).toMatchObject({ input_tokens: countTokens("Be useful.\n\nSay hi"), output_tokens: tokenize(answer).length });
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/responses", model: "qwen/qwen3-8b", status: 200, outcome: "complete" });
  });

  it("streams Chat Completions in the real wire format: deltas, finish_reason, usage chunk, [DONE]", async () => {
    server.scriptAnswer("Hello, locally.");
    const result = await chat(client(), "google/gemma-3-12b");
    expect(result).toMatchObject({ text: "Hello, locally.", finish: "stop", usage: { completion_tokens: countTokens("Hello, locally."), prompt_tokens: countTokens("Greet me") } });

    const raw = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "google/gemma-3-12b", messages: [{ role: "user", content: "hi" }], stream: true }),
    }).then((r) => r.text());
    const data = raw.split("\n\n").filter(Boolean);
    expect(data.at(-1)).toBe("data: [DONE]");
    expect((JSON.parse(data[1]?.replace(/^data: /u, "") ?? "") as { choices: Array<{ delta: { content: string } }> }).choices[0]?.delta.content).toBeTypeOf("string");
  });

  it("allows any origin (CORS enabled), preflight included", async () => {
    const response = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { origin: EXTENSION_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ model: "qwen/qwen3-8b", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(EXTENSION_ORIGIN);
    const preflight = await fetch(`${server.baseUrl}/responses`, {
      method: "OPTIONS",
      headers: { origin: EXTENSION_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(204);
  });

  it("can require a key (401 AuthenticationError otherwise), and answers an unknown model with 404", async () => {
    server.requireApiKey("lm-studio-secret-token");
    await expect(client({ apiKey: "wrong-key-000000" }).models.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect((await fetch(`${server.baseUrl}/models`)).status).toBe(401);
    await expect(client({ apiKey: "lm-studio-secret-token" }).models.list()).resolves.toBeDefined();
    server.requireApiKey(undefined);

    const missing = await thrown(() => client().chat.completions.create({ model: "llama-9000", messages: [{ role: "user", content: "x" }] }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).message).toContain('"llama-9000" not found');
  });
});

describe("local server, ollama mode", () => {
  beforeEach(async () => {
    server = new LocalAiServer({ mode: "ollama" });
    await server.listen();
  });

  it("lists models and streams Chat Completions with any key", async () => {
    const ids: string[] = [];
    for await (const model of client({ apiKey: "whatever" }).models.list()) ids.push(model.id);
    expect(ids).toEqual(OLLAMA_MODELS.map((m) => m.id));
    server.scriptAnswer("Llama says hi.");
    await expect(chat(client({ apiKey: "x" }), "llama3.2:3b")).resolves.toMatchObject({ text: "Llama says hi.", finish: "stop" });
    expect((await fetch(`${server.origin}/`)).status).toBe(200);
  });

  it("has no Responses API: a bare 404 page not found (NotFoundError in the SDK)", async () => {
    const error = await thrown(() => client().responses.create({ model: "llama3.2:3b", input: "hi", stream: true }));
    expect(error).toBeInstanceOf(NotFoundError);
    const raw = await fetch(`${server.baseUrl}/responses`, { method: "POST", body: JSON.stringify({ model: "llama3.2:3b", input: "hi" }) });
    expect(raw.status).toBe(404);
    expect(raw.headers.get("content-type")).toMatch(/^text\/plain/u);
    expect(await raw.text()).toBe("404 page not found");
  });

  it("answers a POST from a disallowed origin with a bare 403 while the extension's GET /v1/models works", async () => {
    const error = await thrown(() => chat(client({ origin: EXTENSION_ORIGIN }), "llama3.2:3b"));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403 });

    const raw = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { origin: EXTENSION_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ model: "llama3.2:3b", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(raw.status).toBe(403);
    expect(await raw.text()).toBe("");
    expect(raw.headers.get("content-type")).toBeNull();
    expect(raw.headers.get("access-control-allow-origin")).toBeNull();

    // Chromium sends no Origin on an extension's GET to a permitted host, so listing works...
    await expect(client().models.list()).resolves.toBeDefined();
    // ...although the rule itself is method-blind, as in Ollama (gin-contrib/cors).
    expect((await fetch(`${server.baseUrl}/models`, { headers: { origin: EXTENSION_ORIGIN } })).status).toBe(403);
    // Ollama's default origins (localhost and friends) pass.
    expect((await fetch(`${server.baseUrl}/models`, { headers: { origin: "http://localhost:3000" } })).status).toBe(200);
    expect(server.requests.filter((e) => e.status === 403).map((e) => `${e.method} ${e.path}`)).toEqual([
      "POST /v1/chat/completions",
      "POST /v1/chat/completions",
      "GET /v1/models",
    ]);
  });

  it("allowedOrigins (OLLAMA_ORIGINS) fixes it: chrome-extension://* or the exact origin", async () => {
    server.setAllowedOrigins("chrome-extension://*");
    server.scriptAnswer("Now allowed.");
    await expect(chat(client({ origin: EXTENSION_ORIGIN }), "qwen3:8b")).resolves.toMatchObject({ text: "Now allowed." });
    const response = await fetch(`${server.baseUrl}/models`, { headers: { origin: EXTENSION_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(EXTENSION_ORIGIN);

    server.setAllowedOrigins([EXTENSION_ORIGIN]);
    await expect(chat(client({ origin: EXTENSION_ORIGIN }), "qwen3:8b")).resolves.toMatchObject({ finish: "stop" });
    await expect(chat(client({ origin: "chrome-extension://someotherextensionidzzzzzzzzzzz" }), "qwen3:8b")).rejects.toBeInstanceOf(PermissionDeniedError);
    server.setAllowedOrigins([]);
    await expect(chat(client({ origin: EXTENSION_ORIGIN }), "qwen3:8b")).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("names a missing model the way Ollama does, and can switch modes at runtime", async () => {
    const error = await thrown(() => client().chat.completions.create({ model: "mistral:7b", messages: [{ role: "user", content: "x" }] }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('model "mistral:7b" not found, try pulling it first');

    server.setMode("openai-compatible");
    await expect(client().responses.create({ model: "qwen/qwen3-8b", input: "hi" })).resolves.toMatchObject({ status: "completed" });
    server.setMode("ollama");
    await expect(client().responses.create({ model: "llama3.2:3b", input: "hi" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("sandbox wiring", () => {
  it("starts the local server on its own HTTP port and routes api.anthropic.com over HTTPS", async () => {
    const sandbox = await startSandbox();
    server = sandbox.localAi;
    try {
      expect(sandbox.localAi.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/u);
      expect(sandbox.hostResolverRules).toContain(`MAP api.anthropic.com 127.0.0.1:${sandbox.port}`);
      sandbox.localAi.scriptAnswer("from the sandbox");
      await expect(chat(client(), "qwen/qwen3-8b")).resolves.toMatchObject({ text: "from the sandbox" });

      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: sandbox.port,
            path: "/v1/models",
            servername: "api.anthropic.com",
            rejectUnauthorized: false,
            headers: { host: "api.anthropic.com", "x-api-key": ANTHROPIC_DEMO_KEY, "anthropic-version": "2023-06-01" },
          },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
            res.on("end", () => resolve(text));
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(JSON.parse(body)).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ type: "model" })]), has_more: false });
      expect(sandbox.anthropic.requests).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  });
});
