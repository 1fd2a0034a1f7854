/**
 * Contract: the scheduler between the official SDK (retries off) and the
 * Notion emulator, over real HTTP and real time. The emulator enforces Notion's
 * rate limit and injects faults; the scheduler must pace, retry what is safe,
 * and surface ambiguous writes instead of duplicating them.
 */
import { Client, LogLevel } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AmbiguousWriteError, NotionScheduler, type NotionSchedulerOptions, type SchedulerEvent } from "../../src/notion/scheduler";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator, type NotionEmulatorOptions } from "../sandbox/notion/emulator";

const TOKEN = "ntn_scheduler_contract_0000000000000";

let notion: NotionEmulator;
let server: Listening;
let pageId: string;
let dataSourceId: string;

async function start(options: NotionEmulatorOptions): Promise<void> {
  notion = new NotionEmulator(options);
  notion.addIntegration({ token: TOKEN, name: "Inkwell" });
  pageId = notion.createPage({ title: "Scheduler", blocks: ["one", "two"], sharedWith: [TOKEN] });
  dataSourceId = notion.createDatabase({
    title: "Tasks",
    parentPageId: pageId,
    properties: { Name: { title: {} }, Done: { checkbox: {} } },
    rows: [{ Name: "A" }, { Name: "B" }],
  }).dataSourceId;
  server = await listenHttp(notion.handle);
}

afterEach(async () => {
  await server?.close();
});

function connect(options: NotionSchedulerOptions = {}) {
  const events: SchedulerEvent[] = [];
  const scheduler = new NotionScheduler({ onEvent: (e) => events.push(e), ...options });
  // As createNotionClient should: fetch through the scheduler, SDK retries off, no SDK timeout while queued.
  const client = new Client({ auth: TOKEN, baseUrl: server.url, notionVersion: "2026-03-11", logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
  return { scheduler, client, events };
}

/** A mix of the reads Inkwell makes; `i` picks one. */
function read(client: Client, i: number): Promise<unknown> {
  switch (i % 5) {
    case 0:
      return client.users.me({});
    case 1:
      return client.pages.retrieve({ page_id: pageId });
    case 2:
      return client.blocks.children.list({ block_id: pageId });
    case 3:
      return client.dataSources.query({ data_source_id: dataSourceId });
    default:
      return client.search({ query: "Scheduler" });
  }
}

const paragraph = (text: string) => ({ paragraph: { rich_text: [{ text: { content: text } }] } });

function appendLog() {
  return notion.requestLog().filter((e) => e.method === "PATCH" && e.path.endsWith("/children"));
}

function paragraphsOf(page: string): string[] {
  return notion
    .blockTree(page)
    .filter((b) => b.type === "paragraph")
    .map((b) => (b.paragraph as { rich_text: { plain_text: string }[] }).rich_text.map((t) => t.plain_text).join(""));
}

describe("pacing against Notion's rate limit", () => {
  beforeEach(() => start({ rateLimit: { requestsPerSecond: 3 } })); // the emulator's default burst

  test("a budget known in advance (3/s): 30 concurrent requests all succeed, not one 429", async () => {
    const { client, scheduler } = connect({ ratePerSecond: 3 });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => read(client, i)));
    const elapsed = Date.now() - started;
    expect(results).toHaveLength(30);
    const log = notion.requestLog();
    expect(log).toHaveLength(30);
    expect(log.filter((e) => e.status === 429)).toEqual([]);
    expect(log.every((e) => e.status === 200)).toBe(true);
    expect(scheduler.stats()).toMatchObject({ sent: 30, rateLimited: 0, retries: 0, queued: 0, inFlight: 0 });
    // (30 - burst 3) / 3 per s = 9 s at the least: paced, not refused.
    expect(elapsed).toBeGreaterThanOrEqual(8900);
  }, 20_000);

  test("no budget assumed: the opening burst finds the limit, then a learned pace meets few 429s", async () => {
    const { client, scheduler } = connect({ maxConcurrent: 6 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => read(client, i)));
    expect(results).toHaveLength(30);
    const log = notion.requestLog();
    expect(log.filter((e) => e.status === 200)).toHaveLength(30);
    // The emulator's burst (4) went out at once, unpaced.
    expect(log[3]!.time - log[0]!.time).toBeLessThan(300);
    // 429s: what was already on the wire when the first one came back (up to 6 slots), then at most one per
    // provisional probe (every 2 s while the pace rests on less than 10 s of answers)…
    const refused = log.filter((e) => e.status === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(6 + 5);
    expect(refused).toBe(scheduler.stats().rateLimited);
    // …and a pace around 3/s.
    const pace = scheduler.stats().ratePerSecond!;
    expect(pace).toBeGreaterThan(2);
    expect(pace).toBeLessThan(3.6);
  }, 20_000);
});

describe("a server stricter than the scheduler", () => {
  beforeEach(() => start({ rateLimit: { requestsPerSecond: 10, burst: 1 } }));

  test("429s on appends are waited out and resent; every block lands exactly once", async () => {
    const { client, scheduler, events } = connect({ ratePerSecond: 10, burst: 3 });
    const texts = ["alpha", "beta", "gamma", "delta"];
    await Promise.all(texts.map((text) => client.blocks.children.append({ block_id: pageId, children: [paragraph(text)] })));
    const statuses = appendLog().map((e) => e.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(scheduler.stats().rateLimited).toBe(statuses.filter((s) => s === 429).length);
    expect(events).toContainEqual(expect.objectContaining({ type: "throttled", retryAfterMs: 1000, status: 429 }));
    expect(paragraphsOf(pageId).slice(2).sort()).toEqual([...texts].sort());
  });
});

describe("faults", () => {
  beforeEach(() => start({ rateLimit: { requestsPerSecond: 30, burst: 4 } }));

  test("10% 5xx and dropped connections on reads: all succeed through retries", async () => {
    notion.setFaults({ rate: 0.1, kinds: ["500", "502", "503", "529", "drop"], seed: 7 });
    const { client, scheduler, events } = connect({ ratePerSecond: 20, burst: 3, baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 6 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => read(client, i)));
    expect(results).toHaveLength(30);
    const faulty = notion.requestLog().filter((e) => e.fault);
    expect(faulty.length).toBeGreaterThan(0);
    expect(scheduler.stats()).toMatchObject({ retries: faulty.length, ambiguous: 0, rateLimited: 0 });
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(faulty.length);
    expect(notion.requestLog().filter((e) => e.status === 200)).toHaveLength(30);
  });

  test.each([
    ["500", 500],
    ["503", 503],
    ["529", 529],
    ["drop", "network"],
  ] as const)("an append answered with %s after Notion applied it: AmbiguousWriteError, no second append", async (kind, status) => {
    notion.injectFault({ kind, method: "PATCH", path: /\/children$/, timing: "after" });
    const { client, scheduler } = connect();
    const error = await client.blocks.children.append({ block_id: pageId, children: [paragraph("written once")] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect(error).toMatchObject({ method: "PATCH", path: `/v1/blocks/${pageId}/children`, status });
    expect(appendLog()).toHaveLength(1);
    // Why it must not be resent: the write did happen.
    expect(paragraphsOf(pageId)).toEqual(["one", "two", "written once"]);
    expect(scheduler.stats()).toMatchObject({ sent: 1, ambiguous: 1, retries: 0 });
    expect(String(error)).not.toContain(TOKEN);
  });

  test("random faults on appends surface as AmbiguousWriteError; reads alongside still succeed", async () => {
    notion.setFaults({ rate: 0.5, kinds: ["500", "503", "drop"], methods: ["PATCH"], path: /\/children$/, timing: "random", seed: 3 });
    const { client } = connect({ ratePerSecond: 20, baseDelayMs: 50 });
    const appends = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => client.blocks.children.append({ block_id: pageId, children: [paragraph(`p${i}`)] })));
    const reads = await Promise.all(Array.from({ length: 5 }, (_, i) => read(client, i)));
    expect(reads).toHaveLength(5);
    const failed = appends.filter((r) => r.status === "rejected");
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AmbiguousWriteError);
    // One request per append, whatever happened to it.
    expect(appendLog()).toHaveLength(8);
  });
});
