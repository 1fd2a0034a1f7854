/**
 * Exactly-once benchmark: a database run whose row answers each need several
 * Notion requests (110 checklist lines and a list nested four deep: three
 * appends), against the Notion emulator with its rate limit on and 20% faulty
 * answers (500, 502, 503, 529, a connection dropped before or after Notion
 * applied the write, slow answers), over HTTP/1.1 where a write whose
 * connection dropped is silently resent once (as Chromium does), and with the
 * worker stopped 3 times mid-run (each time a new runner resumes from
 * storage). Counts rows done (exactly once and complete), lost and duplicated.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { GeminiEngine } from "../src/ai/gemini";
import { runDatabase } from "../src/background/runs/database-run";
import { RecordStore } from "../src/background/connections/records";
import { markdownToBlocks } from "../src/core/markdown";
import { NotionScheduler } from "../src/notion/scheduler";
import { benchClient, benchConnection, startBenchServers, topicsDatabase } from "./support/database-bench";
import type { Run } from "../src/shared/storage/schema";
import { startedRun } from "../test/support/runs";
import { resendingLikeHttp1, StopSwitch } from "../test/support/stoppable";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../test/sandbox/ai";
import { outline, requestOutline } from "../test/integration/helpers";

const ROWS = 30;
const CONCURRENCY = 3;
const NOTION_RATE = 3;
const STOPS = 3;

function answerFor(topic: string): string {
  const tasks = Array.from({ length: 110 }, (_, i) => `- [ ] Task ${i + 1} for ${topic}`).join("\n");
  return `## ${topic}\n\n${tasks}\n\n- Level 1 of ${topic}\n  - Level 2\n    - Level 3\n      - Level 4 of ${topic}\n`;
}

export async function benchDatabaseFaultsAndStops(): Promise<Record<string, string | number>> {
  const gemini = new GeminiEmulator({ timing: { ttftMs: 500, tokensPerSecond: 2000, tokensPerEvent: 40 } });
  gemini.answerWhen(/Topic: (.+)/, (request) => answerFor(/Topic: (.+)/.exec(request.prompt)![1]!.trim()));
  const { aiServer, notion, notionServer, home, close } = await startBenchServers(gemini, NOTION_RATE);
  try {
    const db = topicsDatabase(notion, home, ROWS);
    notion.setFaults({ rate: 0.2, kinds: ["500", "502", "503", "529", "drop", "slow"], timing: "random", slowMs: 1500, seed: 7 });
    const area = fakeBrowser.storage.local;
    const connection = benchConnection(db, "Topics", "Topic: {{title}}", { selectionProperty: "Generate", output: { type: "body" }, statusProperty: "AI status" });
    const start = startedRun({ id: "bench", connectionId: "c", targetId: db.databaseId });
    await area.set({ [`run:${start.id}`]: start });
    notion.clearRequestLog();
    const started = performance.now();

    // One worker life: runs until the end, or until it is stopped after `stopAfter` boundaries.
    const life = (run: Run, stopAfter: number | undefined) => {
      const stop = new StopSwitch();
      if (stopAfter !== undefined) stop.stopAt(stopAfter);
      const scheduler = new NotionScheduler({ ratePerSecond: NOTION_RATE, fetch: stop.fetch(resendingLikeHttp1((input, init) => globalThis.fetch(input, init))) });
      const client = benchClient(notionServer.url, scheduler);
      const records = new RecordStore(stop.storage(area));
      const finished = runDatabase({
        run,
        connection,
        client,
        engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }),
        records,
        signal: new AbortController().signal,
        concurrency: CONCURRENCY,
        save: (next) => records.saveRun(next),
      });
      return Promise.race([finished, until(() => stop.stopped)]);
    };

    let result: Run | undefined;
    let stops = 0;
    // Stops spread over the run: after 60, 60 and 60 boundaries of each life (storage writes and landed Notion writes).
    while (result === undefined) {
      const stored = (await area.get("run:bench"))["run:bench"] as Run;
      result = await life(stored, stops < STOPS ? 60 : undefined);
      if (result === undefined) stops++;
    }
    const minutes = (performance.now() - started) / 60_000;

    let done = 0;
    let lost = 0;
    let duplicated = 0;
    for (const [index, rowId] of db.rowIds.entries()) {
      const expected = requestOutline(markdownToBlocks(answerFor(`Topic ${index + 1}`)));
      const body = outline(notion.blockTree(rowId) as never);
      const headings = body.filter((line) => line.startsWith("heading_2:")).length;
      if (headings > 1 || body.length > expected.length) duplicated++;
      else if (JSON.stringify(body) === JSON.stringify(expected)) done++;
      else lost++;
    }
    const log = notion.requestLog();
    return {
      "rows (AI concurrency)": `${ROWS} (${CONCURRENCY})`,
      "Notion requests per row answer": 3,
      "injected Notion faults": "20% (500, 502, 503, 529, drop before/after commit, slow)",
      protocol: "HTTP/1.1, dropped writes resent once like Chromium",
      "worker stops": stops,
      "run status": result.status,
      "rows done (exactly once, complete)": done,
      "rows lost": lost,
      "rows duplicated": duplicated,
      "elapsed (s)": (minutes * 60).toFixed(1),
      "rows/minute": (done / minutes).toFixed(1),
      "Notion calls": log.length,
      "faulty answers from Notion": log.filter((entry) => entry.fault !== undefined).length,
      "429s received": log.filter((entry) => entry.status === 429).length,
    };
  } finally {
    await close();
  }
}

async function until(condition: () => boolean): Promise<undefined> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  return undefined;
}
