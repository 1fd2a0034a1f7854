/**
 * Mirrors connections into the user's Notion connections database.
 *
 * Every change queues the connection's id in storage (mirror-queue.ts); one
 * flusher at a time writes the queue through the shared, rate-limited Notion
 * client at normal (background) priority. A failure never reaches the caller
 * (saving and generating go on): the change stays queued with its attempt
 * count and the scrubbed reason, and is retried on the next change and by an
 * alarm with backoff.
 *
 * No duplicate rows (mirror-rows.ts). A create whose outcome is unknown
 * (AmbiguousWriteError) leaves no mapping, so the retry looks the row up by its
 * Inkwell ID before creating again.
 */
import { InkwellError, toInkwellError, type NotionAccess } from "../../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../../core/notion-url";
import { redactSecrets } from "../../core/redact";
import type { NotionClient } from "../../notion/client";
import { INKWELL_ID, missingColumnError, readAllRows, readLayout, type ColumnLayout, type ConnectionsDatabase } from "../../notion/connections-db";
import { fromNotionError } from "../../notion/errors";
import { AmbiguousWriteError } from "../../notion/scheduler";
import type { ImportReport, MirrorSetup, MirrorStatus } from "../../shared/protocol/types";
import type { TypedStore } from "../../shared/storage/store";
import type { ErrorLog } from "../operations/error-log";
import type { SettingsService } from "../settings/settings";
import { validateExported, type Candidate } from "./connection-file";
import { MirrorQueue } from "./mirror-queue";
import { writeConnectionRow } from "./mirror-rows";
import { createMirrorDatabase, openMirrorDatabase } from "./mirror-setup";
import type { RecordStore } from "./records";

export const MIRROR_RETRY_ALARM = "inkwell-mirror-retry";

/** Retry backoff: 30 s (Chrome's shortest alarm), doubling up to an hour. */
const RETRY_BASE_MINUTES = 0.5;
const RETRY_MAX_MINUTES = 60;

export interface AlarmsLike {
  create(name: string, info: { delayInMinutes: number }): Promise<void> | void;
  clear(name: string): Promise<unknown> | unknown;
}

export interface MirrorDeps {
  store: TypedStore;
  records: RecordStore;
  settings: SettingsService;
  /** A Notion client for the token; `interactive` for what the user waits on (setup, import). */
  notion: (token: string, priority: "interactive" | "normal") => NotionClient;
  /** Who the token acts as (integration or person), for advice when Notion can't find something. */
  notionAccess: (token: string) => Promise<NotionAccess | undefined>;
  alarms?: AlarmsLike;
  errorLog?: ErrorLog;
  now?: () => number;
}

export class ConnectionsMirror {
  private readonly queue: MirrorQueue;
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  /** Changes being queued right now (see `settled`). */
  private readonly queueing = new Set<Promise<void>>();
  private layoutCache: { dataSourceId: string; layout: ColumnLayout } | undefined;

  constructor(private readonly deps: MirrorDeps) {
    this.queue = new MirrorQueue(deps.store, deps.records, deps.now ?? Date.now);
  }

  /** A connection changed: queue it and write it soon. Never throws, never waits for Notion. */
  changed(connectionId: string): void {
    const work = this.queue
      .enqueue([connectionId])
      .then((queued) => (queued ? this.flush() : undefined))
      .catch((error: unknown) => console.warn("[inkwell] could not queue a mirror change", error instanceof Error ? error.name : ""));
    this.queueing.add(work);
    void work.finally(() => this.queueing.delete(work));
  }

  /** Resolves once every change announced so far was queued and the flush it started is over (whatever its outcome). */
  async settled(): Promise<void> {
    while (this.queueing.size > 0 || this.flushing) {
      await Promise.all([...this.queueing, this.flushing]);
    }
  }

  async status(): Promise<MirrorStatus> {
    const [state, settings] = await Promise.all([this.queue.read(), this.deps.store.get("settings")]);
    const pending = Object.keys(state.pending).length;
    return { databaseUrl: state.dataSourceId ? settings.connectionsDatabaseUrl || null : null, pending, lastError: pending > 0 ? state.lastError : null };
  }

  /** "Create it for me": a new connections database under a page the token can see; every connection is queued. */
  async create(parentUrl: string): Promise<MirrorSetup> {
    const token = await this.deps.settings.requireNotionToken();
    const database = await createMirrorDatabase(this.deps.notion(token, "interactive"), parentUrl, await this.deps.notionAccess(token));
    await this.activate(database);
    return { databaseUrl: database.url, missingColumns: [], active: true };
  }

  /** Uses an existing database; missing columns are added only when the user agreed (`addMissing`). */
  async connect(url: string, addMissing: boolean): Promise<MirrorSetup> {
    const parsed = parseNotionUrl(url);
    if (!parsed.ok) throw new InkwellError("invalid_input", describeUrlProblem(parsed.reason));
    const token = await this.deps.settings.requireNotionToken();
    const { database, missingColumns } = await openMirrorDatabase(this.deps.notion(token, "interactive"), parsed.target.id, addMissing, () => this.deps.notionAccess(token));
    if (missingColumns.length > 0) return { databaseUrl: database.url, missingColumns, active: false };
    await this.activate(database);
    return { databaseUrl: database.url, missingColumns: [], active: true };
  }

  /** settings.save changed the connections database URL: stop mirroring into the old one until mirror.connect validates the new one. */
  async settingsChanged(previousUrl: string, nextUrl: string): Promise<void> {
    const id = (url: string) => {
      const parsed = url ? parseNotionUrl(url) : undefined;
      return parsed?.ok ? parsed.target.id : "";
    };
    if (id(previousUrl) === id(nextUrl)) return;
    this.layoutCache = undefined;
    await this.queue.deactivate();
    await this.deps.alarms?.clear(MIRROR_RETRY_ALARM);
  }

  /** Connections purged from the trash: forget their rows once nothing is left to write for them. */
  async purged(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.forget(ids);
  }

  /** Writes every waiting change now (the "Retry" button), then reports. */
  async retry(): Promise<MirrorStatus> {
    await this.flush();
    return this.status();
  }

  /**
   * Writes the queue. Single-flight: a call during a flush makes that flush go
   * round once more instead of starting a second writer.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.flushAgain = false;
          await this.flushPass();
        } while (this.flushAgain);
      } catch (error) {
        console.warn("[inkwell] mirror flush failed", error instanceof Error ? error.name : "");
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  /** "Import from Notion": restores connections from the database's rows, merged like a JSON import. */
  async importFromNotion(): Promise<ImportReport> {
    let state = await this.queue.read();
    if (!state.dataSourceId) {
      // After "Clear" the mirror is inactive; a database URL kept in Settings is reconnected (read-only check first).
      const { connectionsDatabaseUrl } = await this.deps.store.get("settings");
      if (!connectionsDatabaseUrl) throw new InkwellError("not_configured", "Set up the connections database first (paste its link under Connections database), then import.");
      const setup = await this.connect(connectionsDatabaseUrl, false);
      if (!setup.active) throw new InkwellError("invalid_input", `The connections database lacks these columns: ${setup.missingColumns.join(", ")}. Connect it again and agree to add them, then import.`);
      state = await this.queue.read();
    }
    const dataSourceId = state.dataSourceId!;
    const client = this.deps.notion(await this.deps.settings.requireNotionToken(), "interactive");
    let rows;
    try {
      const layout = await this.layout(client, dataSourceId, true);
      if (!layout.columns[INKWELL_ID]) throw missingColumnError(INKWELL_ID);
      rows = await readAllRows(client, dataSourceId, layout);
    } catch (error) {
      throw fromNotionError(error, "the connections database");
    }
    const candidates: Candidate[] = rows.map((row) =>
      row.inkwellId && row.config && typeof row.config === "object"
        ? validateExported({ ...row.config, id: row.inkwellId, name: row.name, prompt: row.prompt })
        : { ok: false, name: row.name || "(untitled row)", reason: "This row wasn't written by Inkwell (it has no Inkwell ID or config)." },
    );
    // Straight from Notion: nothing to mirror back.
    const report = await this.deps.records.mergeConnections(candidates, { notify: false });
    const mapped = new Map<string, string>();
    rows.forEach((row, index) => {
      const candidate = candidates[index]!;
      if (candidate.ok && !mapped.has(candidate.connection.id)) mapped.set(candidate.connection.id, row.pageId);
    });
    await this.queue.mapRows(mapped);
    return report;
  }

  // ------------------------------------------------------------ internals

  private async activate(database: ConnectionsDatabase): Promise<void> {
    const [settings, previous] = await Promise.all([this.deps.store.get("settings"), this.queue.read()]);
    const sameDatabase = previous.dataSourceId === database.dataSourceId;
    await this.deps.store.set("settings", { ...settings, connectionsDatabaseUrl: database.url });
    this.layoutCache = { dataSourceId: database.dataSourceId, layout: database.layout };
    // A new database needs only the live connections; the same one also gets its rows of deleted ones trashed.
    const ids = (await this.deps.records.listConnections({ includeDeleted: sameDatabase })).map((connection) => connection.id);
    await this.queue.activate(database.dataSourceId, sameDatabase);
    if (await this.queue.enqueue(ids)) void this.flush();
  }

  private async flushPass(): Promise<void> {
    const state = await this.queue.read();
    const dataSourceId = state.dataSourceId;
    const ids = Object.entries(state.pending)
      .sort(([, a], [, b]) => a.attempts - b.attempts || a.since - b.since)
      .map(([id]) => id);
    if (!dataSourceId || ids.length === 0) {
      await this.deps.alarms?.clear(MIRROR_RETRY_ALARM);
      return;
    }
    let client: NotionClient;
    let layout: ColumnLayout;
    try {
      client = this.deps.notion(await this.deps.settings.requireNotionToken(), "normal");
      layout = await this.layout(client, dataSourceId);
      if (!layout.columns[INKWELL_ID]) throw missingColumnError(INKWELL_ID);
    } catch (error) {
      await this.failed(ids, error);
      return;
    }
    for (const id of ids) {
      const generation = this.queue.generation(id);
      try {
        const connection = await this.deps.records.getConnection(id, { includeDeleted: true });
        const lastRunId = connection?.deletedAt === undefined ? connection?.runIds.at(-1) : undefined;
        const lastRun = lastRunId ? await this.deps.records.getRun(lastRunId) : undefined;
        const rowId = await writeConnectionRow({ client, layout, dataSourceId }, id, connection, lastRun, (await this.queue.read()).rows[id]);
        await this.queue.written(id, generation, dataSourceId, rowId);
      } catch (error) {
        const failure = error instanceof AmbiguousWriteError ? new InkwellError("notion_unavailable", "Notion didn't confirm a write; Inkwell checks and retries it.") : fromNotionError(error, "the connections database");
        // A row Notion refuses (validation) must not hold back the others; anything else affects every row, so stop here.
        if (failure.code === "notion_validation") {
          this.layoutCache = undefined;
          await this.failed([id], failure);
          continue;
        }
        await this.failed([id], failure);
        break;
      }
    }
    const waiting = Object.values((await this.queue.read()).pending);
    if (waiting.length === 0) await this.deps.alarms?.clear(MIRROR_RETRY_ALARM);
    else await this.scheduleRetry(Math.max(1, Math.min(...waiting.map((change) => change.attempts))));
  }

  private async layout(client: NotionClient, dataSourceId: string, fresh = false): Promise<ColumnLayout> {
    if (!fresh && this.layoutCache?.dataSourceId === dataSourceId) return this.layoutCache.layout;
    const layout = await readLayout(client, dataSourceId);
    this.layoutCache = { dataSourceId, layout };
    return layout;
  }

  private async failed(ids: readonly string[], error: unknown): Promise<void> {
    const failure = toInkwellError(error);
    const secrets = await this.deps.settings.secretValues().catch(() => []);
    const message = redactSecrets(failure.message, secrets);
    await this.queue.failed(ids, message);
    await this.deps.errorLog?.record({ code: failure.code, message, context: "mirror" });
  }

  private async scheduleRetry(attempts: number): Promise<void> {
    const delayInMinutes = Math.min(RETRY_MAX_MINUTES, RETRY_BASE_MINUTES * 2 ** (attempts - 1));
    try {
      await this.deps.alarms?.create(MIRROR_RETRY_ALARM, { delayInMinutes });
    } catch {
      // Without alarms the next change retries.
    }
  }
}
