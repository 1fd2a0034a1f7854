/**
 * Contract: the emulator's rate limit, fault injection, free-plan block limit
 * and request log, seen through the official SDK (including its own retries).
 */
import { APIResponseError, isNotionClientError, RequestTimeoutError, UnknownHTTPResponseError } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { compactId } from "../sandbox/notion/ids";
import { paragraph, startNotion, TEST_TOKEN, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
let now: number;
beforeEach(async () => {
  h = await startNotion();
});
afterEach(() => h.close());

const statuses = () => h.notion.requestLog().map((e) => e.status);

describe("rate limit", () => {
  test("a token bucket per token: the burst passes, then 429 rate_limited with an honest Retry-After", async () => {
    now = Date.parse("2026-11-01T00:00:00Z");
    await h.close();
    h = await startNotion({ clock: () => now, rateLimit: { requestsPerSecond: 3, burst: 4 } });
    const client = h.client();
    for (let i = 0; i < 4; i++) await client.users.me({});
    const error = await client.users.me({}).catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(error)).toBe(true);
    const limited = error as APIResponseError;
    expect(limited).toMatchObject({ status: 429, code: "rate_limited" });
    // Empty bucket, 3 tokens/s: one token is back in 1/3 s, announced as whole seconds.
    expect((limited.headers as Headers).get("retry-after")).toBe("1");
    now += 340;
    await expect(client.users.me({})).resolves.toMatchObject({ type: "bot" });
    await expect(client.users.me({})).rejects.toMatchObject({ status: 429 });
    // Another integration has its own bucket.
    h.notion.addIntegration({ token: "ntn_second", name: "Second" });
    await expect(h.client({ auth: "ntn_second" }).users.me({})).resolves.toMatchObject({ name: "Second" });
  });

  test("Retry-After is the wait until a token is back, rounded up to whole seconds", async () => {
    now = 1_000_000;
    await h.close();
    h = await startNotion({ clock: () => now, rateLimit: { requestsPerSecond: 0.25, burst: 1 } });
    const client = h.client();
    await client.users.me({});
    now += 500;
    const error = (await client.users.me({}).catch((e: unknown) => e)) as APIResponseError;
    expect((error.headers as Headers).get("retry-after")).toBe("4"); // 3.5 s left
    now += 3500;
    await expect(client.users.me({})).resolves.toBeDefined();
  });

  test("rate limiting is on by default at Notion's 3 requests/s, bursts of 4", () => {
    expect(new NotionEmulator().rateLimit).toEqual({ requestsPerSecond: 3, burst: 4 });
  });

  test("the SDK's own retry waits Retry-After and then succeeds", async () => {
    h.notion.setRateLimit({ requestsPerSecond: 50, burst: 1 });
    const client = h.client({ retry: { maxRetries: 2, initialRetryDelayMs: 10 } });
    await client.users.me({});
    await expect(client.users.me({})).resolves.toMatchObject({ type: "bot" });
    const log = h.notion.requestLog();
    expect(log.map((e) => e.status)).toEqual([200, 429, 200]);
    expect(log[2]!.time - log[1]!.time).toBeGreaterThanOrEqual(990);
  });
});

describe("faults", () => {
  test("500, 503 and 529 answer Notion error bodies; 502 is the edge's HTML page", async () => {
    const client = h.client();
    const page = h.notion.createPage({ title: "F", sharedWith: [h.token] });
    const expectations: [string, number, string][] = [
      ["500", 500, "internal_server_error"],
      ["503", 503, "service_unavailable"],
      ["529", 529, "service_overload"],
    ];
    for (const [kind, status, code] of expectations) {
      h.notion.injectFault({ kind: kind as "500" });
      const error = await client.pages.retrieve({ page_id: page }).catch((e: unknown) => e);
      expect(APIResponseError.isAPIResponseError(error), kind).toBe(true);
      expect(error).toMatchObject({ status, code });
    }
    h.notion.injectFault({ kind: "529" });
    const overloaded = (await client.users.me({}).catch((e: unknown) => e)) as APIResponseError;
    expect((overloaded.headers as Headers).get("retry-after")).toBe("1");
    h.notion.injectFault({ kind: "502" });
    const gateway = await client.pages.retrieve({ page_id: page }).catch((e: unknown) => e);
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(gateway)).toBe(true);
    expect(gateway).toMatchObject({ status: 502, code: "notionhq_client_response_error" });
    expect(statuses()).toEqual([500, 503, 529, 529, 502]);
    await expect(client.pages.retrieve({ page_id: page })).resolves.toMatchObject({ id: page });
  });

  test("a dropped connection makes the SDK throw a network error, not an API error", async () => {
    h.notion.injectFault({ kind: "drop" });
    const error = await h.client().users.me({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(isNotionClientError(error)).toBe(false);
    expect(h.notion.requestLog()[0]).toMatchObject({ status: "dropped", fault: { kind: "drop", timing: "before" } });
  });

  test("a slow answer arrives late; past the SDK's timeoutMs it becomes a RequestTimeoutError", async () => {
    h.notion.injectFault({ kind: "slow", delayMs: 300 });
    const started = Date.now();
    await expect(h.client().users.me({})).resolves.toMatchObject({ type: "bot" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    h.notion.injectFault({ kind: "slow", delayMs: 400 });
    const error = await h.client({ timeoutMs: 100 }).users.me({}).catch((e: unknown) => e);
    expect(RequestTimeoutError.isRequestTimeoutError(error)).toBe(true);
  });

  test("timing 'after' applies the write and then fails the answer; 'before' writes nothing", async () => {
    const page = h.notion.createPage({ title: "W", sharedWith: [h.token] });
    const client = h.client({ retry: { maxRetries: 2, initialRetryDelayMs: 10, maxRetryDelayMs: 20 } });
    h.notion.injectFault({ kind: "503", timing: "before", method: "PATCH", path: "/v1/blocks/" });
    await expect(client.blocks.children.append({ block_id: page, children: [paragraph("one")] })).rejects.toMatchObject({ status: 503 });
    expect(h.notion.blockTree(page)).toEqual([]);
    h.notion.injectFault({ kind: "503", timing: "after", method: "PATCH", path: "/v1/blocks/" });
    // The SDK does not retry a PATCH on 503, so the client sees a failure for a write that happened.
    await expect(client.blocks.children.append({ block_id: page, children: [paragraph("one")] })).rejects.toMatchObject({ status: 503 });
    expect(h.notion.blockTree(page)).toHaveLength(1);
    h.notion.injectFault({ kind: "drop", timing: "after", method: "PATCH" });
    await expect(client.blocks.children.append({ block_id: page, children: [paragraph("two")] })).rejects.toBeInstanceOf(TypeError);
    expect(h.notion.blockTree(page)).toHaveLength(2);
  });

  test("the SDK retries GET on 500 and any method on 529; a POST on 500 is not retried", async () => {
    const page = h.notion.createPage({ title: "R", sharedWith: [h.token] });
    const client = h.client({ retry: { maxRetries: 2, initialRetryDelayMs: 10, maxRetryDelayMs: 20 } });
    h.notion.injectFault({ kind: "500", method: "GET", path: `/v1/pages/${compactId(page)}` });
    await expect(client.pages.retrieve({ page_id: compactId(page) })).resolves.toMatchObject({ id: page });
    h.notion.injectFault({ kind: "529", method: "PATCH", timing: "after" });
    await client.blocks.children.append({ block_id: page, children: [paragraph("retried")] });
    // The 529 came after the write, so the retry wrote the block a second time.
    expect(h.notion.blockTree(page)).toHaveLength(2);
    h.notion.injectFault({ kind: "500", method: "POST" });
    await expect(client.search({})).rejects.toMatchObject({ status: 500 });
    expect(statuses()).toEqual([500, 200, 529, 200, 500]);
  });

  test("scripted faults match method and path and fire as many times as asked", async () => {
    h.notion.injectFault({ kind: "500", method: "POST", path: /\/search$/, times: 2 });
    const client = h.client();
    await client.users.me({});
    await expect(client.search({})).rejects.toMatchObject({ status: 500 });
    await expect(client.search({})).rejects.toMatchObject({ status: 500 });
    await client.search({});
    expect(statuses()).toEqual([200, 500, 500, 200]);
    expect(h.notion.faults.pending).toBe(0);
  });

  test("random faults hit about the configured share, reproducibly for a seed", async () => {
    const run = async (seed: number) => {
      h.notion.clearRequestLog();
      h.notion.setFaults({ rate: 0.3, kinds: { "500": 1, "503": 1 }, seed });
      const client = h.client();
      for (let i = 0; i < 60; i++) await client.users.me({}).catch(() => undefined);
      h.notion.setFaults(null);
      return statuses();
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const faulty = a.filter((s) => s !== 200).length;
    expect(faulty).toBeGreaterThan(5);
    expect(faulty).toBeLessThan(35);
    expect(new Set(a)).toEqual(new Set([200, 500, 503]));
  });

  test("random faults can be limited to some methods", async () => {
    h.notion.setFaults({ rate: 1, kinds: ["503"], methods: ["PATCH"] });
    const page = h.notion.createPage({ title: "M", sharedWith: [h.token] });
    const client = h.client();
    await expect(client.pages.retrieve({ page_id: page })).resolves.toBeDefined();
    await expect(client.pages.update({ page_id: page, properties: {} })).rejects.toMatchObject({ status: 503 });
  });
});

describe("free-plan block limit", () => {
  test("the write that reaches the limit succeeds; later block-creating writes fail, other requests still work", async () => {
    const page = h.notion.createPage({ title: "Full", sharedWith: [h.token] });
    const db = h.notion.createDatabase({ title: "Db", sharedWith: [h.token], properties: { Name: { title: {} }, Done: { checkbox: {} } }, rows: [{ Name: "r" }] });
    h.notion.setBlockLimit(1000, { used: 998 });
    const client = h.client();
    await client.blocks.children.append({ block_id: page, children: [paragraph("a"), paragraph("b"), paragraph("c")] });
    expect(h.notion.blockUsage()).toEqual({ used: 1001, limit: 1000 });
    const error = await client.blocks.children.append({ block_id: page, children: [paragraph("d")] }).catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(error)).toBe(true);
    // developers.notion.com/reference/workspace-block-limits: a 403 restricted_resource.
    expect(error).toMatchObject({ status: 403, code: "restricted_resource" });
    expect((error as Error).message).toMatch(/^This workspace has reached its block limit: 1001 of 1000 lifetime blocks on the Free plan/);
    await expect(client.pages.create({ parent: { data_source_id: db.dataSourceId }, properties: {} })).rejects.toMatchObject({ message: expect.stringContaining("block limit") });
    await expect(client.pages.update({ page_id: db.rowIds[0]!, properties: { Done: { checkbox: true } } })).resolves.toBeDefined();
    const [first] = h.notion.blockTree(page);
    await expect(client.blocks.update({ block_id: first!.id, paragraph: { rich_text: [{ text: { content: "edited" } }] } })).resolves.toBeDefined();
    await expect(client.blocks.delete({ block_id: first!.id })).resolves.toMatchObject({ in_trash: true });
    // Deleting does not give capacity back.
    await expect(client.blocks.children.append({ block_id: page, children: [paragraph("e")] })).rejects.toMatchObject({ status: 403 });
    expect(h.notion.blockUsage().used).toBe(1001);
  });

  test("at exactly the limit, the next block-creating write fails", async () => {
    const page = h.notion.createPage({ title: "Edge", sharedWith: [h.token] });
    const client = h.client();
    h.notion.setBlockLimit(10, { used: 9 });
    await client.blocks.children.append({ block_id: page, children: [paragraph("reaches the limit")] });
    expect(h.notion.blockUsage()).toEqual({ used: 10, limit: 10 });
    await expect(client.blocks.children.append({ block_id: page, children: [paragraph("over")] })).rejects.toMatchObject({ code: "restricted_resource" });
    h.notion.setBlockLimit(null);
    await expect(client.blocks.children.append({ block_id: page, children: [paragraph("unlimited again")] })).resolves.toBeDefined();
  });

  test("pages count as blocks, with their children", async () => {
    const parent = h.notion.createPage({ title: "Parent", sharedWith: [h.token] });
    const before = h.notion.blockUsage().used;
    await h.client().pages.create({ parent: { page_id: parent }, properties: { title: { title: [] } }, children: [paragraph("a"), { toggle: { rich_text: [], children: [paragraph("b")] } }] });
    expect(h.notion.blockUsage().used - before).toBe(4);
  });
});

describe("request log", () => {
  test("records method, path, status, integration name, version, body and time; never the token", async () => {
    const page = h.notion.createPage({ title: "Log", sharedWith: [h.token] });
    const client = h.client();
    const started = Date.now();
    await client.blocks.children.append({ block_id: page, children: [paragraph("logged")] });
    await client.blocks.children.list({ block_id: page, page_size: 5 });
    await client.pages.retrieve({ page_id: "00000000000000000000000000000000" }).catch(() => undefined);
    const log = h.notion.requestLog();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      method: "PATCH",
      path: `/v1/blocks/${page}/children`,
      status: 200,
      token: "Inkwell",
      notionVersion: "2026-03-11",
      body: { children: [paragraph("logged")] },
    });
    expect(log[0]!.time).toBeGreaterThanOrEqual(started);
    expect(log[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(log[1]).toMatchObject({ method: "GET", path: `/v1/blocks/${page}/children?page_size=5`, body: undefined });
    expect(log[2]).toMatchObject({ status: 404, code: "object_not_found" });
    expect(JSON.stringify(log)).not.toContain(TEST_TOKEN);
    h.notion.clearRequestLog();
    expect(h.notion.requestLog()).toEqual([]);
  });

  test("the log keeps the newest requestLogLimit entries", async () => {
    await h.close();
    h = await startNotion({ requestLogLimit: 3 });
    const client = h.client();
    const pages = Array.from({ length: 5 }, (_, i) => h.notion.createPage({ title: `p${i}`, sharedWith: [h.token] }));
    for (const page of pages) await client.blocks.children.list({ block_id: page });
    expect(h.notion.requestLog().map((e) => e.path)).toEqual(pages.slice(2).map((page) => `/v1/blocks/${page}/children`));
  });

  test("unauthenticated and unversioned requests are logged too", async () => {
    await fetch(`${h.server.url}/v1/users/me`, { headers: { authorization: "Bearer nope", "notion-version": "2026-03-11" } });
    await fetch(`${h.server.url}/v1/users/me`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(h.notion.requestLog()).toMatchObject([
      { status: 401, token: "(unknown token)", code: "unauthorized" },
      { status: 400, token: "(none)", notionVersion: null, code: "missing_version" },
    ]);
  });
});
