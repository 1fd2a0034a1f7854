/**
 * A database run against an AI provider that rate-limits the key (each
 * emulator's per-key requests-per-minute limit, with the provider's real 429:
 * Gemini's RESOURCE_EXHAUSTED with RetryInfo, OpenAI's rate_limit_exceeded
 * with retry-after, Anthropic's rate_limit_error with retry-after): the run
 * backs off and honours the retry hint instead of failing rows or stopping.
 * Time is the emulator's fake clock, moved on by the run's own waits, so a
 * minute of rate limit costs no real minute.
 */
import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnthropicEngine } from "../../src/ai/anthropic";
import type { AiEngine } from "../../src/ai/engine";
import { GeminiEngine } from "../../src/ai/gemini";
import { OpenAIEngine } from "../../src/ai/openai";
import { runDatabase } from "../../src/background/runs/database-run";
import { RecordStore } from "../../src/background/connections/records";
import { NOTION_VERSION } from "../../src/notion/client";
import { NotionScheduler } from "../../src/notion/scheduler";
import { defaultGenerationOptions } from "../../src/shared/storage/schema";
import { AnthropicEmulator, GeminiEmulator, OpenAIEmulator } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { startedRun } from "../support/runs";
import { TOKEN } from "./helpers";

type Emulator = GeminiEmulator | OpenAIEmulator | AnthropicEmulator;
interface Provider {
  name: string;
  key: string;
  model: string;
  engine: "gemini" | "openai" | "anthropic";
  emulator: (now: () => number, key: string) => Emulator;
  client: (key: string, baseUrl: string) => AiEngine;
}

const TIMING = { ttftMs: 5, tokensPerSecond: 5000 };
const PROVIDERS: Provider[] = [
  {
    name: "Gemini (RetryInfo)",
    key: "AIzaSyAdaptiveKey00000000000000000000000",
    model: "gemini-3.5-flash",
    engine: "gemini",
    emulator: (now, key) => new GeminiEmulator({ keys: [{ key, rpm: 5 }], now, timing: TIMING }),
    client: (apiKey, baseUrl) => new GeminiEngine({ apiKey, baseUrl }),
  },
  {
    name: "OpenAI (retry-after)",
    key: "sk-adaptive-limited-key-0000000000",
    model: "gpt-6-mini",
    engine: "openai",
    emulator: (now, key) => new OpenAIEmulator({ keys: [{ key, rpm: 5 }], now, timing: TIMING }),
    client: (apiKey, baseUrl) => new OpenAIEngine({ apiKey, baseUrl: `${baseUrl}/v1` }),
  },
  {
    name: "Anthropic (rate_limit_error, retry-after)",
    key: "sk-ant-adaptive-limited-000000000",
    model: "claude-sonnet-5-5",
    engine: "anthropic",
    emulator: (now, key) => new AnthropicEmulator({ keys: [{ key, rpm: 5 }], now, timing: TIMING }),
    client: (apiKey, baseUrl) => new AnthropicEngine({ apiKey, baseUrl }),
  },
];

describe.each(PROVIDERS)("adaptive AI concurrency against a rate-limited $name key", (provider) => {
  let now: number;
  let gemini: Emulator;
  let aiServer: Listening;
  let notion: NotionEmulator;
  let notionServer: Listening;

  beforeEach(async () => {
    now = Date.parse("2026-12-01T00:00:00Z");
    fakeBrowser.reset();
    gemini = provider.emulator(() => now, provider.key);
    gemini.answerWhen(/Topic: (.+)/, (request) => `Body for ${/Topic: (.+)/.exec(request.prompt)![1]!.trim()}.`);
    aiServer = await listenHttp(gemini.handle);
    notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
  });
  afterEach(async () => {
    await aiServer.close();
    await notionServer.close();
  });

  it("halves on the provider's 429, waits its retry hint, and writes every row once", async () => {
    const page = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({
      parentPageId: page,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} } },
      rows: Array.from({ length: 12 }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true })),
    });
    const scheduler = new NotionScheduler();
    const client = new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const limits: number[] = [];
    const waits: number[] = [];
    const result = await runDatabase({
      run: startedRun({ id: "adaptive", targetId: db.databaseId, engine: provider.engine, model: provider.model }),
      connection: {
        id: "c",
        name: "Topics",
        kind: "database",
        url: db.databaseId,
        targetId: db.databaseId,
        targetTitle: "Topics",
        prompt: "Topic: {{title}}",
        options: defaultGenerationOptions(),
        createdAt: 0,
        updatedAt: 0,
        runIds: [],
        database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" } },
      },
      client,
      engine: provider.client(provider.key, aiServer.url),
      records,
      signal: new AbortController().signal,
      concurrency: 8,
      save: (next) => records.saveRun(next),
      now: () => now,
      // The run's waits move the fake clock on: the provider's minute passes at once.
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
      onConcurrency: (limit) => limits.push(limit),
    });
    expect(result.status).toBe("succeeded");
    expect(result.rows?.every((row) => row.state === "done")).toBe(true);
    for (const [index, rowId] of db.rowIds.entries()) {
      const texts = notion.blockTree(rowId).map((block) => JSON.stringify(block));
      expect(texts.filter((text) => text.includes(`Body for Topic ${index + 1}.`))).toHaveLength(1);
    }
    const refused = gemini.requests.filter((entry) => entry.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    // Backed off: the limit fell from where it started (8) and the waits were the provider's hints (whole seconds, up to a minute).
    expect(limits[0]).toBe(8);
    expect(Math.min(...limits)).toBeLessThan(8);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((ms) => ms >= 1000 && ms <= 60_000 && ms % 1000 === 0)).toBe(true);
    // Far fewer refusals than a fixed 8 at once would get (every round of 8 against 5 a minute).
    expect(refused.length).toBeLessThan(12);
  }, 30_000);
});
