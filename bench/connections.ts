/**
 * Connections benchmark:
 *  - mirroring: 100 existing connections queued at once by "Create it for me",
 *    flushed through the real mirror, scheduler and client into the Notion
 *    emulator with its rate limit on (clean, and with 10% injected faults);
 *  - local scale: listing 1,000 stored connections and summarising usage over
 *    5,000 runs (what the Connections and Usage tabs ask the worker for).
 */
import { Client, LogLevel } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { ConnectionsMirror } from "../src/background/connections/mirror";
import { RecordStore } from "../src/background/connections/records";
import { SettingsService } from "../src/background/settings/settings";
import { testVault } from "../test/support/vault";
import { summarizeUsage } from "../src/core/usage";
import { NOTION_VERSION } from "../src/notion/client";
import { NotionScheduler } from "../src/notion/scheduler";
import { defaultGenerationOptions, defaultSettings, type Run } from "../src/shared/storage/schema";
import { TypedStore } from "../src/shared/storage/store";
import { listenHttp } from "../test/sandbox/http";
import { NotionEmulator } from "../test/sandbox/notion/emulator";
import { startedRun } from "../test/support/runs";

const TOKEN = "ntn_benchInkwell000000000000000000000000";
const MIRRORED = 100;
const NOTION_RATE = 3;

export async function benchMirror(faultRate: number): Promise<Record<string, string | number>> {
  const notion = new NotionEmulator({ rateLimit: { requestsPerSecond: NOTION_RATE, burst: 4 } });
  notion.addIntegration({ token: TOKEN, name: "Bench" });
  const server = await listenHttp(notion.handle);
  fakeBrowser.reset();
  try {
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const scheduler = new NotionScheduler({ ratePerSecond: NOTION_RATE });
    const client = (priority: "interactive" | "normal") =>
      new Client({ auth: TOKEN, baseUrl: server.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions({ priority }) });
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = new SettingsService(store, testVault());
    await settings.save({ secrets: { notionToken: TOKEN } });
    const records = new RecordStore(fakeBrowser.storage.local as never);
    // Retries are driven by hand below (the worker uses an alarm), so the figure is the Notion work, not alarm delays.
    const mirror = new ConnectionsMirror({ store, records, settings, notion: (_token, priority) => client(priority), notionAccess: async () => ({ kind: "integration", name: "Bench" }) });
    records.onConnectionChange((id) => mirror.changed(id));
    for (let i = 0; i < MIRRORED; i++) {
      await records.saveConnection(
        { name: `Connection ${i + 1}`, kind: "page", url: `https://www.notion.so/p-${i}`, prompt: `Write about topic ${i + 1}. `.repeat(20), options: defaultGenerationOptions() },
        { id: crypto.randomUUID(), title: `Page ${i + 1}` },
      );
    }
    if (faultRate > 0) notion.setFaults({ rate: faultRate, kinds: ["500", "502", "503", "529", "drop"], timing: "random", seed: 7, path: /\/v1\/(pages|data_sources)/ });
    notion.clearRequestLog();
    const started = performance.now();
    await mirror.create(`https://www.notion.so/Home-${home.replace(/-/g, "")}`);
    await mirror.settled();
    let passes = 1;
    while ((await mirror.status()).pending > 0 && passes < 50) {
      passes++;
      await mirror.retry();
    }
    const seconds = (performance.now() - started) / 1000;
    notion.setFaults(null);
    const { connectionsDatabaseUrl } = await store.get("settings");
    const databaseId = /([0-9a-f]{32})/.exec(connectionsDatabaseUrl.replace(/-/g, ""))![1]!;
    const rows = notion.rows(databaseId) as { properties: Record<string, { rich_text?: { plain_text: string }[] }> }[];
    const ids = rows.map((row) => (row.properties["Inkwell ID"]?.rich_text ?? []).map((item) => item.plain_text).join(""));
    const calls = notion.requestLog().length;
    return {
      "connections mirrored": MIRRORED,
      "rows in Notion (distinct)": `${rows.length} (${new Set(ids).size})`,
      "still pending": (await mirror.status()).pending,
      "flush passes": passes,
      "Notion requests": calls,
      "requests per connection": (calls / MIRRORED).toFixed(2),
      "wall time": `${seconds.toFixed(1)} s`,
      "connections per minute": ((MIRRORED / seconds) * 60).toFixed(1),
      "rate-limit ceiling (conn/min)": ((NOTION_RATE * 60) / (calls / MIRRORED)).toFixed(1),
    };
  } finally {
    await server.close();
  }
}

export async function benchLocalScale(): Promise<Record<string, string | number>> {
  fakeBrowser.reset();
  const records = new RecordStore(fakeBrowser.storage.local as never);
  const connections = 1_000;
  const runsPerConnection = 5;
  const runs: Run[] = [];
  const month = 30 * 24 * 3600 * 1000;
  for (let i = 0; i < connections; i++) {
    const connection = await records.saveConnection(
      { name: `Connection ${i}`, kind: i % 3 === 0 ? "database" : "page", url: `https://www.notion.so/p-${i}`, prompt: "Write.", options: defaultGenerationOptions(), ...(i % 3 === 0 ? { database: { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" as const } } } : {}) },
      { id: crypto.randomUUID(), title: `Target ${i}` },
    );
    for (let r = 0; r < runsPerConnection; r++) {
      runs.push(startedRun({ id: `${i}-${r}`, connectionId: connection.id, targetId: connection.targetId, status: "succeeded", startedAt: Date.now() - r * month, inputTokens: 200 + r, outputTokens: 900 + r }));
    }
  }
  const time = async (task: () => unknown, repeat = 10) => {
    const started = performance.now();
    for (let i = 0; i < repeat; i++) await task();
    return `${((performance.now() - started) / repeat).toFixed(1)} ms`;
  };
  const listed = await records.listConnections();
  return {
    "connections stored": listed.length,
    "list all connections": await time(() => records.listConnections()),
    "runs summarised": runs.length,
    "usage summary": await time(() => summarizeUsage(runs, listed, defaultSettings().usage, Date.now())),
  };
}
