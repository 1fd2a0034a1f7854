/**
 * Rate-budget benchmark: a 200-row database job with DEFAULT settings (the
 * default concurrency cap, a scheduler that assumes no budget) through the
 * production runner, gate and scheduler, against the Notion emulator under
 * each of Notion's limit shapes, with AI answers of about 5 s (first token
 * after ~1 s, then ~120 tokens at ~30 tokens/s).
 *
 * Reports rows/minute, Notion calls per row (accepted calls: a refused one
 * spends no budget), the ceiling (budget per minute ÷ calls per row), achieved
 * ÷ ceiling, 429s, and the AI concurrency the job settled at.
 *
 * Time scale: BENCH_TIME_SCALE=k (default 2) runs everything k times faster,
 * consistently: the AI emulator's pace (first token and tokens/s), the Notion
 * emulator's clock (its buckets and windows, so its Retry-After is in scaled
 * seconds), and the scheduler's clock and sleeps. Rates are reported in
 * scaled ("Notion") time, so the ratios are those of a real-time run; what is
 * not scaled is the machine's own latency (local HTTP, CPU), which a scaled
 * run sees k times larger, i.e. the scaled run is the harder one.
 * BENCH_TIME_SCALE=1 runs in real time.
 */
import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import type { AiEngine, GenerationEvent, GenerationRequest } from "../src/ai/engine";
import { GeminiEngine } from "../src/ai/gemini";
import { runDatabase } from "../src/background/runs/database-run";
import { RecordStore } from "../src/background/connections/records";
import { RunSaver } from "../src/background/runs/run-saver";
import { NOTION_VERSION } from "../src/notion/client";
import { NotionScheduler } from "../src/notion/scheduler";
import { DEFAULT_CONCURRENCY, defaultGenerationOptions } from "../src/shared/storage/schema";
import { startedRun } from "../test/support/runs";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../test/sandbox/ai";
import { listenHttp } from "../test/sandbox/http";
import { NotionEmulator } from "../test/sandbox/notion/emulator";
import type { RateLimitModel } from "../test/sandbox/notion/rate-limit";

const ROWS = 200;
const TOKEN = "ntn_benchRateBudget00000000000000000000";

export interface LimitScenario {
  name: string;
  connection: RateLimitModel;
  workspace?: RateLimitModel;
  /** Requests per minute the binding limit grants. */
  budgetPerMinute: number;
}

export const SCENARIOS: Record<string, LimitScenario> = {
  "bucket-3rps": { name: "3 req/s average (bucket, bursts of 4)", connection: { kind: "bucket", requestsPerSecond: 3, burst: 4 }, budgetPerMinute: 180 },
  "window-180": { name: "180 per 60-second window", connection: { kind: "window", requestsPerWindow: 180 }, budgetPerMinute: 180 },
  "window-600": { name: "600 per 60-second window", connection: { kind: "window", requestsPerWindow: 600 }, budgetPerMinute: 600 },
  workspace: {
    name: "workspace 240 per 120-second window (shared), connection 600 per 60 s",
    connection: { kind: "window", requestsPerWindow: 600 },
    workspace: { kind: "window", requestsPerWindow: 240, windowSeconds: 120 },
    budgetPerMinute: 120,
  },
};

function timeScale(): number {
  const value = Number(process.env.BENCH_TIME_SCALE ?? "2");
  return Number.isFinite(value) && value >= 1 ? value : 2;
}

/** About 120 emulator tokens (4 characters each), naming its row. */
function answerFor(topic: string): string {
  const sentence = `${topic} matters because it shapes how teams plan, build and review their work each week. `;
  return `## ${topic}\n\n${sentence.repeat(4)}\n\n- First point about ${topic}\n- Second point about ${topic}`;
}

export async function benchRateBudget(key: keyof typeof SCENARIOS): Promise<Record<string, string | number>> {
  const scenario = SCENARIOS[key]!;
  const k = timeScale();
  const origin = Date.now();
  // Scaled time, k times faster, starting at a window boundary (of both 60 and 120 s): the job gets no head start
  // from a window half spent by nobody.
  const base = Math.ceil(origin / 120_000) * 120_000;
  const now = () => base + (Date.now() - origin) * k;
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException("aborted", "AbortError"));
      const timer = setTimeout(resolve, ms / k);
      signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(new DOMException("aborted", "AbortError"));
      }, { once: true });
    });

  // ~1 s to the first token, then ~120 tokens at ~30 tokens/s: about 5 s an answer.
  const gemini = new GeminiEmulator({ timing: { ttftMs: 1000 / k, tokensPerSecond: 30 * k, tokensPerEvent: 3 }, now });
  gemini.answerWhen(/Topic: (.+)/, (request) => answerFor(/Topic: (.+)/.exec(request.prompt)![1]!.trim()));
  const aiServer = await listenHttp(gemini.handle);
  const notion = new NotionEmulator({ rateLimit: scenario.connection, workspaceRateLimit: scenario.workspace ?? false, clock: now, requestLogLimit: 100_000 });
  notion.addIntegration({ token: TOKEN, name: "Bench" });
  const notionServer = await listenHttp(notion.handle);
  fakeBrowser.reset();
  try {
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({
      parentPageId: home,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} }, "AI status": { select: {} } },
      rows: Array.from({ length: ROWS }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true })),
    });
    // The production scheduler with its defaults: no budget assumed.
    const scheduler = new NotionScheduler({ now, sleep });
    const client = new Client({ auth: TOKEN, baseUrl: notionServer.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const limits: { at: number; limit: number }[] = [];
    const generations: number[] = [];
    // As the run manager saves: progress coalesced, the steps that matter for exactly-once awaited.
    let storageMs = 0;
    const saver = new RunSaver(async (run) => {
      const t = performance.now();
      await records.saveRun(run);
      storageMs += performance.now() - t;
    });
    notion.clearRequestLog();
    const started = now();
    const result = await runDatabase({
      run: startedRun({ id: "bench", connectionId: "c", targetId: db.databaseId }),
      connection: {
        id: "c",
        name: "Bench",
        kind: "database",
        url: db.databaseId,
        targetId: db.databaseId,
        targetTitle: "Topics",
        prompt: "Topic: {{title}}",
        options: defaultGenerationOptions(),
        createdAt: 0,
        updatedAt: 0,
        runIds: [],
        database: { dataSourceId: db.dataSourceId, selectionProperty: "Generate", output: { type: "body" }, statusProperty: "AI status" },
      },
      client,
      engine: timed(new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }), now, generations),
      records,
      signal: new AbortController().signal,
      concurrency: DEFAULT_CONCURRENCY,
      notionBound: () => scheduler.stats().budgetBound,
      onConcurrency: (limit) => limits.push({ at: now(), limit }),
      save: (next, critical) => saver.save(next, critical),
      now,
      sleep: (ms, signal) => sleep(ms, signal).catch(() => undefined),
    });
    await saver.flush();
    const ended = now();
    const minutes = (ended - started) / 60_000;
    const log = notion.requestLog();
    const accepted = log.filter((entry) => entry.status !== 429).length;
    const refused = log.length - accepted;
    const callsPerRow = accepted / ROWS;
    const ceiling = scenario.budgetPerMinute / callsPerRow;
    const rowsPerMinute = ROWS / minutes;
    const done = result.rows?.filter((row) => row.state === "done").length ?? 0;
    return {
      "limit model": scenario.name,
      "run status (rows done)": `${result.status} (${done}/${ROWS})`,
      "time scale": k === 1 ? "real time" : `${k}× (figures in Notion time)`,
      "elapsed (s)": (minutes * 60).toFixed(1),
      "rows/minute achieved": rowsPerMinute.toFixed(1),
      "Notion calls per row": callsPerRow.toFixed(3),
      "ceiling (rows/minute)": ceiling.toFixed(1),
      "achieved / ceiling": `${((rowsPerMinute / ceiling) * 100).toFixed(1)}%`,
      "429s received": refused,
      "learned pace (req/min)": scheduler.stats().ratePerSecond === undefined ? "unpaced" : (scheduler.stats().ratePerSecond! * 60).toFixed(0),
      "AI concurrency settled at": settled(limits, started, ended),
      "run saves (real ms per row)": (storageMs / ROWS).toFixed(1),
      "Notion answer time (ms, mean)": (log.reduce((a, e) => a + e.durationMs, 0) / Math.max(1, log.length)).toFixed(1),
      "AI answer time (s, mean)": (generations.reduce((a, b) => a + b, 0) / Math.max(1, generations.length) / 1000).toFixed(2),
    };
  } finally {
    await aiServer.close();
    await notionServer.close();
  }
}

/** Records how long each answer took (in scaled time). */
function timed(engine: AiEngine, now: () => number, durations: number[]): AiEngine {
  return {
    id: engine.id,
    listModels: (signal) => engine.listModels(signal),
    async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const started = now();
      yield* engine.stream(request);
      durations.push(now() - started);
    },
  };
}

/** The concurrency limit over the second half of the run: time-weighted mean, and the range. */
function settled(limits: readonly { at: number; limit: number }[], started: number, ended: number): string {
  const from = started + (ended - started) / 2;
  let current = limits.filter((entry) => entry.at <= from).at(-1)?.limit ?? limits[0]?.limit ?? 0;
  let at = from;
  let weighted = 0;
  let min = current;
  let max = current;
  for (const entry of limits.filter((item) => item.at > from)) {
    weighted += current * (entry.at - at);
    at = entry.at;
    current = entry.limit;
    min = Math.min(min, current);
    max = Math.max(max, current);
  }
  weighted += current * (ended - at);
  const mean = weighted / Math.max(1, ended - from);
  return `${mean.toFixed(1)} (range ${min}–${max}, cap ${DEFAULT_CONCURRENCY})`;
}
