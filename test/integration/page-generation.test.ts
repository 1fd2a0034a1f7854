import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AnthropicEngine } from "../../src/ai/anthropic";
import type { AiEngine } from "../../src/ai/engine";
import { GeminiEngine } from "../../src/ai/gemini";
import { OpenAIEngine } from "../../src/ai/openai";
import { generateIntoPage, PREVIEW_CHARS } from "../../src/background/runs/page-run";
import { markdownToBlocks } from "../../src/core/markdown";
import { buildPrompt } from "../../src/core/prompt";
import { defaultGenerationOptions } from "../../src/shared/storage/schema";
import { NotionBlockWriter } from "../../src/notion/block-writer";
import { ANTHROPIC_DEMO_KEY, AnthropicEmulator, GeminiEmulator, GEMINI_DEMO_KEY, GEMINI_EXHAUSTED_KEY, OpenAIEmulator, OPENAI_DEMO_KEY, OPENAI_EXHAUSTED_KEY } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { notionUnderTest, outline, requestOutline, TOKEN, type NotionUnderTest } from "./helpers";

const ANSWER = [
  "# Release notes",
  "Intro paragraph with *emphasis* and a [link](https://example.com).",
  "- one\n- two\n  - two.a\n    - two.a.i\n      - deep",
  "```python\nprint('hi')\n```",
  "| k | v |\n|---|---|\n| a | 1 |",
  "y".repeat(2500),
  "> quoted",
].join("\n\n");

describe("page generation: engines → converter → writer, against the emulators", () => {
  let gemini: GeminiEmulator, openai: OpenAIEmulator;
  let geminiServer: Listening, openaiServer: Listening;
  let env: NotionUnderTest;
  let pageId: string;

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 20, tokensPerSecond: 2000 } });
    openai = new OpenAIEmulator({ timing: { ttftMs: 20, tokensPerSecond: 2000 } });
    geminiServer = await listenHttp(gemini.handle);
    openaiServer = await listenHttp(openai.handle);
    env = await notionUnderTest();
  });
  afterAll(async () => {
    await Promise.all([geminiServer.close(), openaiServer.close(), env.close()]);
  });
  beforeEach(() => {
    pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN] });
  });

  const engines = (): Record<string, AiEngine> => ({
    gemini: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: geminiServer.url }),
    openai: new OpenAIEngine({ apiKey: OPENAI_DEMO_KEY, baseUrl: `${openaiServer.url}/v1` }),
  });

  async function run(engine: AiEngine, signal = new AbortController().signal, onProgress?: () => void) {
    const writer = new NotionBlockWriter(env.client, pageId);
    await writer.prime();
    return generateIntoPage({
      engine,
      model: engine.id === "gemini" ? "gemini-3.5-flash" : "gpt-5.6-mini",
      prompt: buildPrompt("Write release notes", defaultGenerationOptions()),
      sink: writer,
      signal,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  it.each(["gemini", "openai"])("streams a %s answer into the page as native blocks", async (name) => {
    (name === "gemini" ? gemini : openai).scriptAnswer(ANSWER);
    const outcome = await run(engines()[name]!);
    expect(outcome.status).toBe("succeeded");
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(requestOutline(markdownToBlocks(ANSWER)));
    expect(outcome.writtenBlockIds).toHaveLength(markdownToBlocks(ANSWER).length);
    expect(outcome.outputTokens).toBeGreaterThan(0);
    expect(outcome.inputTokens).toBeGreaterThan(0);
    // The connection's "last generated content" preview: the start of the answer as streamed.
    expect(outcome.preview).toBe(ANSWER.slice(0, PREVIEW_CHARS));
  });

  it("sends the system instruction and prompt the user wrote", async () => {
    gemini.scriptAnswer("ok");
    await run(engines().gemini!);
    const last = gemini.requests.at(-1)!;
    expect(JSON.stringify(last.body)).toContain("Write release notes");
    expect(JSON.stringify(last.body)).toContain("Answer in Markdown");
  });

  it("writes what arrived and reports a partial run when the stream stops halfway", async () => {
    gemini.scriptAnswer(ANSWER);
    gemini.cutNextStream(60);
    const outcome = await run(engines().gemini!);
    expect(outcome.status).toBe("partial");
    expect(outcome.error?.code).toBe("ai_stream_interrupted");
    expect(outcome.blocksWritten).toBeGreaterThan(0);
    expect(env.notion.blockTree(pageId).length).toBe(outcome.writtenBlockIds.length);
  });

  it("cancels: stops the stream and keeps what was written", async () => {
    openai.setTiming({ ttftMs: 0, tokensPerSecond: 60 });
    openai.scriptAnswer(Array.from({ length: 60 }, (_, i) => `Paragraph ${i}.`).join("\n\n"));
    const controller = new AbortController();
    let cancelled = false;
    const outcome = await run(engines().openai!, controller.signal, () => {
      if (!cancelled && env.notion.blockTree(pageId).length >= 1) {
        cancelled = true;
        controller.abort();
      }
    });
    openai.setTiming({ ttftMs: 20, tokensPerSecond: 2000 });
    expect(outcome.status).toBe("cancelled");
    const count = env.notion.blockTree(pageId).length;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThan(60);
    // Nothing is written after the cancel: the count stays put.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(env.notion.blockTree(pageId).length).toBe(count);
  });

  it.each([
    ["gemini", () => new GeminiEngine({ apiKey: GEMINI_EXHAUSTED_KEY, baseUrl: geminiServer.url }), /quota/i],
    ["openai", () => new OpenAIEngine({ apiKey: OPENAI_EXHAUSTED_KEY, baseUrl: `${openaiServer.url}/v1` }), /quota/i],
    ["gemini", () => new GeminiEngine({ apiKey: "AIzaSyWrongKey000000000000000000000000", baseUrl: geminiServer.url }), /rejected the API key/],
    ["openai", () => new OpenAIEngine({ apiKey: "sk-wrong-key-000000000000000000", baseUrl: `${openaiServer.url}/v1` }), /rejected the API key/],
  ])("fails clearly without writing anything (%s)", async (_name, engine, message) => {
    const outcome = await run(engine());
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.message).toMatch(message);
    expect(outcome.error?.retryable).toBe(false);
    expect(env.notion.blockTree(pageId)).toEqual([]);
  });

  it("stops generating when Notion refuses the write (free-plan block limit), explains it and doesn't retry it", async () => {
    env.notion.setBlockLimit(env.notion.blockUsage().used + 3);
    env.notion.clearRequestLog();
    gemini.scriptAnswer(ANSWER);
    const outcome = await run(engines().gemini!);
    env.notion.setBlockLimit(null);
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toMatchObject({ code: "notion_block_limit", retryable: false });
    expect(outcome.error?.message).toMatch(/1,000 blocks in its lifetime.*Deleting blocks doesn't free any room.*paid plan.*personal access token/s);
    // Notion's 403 restricted_resource came once: the refused write was not sent again.
    const refused = env.notion.requestLog().filter((entry) => entry.status === 403);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: "restricted_resource" });
  });

  it("saves every append's block ids before the next append starts, and keeps the whole answer beyond the preview", async () => {
    const long = Array.from({ length: 230 }, (_, i) => `- [ ] Item ${i + 1}`).join("\n");
    gemini.scriptAnswer(long);
    const appendsBefore = env.notion.requestLog().filter((entry) => entry.method === "PATCH" && entry.path.endsWith("/children")).length;
    const appends = () => env.notion.requestLog().filter((entry) => entry.method === "PATCH" && entry.path.endsWith("/children")).length - appendsBefore;
    const saves: { ids: number; appendsSoFar: number }[] = [];
    let answer = "";
    const writer = new NotionBlockWriter(env.client, pageId);
    await writer.prime();
    const outcome = await generateIntoPage({
      engine: engines().gemini!,
      model: "gemini-3.5-flash",
      prompt: buildPrompt("List", defaultGenerationOptions()),
      sink: writer,
      signal: new AbortController().signal,
      saveWritten: async (ids) => void saves.push({ ids: ids.length, appendsSoFar: appends() }),
      onAnswer: (text) => (answer = text),
    });
    expect(outcome.status).toBe("succeeded");
    // One save per append, made before the next append reached Notion.
    expect(saves.length).toBe(appends());
    saves.forEach((save, index) => expect(save.appendsSoFar).toBe(index + 1));
    expect(saves.at(-1)!.ids).toBe(230);
    expect(outcome.writtenBlockIds).toHaveLength(230);
    expect(answer).toBe(long);
    expect(outcome.preview.length).toBeLessThan(long.length);
  });

  it("an empty answer says the model returned nothing (not \"0 blocks written\")", async () => {
    gemini.scriptAnswer("");
    const outcome = await run(engines().gemini!);
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.code).toBe("ai_empty_answer");
    expect(outcome.error?.message).toMatch(/returned nothing/);
    expect(env.notion.blockTree(pageId)).toEqual([]);
  });

  it("Claude refusing partway: what it wrote stays on the page, the run is partial, and the message says it stopped partway", async () => {
    const claude = new AnthropicEmulator({ timing: { ttftMs: 5, tokensPerSecond: 2000 } });
    const claudeServer = await listenHttp(claude.handle);
    try {
      claude.scriptAnswer({ refusal: "This request was declined.", partial: "# Bread\n\nBread is made of flour and water.\n\nThen " });
      const writer = new NotionBlockWriter(env.client, pageId);
      await writer.prime();
      const outcome = await generateIntoPage({
        engine: new AnthropicEngine({ apiKey: ANTHROPIC_DEMO_KEY, baseUrl: claudeServer.url }),
        model: "claude-sonnet-5-5",
        prompt: buildPrompt("Write about bread", defaultGenerationOptions()),
        sink: writer,
        signal: new AbortController().signal,
      });
      expect(outcome.status).toBe("partial");
      expect(outcome.error?.code).toBe("ai_refused");
      expect(outcome.error?.message).toMatch(/^Claude stopped partway through its answer and declined to continue/);
      expect(outcome.blocksWritten).toBe(3);
      expect(env.notion.blockTree(pageId).length).toBe(outcome.writtenBlockIds.length);
    } finally {
      await claudeServer.close();
    }
  });
});
