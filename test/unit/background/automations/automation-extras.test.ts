import { fakeBrowser } from "@webext-core/fake-browser";
import * as v from "valibot";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { automaticRunSummary } = await import("../../../../src/background/automations/automation-notice");
const { Automations } = await import("../../../../src/background/automations/automations");
const { RunBadge } = await import("../../../../src/background/automations/badge");
const { rowsBeingFilled } = await import("../../../../src/core/run-view");
const { RecordStore } = await import("../../../../src/background/connections/records");
const { pageRequestSchemas } = await import("../../../../src/shared/protocol/schemas");
const { defaultGenerationOptions, runKey } = await import("../../../../src/shared/storage/schema");
const { buildExport } = await import("../../../../src/background/connections/connection-file");
const { startedRun } = await import("../../../support/runs");

const watch = { type: "watch" as const, enabled: true, intervalMinutes: 5, match: "ticked" as const, notify: false };

describe("toolbar badge", () => {
  it("counts the rows still being filled across running runs, and clears when they end", () => {
    const texts: string[] = [];
    const badge = new RunBadge({ setBadgeText: ({ text }) => texts.push(text) });
    const rows = (...states: string[]) => states.map((state, index) => ({ rowId: `r${index}`, title: "", state: state as never }));
    const a = startedRun({ id: "a", targetId: "db1", rows: rows("done", "generating", "pending") });
    const b = startedRun({ id: "b", targetId: "db2", rows: rows("written") });
    badge.reset([a, b, startedRun({ id: "old", targetId: "db3", status: "succeeded", rows: rows("pending") })]);
    expect(texts.at(-1)).toBe("3");
    badge.changed({ [runKey("a")]: { newValue: { ...a, rows: rows("done", "done", "generating") } }, "settings": { newValue: {} } });
    expect(texts.at(-1)).toBe("2");
    badge.changed({ [runKey("a")]: { newValue: { ...a, status: "succeeded" } }, [runKey("b")]: { newValue: undefined } });
    expect(texts.at(-1)).toBe("");
    expect(rowsBeingFilled(startedRun({ id: "p", targetId: "page", kind: "page" }))).toBe(1);
  });
});

describe("notification text", () => {
  it("summarises an automatic run", () => {
    const rows = [
      { rowId: "1", title: "", state: "done" as const },
      { rowId: "2", title: "", state: "done" as const },
      { rowId: "3", title: "", state: "failed" as const },
    ];
    expect(automaticRunSummary({ name: "Topics", kind: "database" }, { status: "partial", rows, blocksWritten: 0 })).toEqual({ title: "Inkwell: Topics", message: "2 rows filled automatically, 1 failed." });
    expect(automaticRunSummary({ name: "Daily", kind: "page" }, { status: "succeeded", blocksWritten: 5 }).message).toBe("The scheduled run wrote 5 blocks.");
  });
});

describe("automation settings on connections", () => {
  let records: InstanceType<typeof RecordStore>;
  beforeEach(() => {
    fakeBrowser.reset();
    records = new RecordStore(fakeBrowser.storage.local as never);
  });
  const database = { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" as const } };
  const saveDb = (extra = {}) =>
    records.saveConnection({ name: "Topics", kind: "database", url: "https://www.notion.so/x", prompt: "{{title}}", options: defaultGenerationOptions(), database, ...extra }, { id: "db", title: "Topics" });

  it("keeps a watch when the form is saved, without changing updatedAt when it is set", async () => {
    const created = await saveDb();
    const withWatch = await records.setAutomation(created.id, watch);
    expect(withWatch.updatedAt).toBe(created.updatedAt);
    const edited = await saveDb({ id: created.id, prompt: "About {{title}}", baseUpdatedAt: created.updatedAt });
    expect(edited.automation).toEqual(watch);
  });

  it("never imports a watch from a file (a file must not start runs), and keeps the one set here", async () => {
    const created = await saveDb();
    await records.setAutomation(created.id, watch);
    const file = buildExport([{ ...(await records.getConnection(created.id))!, updatedAt: created.updatedAt + 10, automation: { ...watch, intervalMinutes: 1 } }], 0);
    await records.importConnections(JSON.stringify(file));
    expect((await records.getConnection(created.id))?.automation).toEqual(watch);
    await records.deleteConnections([created.id]);
    const fresh = new RecordStore(fakeBrowser.storage.local as never);
    await fakeBrowser.storage.local.clear();
    await fresh.importConnections(JSON.stringify(file));
    expect((await fresh.getConnection(created.id))?.automation).toBeUndefined();
  });

  it("refuses a watch on a page, a schedule on a database, and 'output is empty' with body output", async () => {
    const automations = new Automations({
      area: fakeBrowser.storage.local as never,
      records,
      runs: { start: () => Promise.reject(new Error("no")), hasRunOn: async () => false },
      notionToken: async () => "t",
      notion: () => ({}) as never,
    });
    const db = await saveDb();
    const page = await records.saveConnection({ name: "P", kind: "page", url: "https://www.notion.so/p", prompt: "Hi", options: defaultGenerationOptions() }, { id: "p", title: "P" });
    await expect(automations.configure(page.id, watch)).rejects.toMatchObject({ message: expect.stringContaining("Only a database connection") });
    await expect(automations.configure(db.id, { type: "schedule", enabled: true, days: [1], minuteOfDay: 480, notify: false })).rejects.toMatchObject({ message: expect.stringContaining("Only a page connection") });
    await expect(automations.configure(db.id, { ...watch, match: "output_empty" })).rejects.toMatchObject({ message: expect.stringContaining("text property") });
    expect((await records.getConnection(db.id))?.automation).toBeUndefined();
  });
});

describe("a watch whose state storage refuses (full)", () => {
  it("reports it, lets the other watches run, and still sets the next alarm", async () => {
    fakeBrowser.reset();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const db = await records.saveConnection(
      { name: "Topics", kind: "database", url: "https://www.notion.so/x", prompt: "{{Name}}", options: defaultGenerationOptions(), database: { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" } } },
      { id: "db-1", title: "Topics" },
    );
    await records.setAutomation(db.id, { type: "watch", enabled: true, intervalMinutes: 5, match: "ticked", notify: false });
    const area = {
      ...(fakeBrowser.storage.local as never as object),
      get: (keys: never) => fakeBrowser.storage.local.get(keys),
      set: async () => {
        throw new Error("QUOTA_BYTES quota exceeded");
      },
    };
    const created: { name: string; when: number }[] = [];
    const failed: { code: string; message: string }[] = [];
    const now = 1_800_000_000_000;
    const automations = new Automations({
      area: area as never,
      records,
      runs: { start: () => Promise.reject(new Error("no")), hasRunOn: async () => false },
      notionToken: async () => "t",
      notion: () => ({}) as never,
      alarms: { create: (name, info) => created.push({ name, when: info.when }), clear: () => undefined },
      onCheckFailed: (error) => failed.push(error),
      now: () => now,
    });
    await expect(automations.tick()).resolves.toBeUndefined();
    expect(failed).toEqual([{ code: "storage_failed", message: expect.stringContaining("storage in this browser is full") }]);
    expect(created).toEqual([{ name: expect.any(String), when: now + 60_000 }]);
  });
});

describe("automation messages are validated", () => {
  const valid = (type: keyof typeof pageRequestSchemas, payload: unknown) => v.safeParse(pageRequestSchemas[type], payload).success;

  it("accepts intervals from 1 minute to 24 hours and schedules with at least one day", () => {
    expect(valid("automation.set", { connectionId: "c", automation: watch })).toBe(true);
    expect(valid("automation.set", { connectionId: "c", automation: null })).toBe(true);
    expect(valid("automation.set", { connectionId: "c", automation: { ...watch, intervalMinutes: 0 } })).toBe(false);
    expect(valid("automation.set", { connectionId: "c", automation: { ...watch, intervalMinutes: 1441 } })).toBe(false);
    expect(valid("automation.set", { connectionId: "c", automation: { ...watch, intervalMinutes: 1.5 } })).toBe(false);
    expect(valid("automation.set", { connectionId: "c", automation: { ...watch, extra: 1 } })).toBe(false);
    expect(valid("automation.set", { connectionId: "c", automation: { type: "schedule", enabled: true, days: [], minuteOfDay: 480, notify: false } })).toBe(false);
    expect(valid("automation.set", { connectionId: "c", automation: { type: "schedule", enabled: true, days: [7], minuteOfDay: 480, notify: false } })).toBe(false);
    expect(valid("automation.set", { connectionId: "c", automation: { type: "schedule", enabled: true, days: [1, 5], minuteOfDay: 1440, notify: false } })).toBe(false);
    expect(valid("automation.resume", { connectionId: "c" })).toBe(true);
  });
});

describe("the cost of a check", () => {
  beforeEach(() => fakeBrowser.reset());

  /** A fake Notion client whose database has `matching` rows that match the filter; it counts queries. */
  function fakeNotion(matching: number) {
    const queries: Record<string, unknown>[] = [];
    const client = {
      dataSources: {
        query: async (args: Record<string, unknown>) => {
          queries.push(args);
          const start = Number(args.start_cursor ?? 0);
          const size = Number(args.page_size);
          const end = Math.min(matching, start + size);
          const results = Array.from({ length: end - start }, (_, i) => ({ id: `row-${start + i}`, properties: {}, last_edited_time: "2026-12-07T10:00:00.000Z" }));
          return { results, has_more: end < matching, next_cursor: end < matching ? String(end) : null };
        },
      },
    };
    return { client, queries };
  }

  async function checkWith(matching: number) {
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const connection = await records.saveConnection(
      {
        name: "Topics",
        kind: "database",
        url: "https://www.notion.so/x",
        prompt: "{{title}}",
        options: defaultGenerationOptions(),
        database: { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" } },
      },
      { id: "db", title: "Topics" },
    );
    const { client, queries } = fakeNotion(matching);
    const started: number[] = [];
    const automations = new Automations({
      area: fakeBrowser.storage.local as never,
      records,
      runs: {
        start: async (_id, _limit, automatic) => {
          started.push(automatic.rows?.length ?? 0);
          return startedRun({ id: "r", targetId: "db", rows: [] });
        },
        hasRunOn: async () => false,
      },
      notionToken: async () => "t",
      notion: () => client as never,
    });
    await automations.configure(connection.id, watch);
    const state = (await automations.states())[0]!;
    return { queries, started, state };
  }

  it("is one query when up to 100 rows match, and hands them all to one run", async () => {
    const { queries, started, state } = await checkWith(100);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ page_size: 100, filter: { property: "Generate", checkbox: { equals: true } } });
    expect(started).toEqual([100]);
    expect(state.watermark).toBeDefined();
  });

  it("reads a second page only past 100 rows, and leaves the rest for the next check (the watermark stays)", async () => {
    const { queries, started, state } = await checkWith(250);
    expect(queries).toHaveLength(2);
    expect(started).toEqual([200]);
    expect(state.watermark).toBeUndefined();
  });

  it("starts nothing when nothing matches", async () => {
    const { queries, started, state } = await checkWith(0);
    expect(queries).toHaveLength(1);
    expect(started).toEqual([]);
    expect(state.lastResult).toBe("Nothing new to fill.");
  });
});
