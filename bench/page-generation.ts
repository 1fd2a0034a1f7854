/**
 * Page generation benchmark: an emulated ~1500-token answer streamed at 50
 * tokens/s into the Notion emulator with its rate limit on, through the
 * extension's own engine, converter, scheduler and writer.
 *
 * Reports the time to first block (from the moment the answer's first
 * paragraph is complete — the next block has started — to that block existing
 * in the emulated page) and the Notion requests used versus top-level blocks.
 */
import { Client, LogLevel } from "@notionhq/client";
import { GeminiEngine } from "../src/ai/gemini";
import type { AiEngine, GenerationEvent, GenerationRequest } from "../src/ai/engine";
import { generateIntoPage } from "../src/background/runs/page-run";
import { markdownToBlocks, StreamingMarkdownConverter } from "../src/core/markdown";
import { buildPrompt, estimateTokens } from "../src/core/prompt";
import { NotionBlockWriter } from "../src/notion/block-writer";
import { NOTION_VERSION } from "../src/notion/client";
import { NotionScheduler } from "../src/notion/scheduler";
import { defaultGenerationOptions } from "../src/shared/storage/schema";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../test/sandbox/ai";
import { listenHttp } from "../test/sandbox/http";
import { notionUnderTest, TOKEN } from "../test/integration/helpers";

const BENCH_ID_HEADER = "x-inkwell-bench-id";

export function benchAnswer(): string {
  const parts = ["# Quarterly engineering review", "This review covers what shipped, what slipped, and what we learned over the quarter. ".repeat(3)];
  for (let i = 1; i <= 11; i++) {
    parts.push(`## ${i}. Workstream ${i}`);
    parts.push(`Workstream ${i} focused on reliability and developer experience. We measured latency, error budgets and onboarding time, and we changed our review process twice. `.repeat(2));
    parts.push(`- Shipped feature ${i}.a with **tests**\n- Shipped feature ${i}.b\n  - behind a flag\n  - rolled out to 20%\n- Deferred ${i}.c`);
    if (i % 3 === 0) parts.push("```ts\nexport function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  return fn().catch((e) => (attempts > 1 ? retry(fn, attempts - 1) : Promise.reject(e)));\n}\n```");
    if (i % 4 === 0) parts.push("| Metric | Before | After |\n|---|---|---|\n| p95 latency | 420 ms | 310 ms |\n| Errors | 1.2% | 0.4% |");
  }
  parts.push("> Next quarter we will focus on fewer, larger bets.");
  return parts.join("\n\n");
}

/** Wraps an engine to timestamp the moment the first top-level block becomes final in the stream. */
function timingFirstBlock(engine: AiEngine, mark: (ms: number) => void): AiEngine {
  return {
    id: engine.id,
    listModels: (signal) => engine.listModels(signal),
    async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const shadow = new StreamingMarkdownConverter();
      let marked = false;
      for await (const event of engine.stream(request)) {
        if (event.type === "text" && !marked && shadow.push(event.text).length > 0) {
          marked = true;
          mark(performance.now());
        }
        yield event;
      }
    },
  };
}

export async function benchPageGeneration(): Promise<Record<string, string | number>> {
  const answer = benchAnswer();
  const gemini = new GeminiEmulator({ timing: { ttftMs: 400, tokensPerSecond: 50, tokensPerEvent: 3 } });
  gemini.answerWhen(/./, answer);
  const aiServer = await listenHttp(gemini.handle);
  // The production scheduler's defaults (no budget assumed), with a base fetch that notes when each request
  // really went out, so the time a write waited in the scheduler can be reported.
  const queuedAt = new Map<string, number>();
  const waits: number[] = [];
  const scheduler = new NotionScheduler({
    baseDelayMs: 50,
    maxDelayMs: 400,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      const id = headers.get(BENCH_ID_HEADER);
      headers.delete(BENCH_ID_HEADER);
      if (id !== null && queuedAt.has(id)) waits.push(performance.now() - queuedAt.get(id)!);
      return globalThis.fetch(input, { ...init, headers });
    },
  });
  const env = await notionUnderTest({}, scheduler); // Notion's rate limit on: 3 requests/s with bursts
  let nextId = 0;
  const schedulerFetch = scheduler.fetch;
  const client = new Client({
    auth: TOKEN,
    baseUrl: env.server.url,
    notionVersion: NOTION_VERSION,
    logLevel: LogLevel.ERROR,
    logger: () => {},
    ...scheduler.clientOptions(),
    fetch: (input, init) => {
      const id = String(nextId++);
      queuedAt.set(id, performance.now());
      const headers = new Headers(init?.headers);
      headers.set(BENCH_ID_HEADER, id);
      return schedulerFetch(input, { ...init, headers });
    },
  });
  try {
    const pageId = env.notion.createPage({ title: "Bench", sharedWith: [TOKEN] });
    let firstFinalAt = 0;
    let firstBlockAt = 0;
    const unsubscribe = env.notion.onChange(() => {
      if (!firstBlockAt && env.notion.blockTree(pageId).length > 0) firstBlockAt = performance.now();
    });
    env.notion.clearRequestLog();
    const writer = new NotionBlockWriter(client, pageId);
    await writer.prime();
    const started = performance.now();
    const outcome = await generateIntoPage({
      engine: timingFirstBlock(new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }), (ms) => (firstFinalAt = ms)),
      model: "gemini-3.5-flash",
      prompt: buildPrompt("Write the quarterly review", defaultGenerationOptions()),
      sink: writer,
      signal: new AbortController().signal,
    });
    unsubscribe();
    const appends = env.notion.requestLog().filter((entry) => entry.method === "PATCH" && /\/children$/.test(entry.path)).length;
    const topLevel = markdownToBlocks(answer).length;
    return {
      "answer tokens (approx.)": estimateTokens(answer),
      "stream duration (s)": ((performance.now() - started) / 1000).toFixed(1),
      status: outcome.status,
      "time to first block (ms)": Math.round(firstBlockAt - firstFinalAt),
      "top-level blocks": topLevel,
      "blocks written (all levels)": outcome.blocksWritten,
      "Notion append requests": appends,
      "Notion requests in all (with 1 read)": env.notion.requestLog().length,
      "429s received": env.scheduler.stats().rateLimited,
      // Under budget nothing is paced: a write leaves as soon as it is made (the wait is the scheduler's own bookkeeping).
      "scheduler wait before a request, max (ms)": Math.max(...waits).toFixed(1),
      "scheduler wait before a request, mean (ms)": (waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length)).toFixed(2),
    };
  } finally {
    await aiServer.close();
    await env.close();
  }
}
