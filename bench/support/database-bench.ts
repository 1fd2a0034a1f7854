import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { NOTION_VERSION } from "../../src/notion/client";
import type { NotionScheduler } from "../../src/notion/scheduler";
import { defaultGenerationOptions, type Connection, type DatabaseSettings } from "../../src/shared/storage/schema";
import type { GeminiEmulator } from "../../test/sandbox/ai";
import { listenHttp } from "../../test/sandbox/http";
import { NotionEmulator } from "../../test/sandbox/notion/emulator";

/** The token of the benchmarks' one Notion integration. */
export const BENCH_TOKEN = "ntn_benchInkwell000000000000000000000000";

/**
 * Gemini and the Notion emulator (rate limited at `notionRate` requests/s,
 * bursts of 4) served over HTTP, with the bench integration and a "Home" page
 * shared with it; the worker's storage starts empty. `close()` stops both servers.
 */
export async function startBenchServers(gemini: GeminiEmulator, notionRate: number) {
  const aiServer = await listenHttp(gemini.handle);
  const notion = new NotionEmulator({ rateLimit: { requestsPerSecond: notionRate, burst: 4 } });
  notion.addIntegration({ token: BENCH_TOKEN, name: "Bench" });
  const notionServer = await listenHttp(notion.handle);
  fakeBrowser.reset();
  const home = notion.createPage({ title: "Home", sharedWith: [BENCH_TOKEN] });
  const close = async () => {
    await aiServer.close();
    await notionServer.close();
  };
  return { aiServer, notion, notionServer, home, close };
}

/** A "Topics" database under `home` of `rows` rows "Topic n", each ticked to Generate, with an "AI status" select. */
export function topicsDatabase(notion: NotionEmulator, home: string, rows: number) {
  return notion.createDatabase({
    parentPageId: home,
    title: "Topics",
    properties: { Name: { title: {} }, Generate: { checkbox: {} }, "AI status": { select: {} } },
    rows: Array.from({ length: rows }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true })),
  });
}

/** The SDK client the worker builds for the bench integration, its requests going through `scheduler`. */
export function benchClient(baseUrl: string, scheduler: NotionScheduler): Client {
  return new Client({ auth: BENCH_TOKEN, baseUrl, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
}

/** The stored connection "Bench" (id "c") into database `db`. */
export function benchConnection(db: { databaseId: string; dataSourceId: string }, targetTitle: string, prompt: string, database: Omit<DatabaseSettings, "dataSourceId">): Connection & { database: DatabaseSettings } {
  return {
    id: "c",
    name: "Bench",
    kind: "database",
    url: db.databaseId,
    targetId: db.databaseId,
    targetTitle,
    prompt,
    options: defaultGenerationOptions(),
    createdAt: 0,
    updatedAt: 0,
    runIds: [],
    database: { dataSourceId: db.dataSourceId, ...database },
  };
}
