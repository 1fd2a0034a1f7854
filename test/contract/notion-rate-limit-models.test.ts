/**
 * Contract: the emulator's three limit shapes (an average-rate bucket, a
 * budget per fixed 60-second window, a workspace limit shared by every
 * token), seen through the official SDK and through Inkwell's scheduler.
 */
import { APIResponseError, Client, LogLevel } from "@notionhq/client";
import { afterEach, describe, expect, test } from "vitest";
import { NotionScheduler, type SchedulerEvent } from "../../src/notion/scheduler";
import { startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MINUTE = 60_000;

async function refusal(promise: Promise<unknown>): Promise<APIResponseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(APIResponseError.isAPIResponseError(error)).toBe(true);
  return error as APIResponseError;
}

describe("a budget per 60-second window", () => {
  for (const budget of [180, 600]) {
    test(`${budget} per window: spent in a burst, then 429 with the connection reason and Retry-After until the window resets`, async () => {
      // 20 s into a window (windows are aligned to the clock).
      let now = 1000 * MINUTE + 20_000;
      h = await startNotion({ clock: () => now, rateLimit: { kind: "window", requestsPerWindow: budget } });
      const client = h.client();
      for (let i = 0; i < budget; i++) await client.users.me({});
      now += 1500;
      const limited = await refusal(client.users.me({}));
      expect(limited).toMatchObject({ status: 429, code: "rate_limited", additional_data: { rate_limit_reason: "public_api_request_rate_limit" } });
      // 38.5 s left in the window, in whole seconds, rounded up.
      expect((limited.headers as Headers).get("retry-after")).toBe("39");
      // A refused request spends nothing; the window resets on time and the whole budget is there again.
      now = 1001 * MINUTE;
      for (let i = 0; i < budget; i++) await client.users.me({});
      await expect(client.users.me({})).rejects.toMatchObject({ status: 429 });
    });
  }

  test("each connection has its own window budget", async () => {
    const now = 5 * MINUTE;
    h = await startNotion({ clock: () => now, rateLimit: { kind: "window", requestsPerWindow: 3 } });
    h.notion.addIntegration({ token: "ntn_other", name: "Other" });
    for (let i = 0; i < 3; i++) await h.client().users.me({});
    await expect(h.client().users.me({})).rejects.toMatchObject({ status: 429 });
    await expect(h.client({ auth: "ntn_other" }).users.me({})).resolves.toMatchObject({ name: "Other" });
  });
});

describe("a workspace limit shared by all connections", () => {
  test("refuses with the workspace reason even when each connection is within its own budget, with a Retry-After over a minute", async () => {
    let now = 10 * 5 * MINUTE; // the start of a 5-minute window
    h = await startNotion({
      clock: () => now,
      rateLimit: { kind: "window", requestsPerWindow: 600 },
      workspaceRateLimit: { kind: "window", requestsPerWindow: 5, windowSeconds: 300 },
    });
    h.notion.addIntegration({ token: "ntn_other", name: "Other" });
    const mine = h.client();
    const other = h.client({ auth: "ntn_other" });
    for (let i = 0; i < 3; i++) await mine.users.me({});
    for (let i = 0; i < 2; i++) await other.users.me({});
    now += 30_000;
    const limited = await refusal(mine.users.me({}));
    expect(limited).toMatchObject({ status: 429, code: "rate_limited", additional_data: { rate_limit_reason: "public_api_space_request_rate_limit" } });
    expect((limited.headers as Headers).get("retry-after")).toBe("270");
    await expect(other.users.me({})).rejects.toMatchObject({ additional_data: { rate_limit_reason: "public_api_space_request_rate_limit" } });
    now += 270_000;
    await expect(mine.users.me({})).resolves.toMatchObject({ type: "bot" });
  });

  test("the classic bucket refuses with Retry-After and no rate_limit_reason, as that description had none", async () => {
    const now = MINUTE;
    h = await startNotion({ clock: () => now, rateLimit: { kind: "bucket", requestsPerSecond: 3, burst: 2 } });
    const client = h.client();
    await client.users.me({});
    await client.users.me({});
    const limited = await refusal(client.users.me({}));
    expect(limited.additional_data).toBeUndefined();
    expect((limited.headers as Headers).get("retry-after")).toBe("1");
  });
});

describe("Inkwell's scheduler against the window model", () => {
  test("sends a burst unpaced, waits out the window reset it is told, names the limit, and learns a pace", async () => {
    // Real time: 12 requests per 2-second window, 40 requests to send.
    h = await startNotion({ rateLimit: { kind: "window", requestsPerWindow: 12, windowSeconds: 2 } });
    const events: SchedulerEvent[] = [];
    const scheduler = new NotionScheduler({ onEvent: (event) => events.push(event) });
    const client = new Client({ auth: h.token, baseUrl: h.server.url, notionVersion: "2026-03-11", logLevel: LogLevel.ERROR, ...scheduler.clientOptions() });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, () => client.users.me({})));
    expect(answers.every((user) => user.type === "bot")).toBe(true);
    const log = h.notion.requestLog();
    const accepted = log.filter((entry) => entry.status === 200);
    expect(accepted).toHaveLength(40);
    // The first burst went out as fast as the scheduler's slots allowed: no pacing before the first refusal.
    const firstRefusal = log.findIndex((entry) => entry.status === 429);
    expect(firstRefusal).toBeGreaterThanOrEqual(12);
    // Paced at even 3/s they would take 3.7 s; unpaced they take milliseconds (the bound leaves room for a loaded CI machine).
    expect(log[11]!.time - log[0]!.time).toBeLessThan(1500);
    expect(events.find((event) => event.type === "throttled")).toMatchObject({ status: 429, scope: "connection" });
    // 40 requests at 12 per 2 s take at least two window resets. 429s: what was on the wire when the first
    // came back (up to the scheduler's 6 slots), then about one per window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    // (Real time: on a loaded machine slow answers shift the windows, so a few more; a scheduler that ignored the limit would meet dozens.)
    expect(log.filter((entry) => entry.status === 429).length).toBeLessThanOrEqual(6 + 10);
    // A pace was learned (a window far shorter than Notion's 60 s is measured roughly; overshooting a window costs one 429 per window).
    expect(scheduler.stats().ratePerSecond).toBeGreaterThan(0);
  }, 30_000);
});
