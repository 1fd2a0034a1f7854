/**
 * Contract tests for the Gemini emulator, with the official @google/genai SDK
 * as the client: if the SDK accepts what the emulator sends (and fails the way
 * it fails against Google), the wire format is right.
 */
import { ApiError, FinishReason, GoogleGenAI } from "@google/genai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GEMINI_DEMO_KEY, GEMINI_EXHAUSTED_KEY, GeminiEmulator } from "../sandbox/ai/gemini";
import { GEMINI_MODELS } from "../sandbox/ai/gemini-models";
import { tokenize, countTokens } from "../sandbox/ai/tokens";
import { listenHttp, type Listening } from "../sandbox/http";

const MODEL = "gemini-3.5-flash";

let emulator: GeminiEmulator;
let server: Listening;

beforeEach(async () => {
  emulator = new GeminiEmulator();
  server = await listenHttp(emulator.handle);
});

afterEach(async () => {
  await server.close();
});

function client(apiKey = GEMINI_DEMO_KEY): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: server.url } });
}

/** Concatenates the text of a generateContentStream call. */
async function collect(stream: Promise<AsyncGenerator<{ text?: string }>>): Promise<string> {
  let text = "";
  for await (const chunk of await stream) text += chunk.text ?? "";
  return text;
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** The JSON body the SDK keeps in ApiError.message. */
function errorBody(error: unknown): { error: { code: number; status: string; message: string; details?: Array<Record<string, unknown>> } } {
  expect(error).toBeInstanceOf(ApiError);
  return JSON.parse((error as ApiError).message) as ReturnType<typeof errorBody>;
}

/** Waits until the emulator has finished serving request `seq` (its response closed). */
async function settled(seq: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (emulator.requests.find((e) => e.seq === seq)?.outcome) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`request #${seq} never settled:\n${emulator.formatLog()}`);
}

const AWKWARD = [
  "# Awkward 🧪 Markdown",
  "",
  "| Column | Emoji | Math |",
  "| --- | :---: | ---: |",
  "| a\\|b | 👩‍👩‍👧‍👦 | $x^2$ |",
  "",
  "```ts",
  "const s = `template ${'`'}`; // 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "```",
  "",
  `${"Lorem ipsum dolor sit amet, consectetur adipiscing elit 🚀. ".repeat(40)}end.`,
  "",
  "- [ ] task",
  "  - nested **bold _italic_**",
  "",
].join("\n");

describe("Gemini emulator: streaming with @google/genai", () => {
  it("streams a scripted answer in several chunks, ending with STOP and usage", async () => {
    const answer = "## Hello\n\nA paragraph with *emphasis*.\n\n- one\n- two\n";
    emulator.scriptAnswer(answer);
    const prompt = "Say hello in Markdown";
    const system = "You write Notion pages.";

    const chunks = [];
    for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: prompt, config: { systemInstruction: system } })) {
      chunks.push(chunk);
    }

    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text ?? "").join("")).toBe(answer);
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.candidates?.[0]?.finishReason).toBeUndefined();
    const promptTokens = countTokens(`${system}\n\n${prompt}`);
    expect(last?.usageMetadata).toMatchObject({
      promptTokenCount: promptTokens,
      candidatesTokenCount: countTokens(answer),
      totalTokenCount: promptTokens + countTokens(answer),
    });
    expect(last?.modelVersion).toBe(MODEL);
    expect(last?.responseId).toMatch(/^[\w-]{10,}$/u);
    expect(new Set(chunks.map((c) => c.responseId)).size).toBe(1);

    const [entry] = emulator.requests;
    expect(entry).toMatchObject({ method: "POST", model: MODEL, key: "gemini-demo", status: 200, outcome: "complete", tokensSent: countTokens(answer) });
    expect(JSON.stringify(emulator.requests) + emulator.formatLog()).not.toContain(GEMINI_DEMO_KEY);
    expect(entry?.body).toMatchObject({ contents: [{ role: "user", parts: [{ text: prompt }] }], systemInstruction: { parts: [{ text: system }] } });
  });

  it("derives a deterministic Markdown answer from the prompt by default", async () => {
    const ask = () => collect(client().models.generateContentStream({ model: MODEL, contents: "Plan a trip to Lisbon in spring" }));
    const first = await ask();
    expect(first).toMatch(/^## Plan a trip to Lisbon in\n/u);
    expect(first).toContain('to: "Plan a trip to Lisbon in spring"');
    expect(first).toContain("- First item");
    expect(await ask()).toBe(first);
    expect(await collect(client().models.generateContentStream({ model: MODEL, contents: "Something else" }))).not.toBe(first);
  });

  it("answers by rule from the request, and serves queued answers first", async () => {
    emulator.answerWhen("Lisbon", "Lisbon answer").answerWhen((r) => r.system.includes("pirate"), (r) => `Arr, ${r.prompt}`);
    emulator.scriptAnswer("queued");
    const gen = (contents: string, systemInstruction?: string) =>
      collect(client().models.generateContentStream({ model: MODEL, contents, config: systemInstruction ? { systemInstruction } : {} }));

    expect(await gen("Lisbon please")).toBe("queued");
    expect(await gen("Lisbon please")).toBe("Lisbon answer");
    expect(await gen("hello", "Talk like a pirate")).toBe("Arr, hello");
  });

  it("streams long, awkward Markdown intact without splitting surrogate pairs", async () => {
    emulator.scriptAnswer(AWKWARD).setTiming({ tokensPerEvent: 1 });
    const texts: string[] = [];
    for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: "awkward" })) texts.push(chunk.text ?? "");

    expect(texts.join("")).toBe(AWKWARD);
    expect(texts.length).toBe(tokenize(AWKWARD).length);
    // With the u flag, a class of surrogates only matches unpaired ones.
    const loneSurrogate = /[\uD800-\uDFFF]/u;
    for (const text of texts) expect(text).not.toMatch(loneSurrogate);
  });

  it("sends SSE the way Google does: data lines, CRLF CRLF, no event names, no [DONE]; key also accepted as ?key=", async () => {
    emulator.scriptAnswer("one two three four five six seven eight nine ten eleven twelve thirteen");
    const response = await fetch(`${server.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse&key=${GEMINI_DEMO_KEY}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "count" }] }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const raw = await response.text();
    expect(raw.endsWith("\r\n\r\n")).toBe(true);
    const events = raw.split("\r\n\r\n").filter(Boolean);
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) expect(event).toMatch(/^data: \{.*\}$/su);
    expect(raw).not.toContain("event:");
    expect(raw).not.toContain("[DONE]");
    const last = JSON.parse(events.at(-1)!.slice("data: ".length)) as { candidates: Array<{ finishReason: string }> };
    expect(last.candidates[0]?.finishReason).toBe("STOP");
    expect(emulator.requests[0]?.path).toContain("key=REDACTED");
  });
});

describe("Gemini emulator: other endpoints", () => {
  it("generateContent returns the whole answer with usage", async () => {
    emulator.scriptAnswer("Whole answer.");
    const response = await client().models.generateContent({ model: MODEL, contents: "Tell me" });
    expect(response.text).toBe("Whole answer.");
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.STOP);
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: countTokens("Tell me"), candidatesTokenCount: countTokens("Whole answer.") });
  });

  it("lists models across pages and gets one", async () => {
    const ai = client();
    const pager = await ai.models.list({ config: { pageSize: 4 } });
    expect(pager.page).toHaveLength(4);
    const names: string[] = [];
    for await (const model of pager) names.push(model.name ?? "");
    expect(names).toEqual(GEMINI_MODELS.map((m) => `models/${m.id}`));
    expect(names).toEqual(expect.arrayContaining(["models/gemini-3.5-flash", "models/gemini-3.5-flash-lite", "models/gemini-flash-latest", "models/gemini-pro-latest"]));
    expect(emulator.requests.filter((e) => e.method === "GET")).toHaveLength(Math.ceil(GEMINI_MODELS.length / 4));
    expect(emulator.requests[1]?.path).toMatch(/pageToken=/u);

    const flash = await ai.models.get({ model: "gemini-flash-latest" });
    expect(flash).toMatchObject({ name: "models/gemini-flash-latest", displayName: "Gemini Flash Latest", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 });
    expect(flash.supportedActions).toContain("generateContent");
    const embedding = await ai.models.get({ model: "gemini-embedding-001" });
    expect(embedding.supportedActions).not.toContain("generateContent");
  });

  it("reports the concrete model behind an alias as modelVersion", async () => {
    const response = await client().models.generateContent({ model: "gemini-flash-latest", contents: "hi" });
    expect(response.modelVersion).toBe("gemini-3.8-flash");
  });

  it("counts tokens with the same tokenizer", async () => {
    const response = await client().models.countTokens({ model: MODEL, contents: "How many tokens is this sentence?" });
    expect(response.totalTokens).toBe(countTokens("How many tokens is this sentence?"));
  });
});

describe("Gemini emulator: errors", () => {
  it("rejects a bad key with 400 INVALID_ARGUMENT / API_KEY_INVALID (not 401)", async () => {
    const badKey = "AIzaSyThisKeyDoesNotExist00000000000000";
    const error = await thrown(() => client(badKey).models.generateContentStream({ model: MODEL, contents: "hi" }));
    expect((error as ApiError).status).toBe(400);
    const body = errorBody(error);
    expect(body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "API key not valid. Please pass a valid API key." });
    expect(body.error.details?.[0]).toEqual({
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "API_KEY_INVALID",
      domain: "googleapis.com",
      metadata: { service: "generativelanguage.googleapis.com" },
    });
    // Listing models with a bad key fails the same way.
    expect((await thrown(() => client(badKey).models.list())) as ApiError).toMatchObject({ status: 400 });
    expect(emulator.formatLog()).not.toContain(badKey);
    expect(JSON.stringify(emulator.requests)).not.toContain(badKey);
  });

  it("answers a request without a key with 403 PERMISSION_DENIED", async () => {
    const response = await fetch(`${server.url}/v1beta/models/${MODEL}:generateContent`, { method: "POST", body: JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] }) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
  });

  it("answers an exhausted quota with 429 RESOURCE_EXHAUSTED, QuotaFailure and RetryInfo 41s; listing models still works", async () => {
    const error = await thrown(() => client(GEMINI_EXHAUSTED_KEY).models.generateContentStream({ model: MODEL, contents: "hi" }));
    expect((error as ApiError).status).toBe(429);
    const { error: body } = errorBody(error);
    expect(body.status).toBe("RESOURCE_EXHAUSTED");
    expect(body.message).toContain("You exceeded your current quota");
    const types = body.details?.map((d) => d["@type"]);
    expect(types).toContain("type.googleapis.com/google.rpc.QuotaFailure");
    expect(body.details?.find((d) => d["@type"] === "type.googleapis.com/google.rpc.RetryInfo")).toEqual({
      "@type": "type.googleapis.com/google.rpc.RetryInfo",
      retryDelay: "41s",
    });
    const pager = await client(GEMINI_EXHAUSTED_KEY).models.list();
    expect(pager.page.length).toBeGreaterThan(0);
  });

  it("a key can be exhausted and restored at run time", async () => {
    emulator.addKey("AIzaSyRuntimeKey000000000000000000000000", { label: "runtime" });
    const ai = client("AIzaSyRuntimeKey000000000000000000000000");
    await expect(ai.models.generateContent({ model: MODEL, contents: "a" })).resolves.toBeDefined();
    emulator.setQuota("AIzaSyRuntimeKey000000000000000000000000", "exhausted");
    await expect(ai.models.generateContent({ model: MODEL, contents: "a" })).rejects.toMatchObject({ status: 429 });
    emulator.setQuota("AIzaSyRuntimeKey000000000000000000000000", "ok");
    await expect(ai.models.generateContent({ model: MODEL, contents: "a" })).resolves.toBeDefined();
    expect(emulator.requests.map((e) => e.key)).toEqual(["runtime", "runtime", "runtime"]);
  });

  it("enforces a per-key requests-per-minute limit with a RetryInfo delay", async () => {
    let now = 1_000_000;
    emulator = new GeminiEmulator({ keys: [{ key: "AIzaSyRpmKey0000000000000000000000000000", rpm: 2 }], now: () => now });
    await server.close();
    server = await listenHttp(emulator.handle);
    const ai = client("AIzaSyRpmKey0000000000000000000000000000");

    await ai.models.generateContent({ model: MODEL, contents: "1" });
    now += 15_000;
    await ai.models.generateContent({ model: MODEL, contents: "2" });
    now += 5_000;
    const error = await thrown(() => ai.models.generateContent({ model: MODEL, contents: "3" }));
    const { error: body } = errorBody(error);
    expect(body).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
    // The first request leaves the window 40 s from now.
    expect(body.details?.find((d) => d["@type"] === "type.googleapis.com/google.rpc.RetryInfo")?.retryDelay).toBe("40s");
    const quota = body.details?.find((d) => d["@type"] === "type.googleapis.com/google.rpc.QuotaFailure") as { violations: Array<{ quotaId: string }> };
    expect(quota.violations[0]?.quotaId).toContain("PerMinute");

    now += 40_001;
    await expect(ai.models.generateContent({ model: MODEL, contents: "4" })).resolves.toBeDefined();
  });

  it("answers an unknown model, or one without generateContent, with 404 NOT_FOUND", async () => {
    const unknown = errorBody(await thrown(() => client().models.generateContentStream({ model: "gemini-9-ultra", contents: "hi" })));
    expect(unknown.error).toMatchObject({ code: 404, status: "NOT_FOUND" });
    expect(unknown.error.message).toContain("models/gemini-9-ultra is not found");
    const embedding = errorBody(await thrown(() => client().models.generateContent({ model: "gemini-embedding-001", contents: "hi" })));
    expect(embedding.error.message).toContain("not supported for generateContent");
    await expect(client().models.get({ model: "gemini-9-ultra" })).rejects.toMatchObject({ status: 404 });
  });

  it("can fail the next request with 503 UNAVAILABLE (overloaded)", async () => {
    emulator.failNext();
    const error = await thrown(() => client().models.generateContentStream({ model: MODEL, contents: "hi" }));
    expect(errorBody(error).error).toMatchObject({ code: 503, status: "UNAVAILABLE" });
    await expect(collect(client().models.generateContentStream({ model: MODEL, contents: "hi" }))).resolves.not.toBe("");
  });

  it("can inject a per-minute rate limit (RetryInfo 20s) or a used-up daily quota", async () => {
    emulator.failNext("rate_limited").failNext("no_credit");
    const retryDelay = (error: unknown) => errorBody(error).error.details?.find((d) => d["@type"] === "type.googleapis.com/google.rpc.RetryInfo")?.retryDelay;
    const perMinute = await thrown(() => client().models.generateContent({ model: MODEL, contents: "hi" }));
    expect(errorBody(perMinute).error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
    expect(retryDelay(perMinute)).toBe("20s");
    const daily = await thrown(() => client().models.generateContent({ model: MODEL, contents: "hi" }));
    expect(retryDelay(daily)).toBe("41s");
  });
});

describe("Gemini emulator: limits, aborts and faults", () => {
  it("truncates at maxOutputTokens with finishReason MAX_TOKENS", async () => {
    const answer = "word ".repeat(50);
    emulator.scriptAnswer(answer);
    const chunks = [];
    for await (const c of await client().models.generateContentStream({ model: MODEL, contents: "long", config: { maxOutputTokens: 7 } })) chunks.push(c);
    const last = chunks.at(-1);
    expect(chunks.map((c) => c.text ?? "").join("")).toBe(tokenize(answer).slice(0, 7).join(""));
    expect(last?.candidates?.[0]?.finishReason).toBe(FinishReason.MAX_TOKENS);
    expect(last?.usageMetadata?.candidatesTokenCount).toBe(7);
  });

  it("counts thinking tokens against maxOutputTokens: a small limit can leave no text", async () => {
    emulator.setReasoningTokens(30);
    const response = await client().models.generateContent({ model: MODEL, contents: "think", config: { maxOutputTokens: 20 } });
    expect(response.text).toBeUndefined();
    expect(response.candidates?.[0]?.finishReason).toBe(FinishReason.MAX_TOKENS);
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(20);

    const roomy = await client().models.generateContent({ model: MODEL, contents: "think" });
    expect(roomy.text).toBeTruthy();
    expect(roomy.usageMetadata?.thoughtsTokenCount).toBe(30);
  });

  it("stops writing when the client aborts via config.abortSignal", async () => {
    emulator.scriptAnswer("tick ".repeat(200)).setTiming({ tokensPerSecond: 200, tokensPerEvent: 1 });
    const controller = new AbortController();
    let received = "";
    const error = await thrown(async () => {
      for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: "slow", config: { abortSignal: controller.signal } })) {
        received += chunk.text ?? "";
        if (received.length >= 15) controller.abort();
      }
    });
    expect((error as Error).name).toBe("AbortError");
    expect("tick ".repeat(200).startsWith(received)).toBe(true);

    await settled(1);
    const entry = emulator.requests[0];
    expect(entry?.outcome).toBe("aborted");
    // The emulator noticed and stopped well before the end of the answer.
    expect(entry?.tokensSent).toBeLessThan(100);
    const sentAtAbort = entry?.tokensSent;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.requests[0]?.tokensSent).toBe(sentAtAbort);
  });

  it("cuts the stream mid-answer: the SDK throws after yielding the partial text", async () => {
    const answer = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    emulator.scriptAnswer(answer).cutNextStream(5).setTiming({ tokensPerEvent: 2 });
    let received = "";
    const error = await thrown(async () => {
      for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: "cut" })) received += chunk.text ?? "";
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(received).toBe(tokenize(answer).slice(0, 5).join(""));
    expect(emulator.requests[0]).toMatchObject({ outcome: "cut", tokensSent: 5, status: 200 });
  });

  it("a drop before any content also surfaces as an error (no continuation token, so the SDK does not resume)", async () => {
    emulator.cutNextStream(0);
    let received = "";
    const error = await thrown(async () => {
      for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: "drop" })) received += chunk.text ?? "";
    });
    expect(error).not.toBeInstanceOf(ApiError);
    expect(received).toBe("");
    expect(emulator.requests.map((e) => e.outcome)).toEqual(["cut"]);
    // The fault was one-shot: the next request completes.
    await expect(collect(client().models.generateContentStream({ model: MODEL, contents: "drop" }))).resolves.toContain("## drop");
  });

  it("waits ttftMs before the first chunk and paces the rest (lower bounds only)", async () => {
    const answer = "one two three four five six seven eight nine ten";
    const tokens = tokenize(answer).length; // 10
    emulator.scriptAnswer(answer).setTiming({ ttftMs: 200, tokensPerSecond: 50, tokensPerEvent: 1 });
    const start = performance.now();
    let first = 0;
    let text = "";
    for await (const chunk of await client().models.generateContentStream({ model: MODEL, contents: "timed" })) {
      if (!first) first = performance.now() - start;
      text += chunk.text ?? "";
    }
    const total = performance.now() - start;
    expect(text).toBe(answer);
    expect(first).toBeGreaterThanOrEqual(190);
    // The last token is due at ttft + (tokens - 1) / 50 s = 380 ms.
    expect(total).toBeGreaterThanOrEqual(200 + ((tokens - 1) * 1000) / 50 - 10);
  });
});

describe("tokenizer", () => {
  it("round-trips text and keeps surrogate pairs whole", () => {
    for (const text of ["", " ", "hello world", "a  b\n\nc ", AWKWARD, "😀😀😀😀😀😀", "x\u{1F600}y"]) {
      const tokens = tokenize(text);
      expect(tokens.join("")).toBe(text);
      for (const token of tokens) expect(token).not.toMatch(/[\uD800-\uDBFF]$/u);
    }
    expect(tokenize("abcdefgh ij")).toEqual(["abcd", "efgh", " ij"]);
  });
});
