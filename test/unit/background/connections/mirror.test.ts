import { fakeBrowser } from "@webext-core/fake-browser";
import { testVault } from "../../../support/vault";
import type { Client } from "@notionhq/client";
import { beforeEach, describe, expect, it } from "vitest";
import { ConnectionsMirror, MIRROR_RETRY_ALARM } from "../../../../src/background/connections/mirror";
import { RecordStore } from "../../../../src/background/connections/records";
import { SettingsService } from "../../../../src/background/settings/settings";
import { COLUMNS, INKWELL_ID } from "../../../../src/notion/connections-db";
import { AmbiguousWriteError } from "../../../../src/notion/scheduler";
import type { ConnectionDraft } from "../../../../src/shared/protocol/types";
import { defaultGenerationOptions } from "../../../../src/shared/storage/schema";
import { TypedStore } from "../../../../src/shared/storage/store";

const TOKEN = "ntn_unitTestToken1234567890abcdefgh";
const TARGET = { id: "11111111-2222-3333-4444-555555555555", title: "Ideas" };

type Row = { id: string; properties: Record<string, unknown>; inTrash: boolean };

/** Just enough of the Notion client for the mirror: one data source of rows, with scripted failures. */
class FakeNotion {
  rows = new Map<string, Row>();
  calls: string[] = [];
  /** Next calls of this kind fail: "before" = nothing applied, "after" = applied, then the answer is lost. */
  failures: { op: string; error: () => Error; applied: boolean }[] = [];
  /** While set, creates wait for it (a write in flight). */
  hold: Promise<void> | undefined;
  private next = 0;

  client(): Client {
    const fail = (op: string, apply: () => unknown) => {
      this.calls.push(op);
      const index = this.failures.findIndex((failure) => failure.op === op);
      if (index >= 0) {
        const [failure] = this.failures.splice(index, 1);
        if (failure!.applied) apply();
        throw failure!.error();
      }
      return apply();
    };
    const idOf = (properties: Record<string, unknown>) => ((properties[INKWELL_ID] as { rich_text: { text: { content: string } }[] }).rich_text[0]?.text.content ?? "");
    return {
      dataSources: {
        retrieve: async () => fail("schema", () => ({ properties: Object.fromEntries(COLUMNS.map((c) => [c.name, { name: c.name, type: c.create }])) })),
        query: async ({ filter }: { filter: { rich_text: { equals: string } } }) =>
          fail("query", () => ({ results: [...this.rows.values()].filter((row) => !row.inTrash && idOf(row.properties) === filter.rich_text.equals), has_more: false, next_cursor: null })),
      },
      pages: {
        create: async ({ properties }: { properties: Record<string, unknown> }) => {
          if (this.hold) {
            this.calls.push("create-started");
            await this.hold;
          }
          return fail("create", () => {
            const row = { id: `row-${++this.next}`, properties, inTrash: false };
            this.rows.set(row.id, row);
            return { id: row.id };
          });
        },
        update: async ({ page_id, properties, in_trash }: { page_id: string; properties?: Record<string, unknown>; in_trash?: boolean }) =>
          fail(in_trash ? "trash" : "update", () => {
            const row = this.rows.get(page_id)!;
            if (properties) row.properties = { ...row.properties, ...properties };
            if (in_trash !== undefined) row.inTrash = in_trash;
            return { id: page_id };
          }),
      },
    } as unknown as Client;
  }

  live(): Row[] {
    return [...this.rows.values()].filter((row) => !row.inTrash);
  }
}

class FakeAlarms {
  scheduled = new Map<string, number>();
  create(name: string, info: { delayInMinutes: number }) {
    this.scheduled.set(name, info.delayInMinutes);
  }
  clear(name: string) {
    this.scheduled.delete(name);
  }
}

const draft = (overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({ name: "Blog", kind: "page", url: "https://www.notion.so/x", prompt: "Write", options: defaultGenerationOptions(), ...overrides });

describe("connections mirror queue", () => {
  let store: TypedStore;
  let records: RecordStore;
  let notion: FakeNotion;
  let alarms: FakeAlarms;
  let mirror: ConnectionsMirror;

  beforeEach(async () => {
    fakeBrowser.reset();
    store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = new SettingsService(store, testVault());
    await settings.save({ secrets: { notionToken: TOKEN } });
    records = new RecordStore(fakeBrowser.storage.local as never);
    notion = new FakeNotion();
    alarms = new FakeAlarms();
    mirror = new ConnectionsMirror({ store, records, settings, notion: () => notion.client(), notionAccess: async () => ({ kind: "integration", name: "Inkwell" }), alarms });
    records.onConnectionChange((id) => mirror.changed(id));
    await store.set("mirror", { dataSourceId: "ds-1", rows: {}, pending: {}, lastError: null });
  });

  /** Waits until the queued work has been written (or has failed, once: no extra retries). */
  const settle = () => mirror.settled();

  it("writes a new connection as one row, then updates that row", async () => {
    const saved = await records.saveConnection(draft(), TARGET);
    await settle();
    expect(notion.live()).toHaveLength(1);
    await records.saveConnection(draft({ id: saved.id, name: "Renamed" }), TARGET);
    await settle();
    expect(notion.live()).toHaveLength(1);
    expect(JSON.stringify(notion.live()[0]!.properties)).toContain("Renamed");
    expect(await mirror.status()).toMatchObject({ pending: 0, lastError: null });
  });

  it("never lets a Notion failure reach the caller; the change waits with a scrubbed reason and a retry alarm", async () => {
    notion.failures.push({ op: "query", error: () => new Error(`boom with ${TOKEN}`), applied: false });
    const saved = await records.saveConnection(draft(), TARGET);
    expect(saved.name).toBe("Blog");
    await settle();
    const state = await store.get("mirror");
    expect(state.pending[saved.id]).toMatchObject({ op: "upsert" });
    expect(state.lastError).toBeTruthy();
    expect(state.lastError).not.toContain(TOKEN);
    expect(alarms.scheduled.get(MIRROR_RETRY_ALARM)).toBe(0.5);
    expect((await mirror.status()).pending).toBe(1);

    // The retry (alarm, or the next change) writes it.
    await mirror.retry();
    expect(notion.live()).toHaveLength(1);
    expect(await mirror.status()).toEqual({ databaseUrl: null, pending: 0, lastError: null });
    expect(alarms.scheduled.has(MIRROR_RETRY_ALARM)).toBe(false);
  });

  it("backs off: each failed attempt doubles the retry delay", async () => {
    const saved = await records.saveConnection(draft(), TARGET);
    await settle();
    for (let i = 0; i < 3; i++) notion.failures.push({ op: "update", error: () => new Error("down"), applied: false });
    await records.saveConnection(draft({ id: saved.id, prompt: "x" }), TARGET);
    await settle();
    expect(alarms.scheduled.get(MIRROR_RETRY_ALARM)).toBe(0.5);
    await mirror.retry();
    expect(alarms.scheduled.get(MIRROR_RETRY_ALARM)).toBe(1);
    await mirror.retry();
    expect((await store.get("mirror")).pending[saved.id]?.attempts).toBe(3);
    expect(alarms.scheduled.get(MIRROR_RETRY_ALARM)).toBe(2);
    await mirror.retry();
    expect((await mirror.status()).pending).toBe(0);
    expect(JSON.stringify(notion.live()[0]!.properties)).toContain('"x"');
  });

  it("does not create a second row after a create whose outcome was unknown", async () => {
    notion.failures.push({ op: "create", error: () => new AmbiguousWriteError({ method: "POST", path: "/v1/pages", status: 503 }), applied: true });
    const saved = await records.saveConnection(draft(), TARGET);
    await settle();
    expect((await mirror.status()).pending).toBe(1);
    await mirror.retry();
    expect(notion.rows.size).toBe(1);
    expect((await store.get("mirror")).rows[saved.id]).toBe([...notion.rows.keys()][0]);
    expect(notion.calls.filter((call) => call === "create")).toHaveLength(1);
  });

  it("finds the row by its Inkwell ID when the mapping was lost", async () => {
    const saved = await records.saveConnection(draft(), TARGET);
    await settle();
    await store.set("mirror", { ...(await store.get("mirror")), rows: {} });
    await records.saveConnection(draft({ id: saved.id, prompt: "again" }), TARGET);
    await settle();
    expect(notion.rows.size).toBe(1);
  });

  it("keeps a change made while the previous version was being written", async () => {
    let release!: () => void;
    notion.hold = new Promise((resolve) => (release = resolve));
    const saved = await records.saveConnection(draft(), TARGET);
    while (!notion.calls.includes("create-started")) await new Promise((resolve) => setTimeout(resolve, 1));
    // While the first write is in flight, the user saves again.
    await records.saveConnection(draft({ id: saved.id, name: "Second" }), TARGET);
    notion.hold = undefined;
    release();
    await settle();
    expect(notion.rows.size).toBe(1);
    expect(JSON.stringify(notion.live()[0]!.properties)).toContain("Second");
    expect((await mirror.status()).pending).toBe(0);
  });

  it("trashes the row on delete and brings it back on restore", async () => {
    const saved = await records.saveConnection(draft(), TARGET);
    await settle();
    await records.deleteConnections([saved.id]);
    await settle();
    expect(notion.live()).toHaveLength(0);
    await records.restoreConnections([saved.id]);
    await settle();
    expect(notion.live()).toHaveLength(1);
    expect(notion.rows.size).toBe(1);
  });

  it("queues nothing while no connections database is set up", async () => {
    await store.set("mirror", { dataSourceId: null, rows: {}, pending: {}, lastError: null });
    await records.saveConnection(draft(), TARGET);
    await settle();
    expect(notion.calls).toEqual([]);
    expect((await store.get("mirror")).pending).toEqual({});
  });

  it("stops mirroring when Settings point at another database", async () => {
    await records.saveConnection(draft(), TARGET);
    notion.failures.push({ op: "query", error: () => new Error("down"), applied: false });
    await settle();
    await mirror.settingsChanged("https://www.notion.so/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "https://www.notion.so/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    expect(await store.get("mirror")).toEqual({ dataSourceId: null, rows: {}, pending: {}, lastError: null });
  });
});
