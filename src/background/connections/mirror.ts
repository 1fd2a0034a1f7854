/**
 * Mirrors connections into the user's Notion connections database.
 *
 * Every change queues the connection's id in storage (`mirror.pending`); one
 * flusher at a time writes the queue through the shared, rate-limited Notion
 * client at normal (background) priority. A failure never reaches the caller
 * (saving and generating go on): the change stays queued with its attempt
 * count and the scrubbed reason, and is retried on the next change and by an
 * alarm with backoff.
 *
 * No duplicate rows: a row is found through the stored mapping, else by its
 * "Inkwell ID", and only created when neither finds it. A create whose outcome
 * is unknown (AmbiguousWriteError) leaves no mapping, so the retry looks the
 * row up by its Inkwell ID before creating again.
 *
 * Only the worker writes the `mirror` key, through `updateState` (chained).
 */
import type { Client } from "@notionhq/client";
import { InkwellError, notFoundAdvice, toInkwellError, type NotionAccess } from "../../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../../core/notion-url";
import { redactSecrets } from "../../core/redact";
import {
  addMissingColumns,
  createConnectionsDatabase,
  createRow,
  findRowByInkwellId,
  INKWELL_ID,
  missingColumnError,
  readAllRows,
  readConnectionsDatabase,
  readLayout,
  rowProperties,
  trashRow,
  updateRow,
  type ColumnLayout,
  type ConnectionsDatabase,
} from "../../notion/connections-db";
import { fromNotionError } from "../../notion/errors";
import { AmbiguousWriteError } from "../../notion/scheduler";
import { resolveTarget } from "../../notion/targets";
import type { ImportReport, MirrorSetup, MirrorStatus } from "../../shared/protocol/types";
import type { MirrorState, PendingMirrorChange } from "../../shared/storage/schema";
import type { TypedStore } from "../../shared/storage/store";
import { validateExported, type Candidate } from "./connection-file";
import type { ErrorLog } from "../operations/error-log";
import type { RecordStore } from "./records";
import type { SettingsService } from "../settings/settings";

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
  notion: (token: string, priority: "interactive" | "normal") => Client;
  /** Who the token acts as (integration or person), for advice when Notion can't find something. */
  notionAccess: (token: string) => Promise<NotionAccess | undefined>;
  alarms?: AlarmsLike;
  errorLog?: ErrorLog;
  now?: () => number;
}

export class ConnectionsMirror {
  private stateChain: Promise<unknown> = Promise.resolve();
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  /** Changes being queued right now (see `settled`). */
  private readonly queueing = new Set<Promise<void>>();
  /** Bumped on every queued change, so a change made while its previous version was being written is not lost. */
  private readonly generations = new Map<string, number>();
  private layoutCache: { dataSourceId: string; layout: ColumnLayout } | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: MirrorDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A connection changed: queue it and write it soon. Never throws, never waits for Notion. */
  changed(connectionId: string): void {
    const work = this.enqueue([connectionId])
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
    const [state, settings] = await Promise.all([this.deps.store.get("mirror"), this.deps.store.get("settings")]);
    const pending = Object.keys(state.pending).length;
    return { databaseUrl: state.dataSourceId ? settings.connectionsDatabaseUrl || null : null, pending, lastError: pending > 0 ? state.lastError : null };
  }

  /** "Create it for me": a new connections database under a page the token can see; every connection is queued. */
  async create(parentUrl: string): Promise<MirrorSetup> {
    const token = await this.deps.settings.requireNotionToken();
    const client = this.deps.notion(token, "interactive");
    let parent;
    try {
      parent = await resolveTarget(client, parentUrl, "page", await this.deps.notionAccess(token));
    } catch (error) {
      if (error instanceof InkwellError && error.code === "invalid_input" && /database/.test(error.message)) {
        throw new InkwellError("invalid_input", "That link is a database. Paste the link of a page: Inkwell creates the connections database inside it.");
      }
      throw error;
    }
    const database = await createConnectionsDatabase(client, parent.id);
    await this.activate(database);
    return { databaseUrl: database.url, missingColumns: [], active: true };
  }

  /**
   * Uses an existing database. Missing columns are only reported unless the
   * user agreed to add them (`addMissing`); nothing is written to the
   * database before that.
   */
  async connect(url: string, addMissing: boolean): Promise<MirrorSetup> {
    const parsed = parseNotionUrl(url);
    if (!parsed.ok) throw new InkwellError("invalid_input", describeUrlProblem(parsed.reason));
    const token = await this.deps.settings.requireNotionToken();
    const client = this.deps.notion(token, "interactive");
    let database: ConnectionsDatabase;
    try {
      database = await readConnectionsDatabase(client, parsed.target.id);
    } catch (error) {
      if (error instanceof InkwellError && error.code === "notion_not_shared") {
        throw new InkwellError("notion_not_shared", notFoundAdvice("this database", await this.deps.notionAccess(token)));
      }
      throw error;
    }
    const { layout } = database;
    if (layout.incompatible.length > 0) {
      const list = layout.incompatible.map((column) => `“${column.name}” is a ${column.type.replace(/_/g, " ")} column but must be ${column.wanted.replace(/_/g, " ")}`).join("; ");
      throw new InkwellError("invalid_input", `This database can't hold Inkwell's connections: ${list}. Rename or delete those columns in Notion, or use “Create it for me”.`);
    }
    if (layout.missing.length > 0) {
      if (!addMissing) return { databaseUrl: database.url, missingColumns: layout.missing, active: false };
      database = { ...database, layout: await addMissingColumns(client, database.dataSourceId, layout.missing) };
      if (database.layout.missing.length > 0) throw new InkwellError("internal", `Notion didn't add these columns: ${database.layout.missing.join(", ")}. Try again.`);
    }
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
    await this.updateState(() => ({ dataSourceId: null, rows: {}, pending: {}, lastError: null }));
    await this.deps.alarms?.clear(MIRROR_RETRY_ALARM);
  }

  /** Connections purged from the trash: forget their rows once nothing is left to write for them. */
  async purged(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.updateState((state) => {
      const rows = { ...state.rows };
      for (const id of ids) if (!state.pending[id]) delete rows[id];
      return { ...state, rows };
    });
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
    let state = await this.deps.store.get("mirror");
    if (!state.dataSourceId) {
      // After "Clear" the mirror is inactive; a database URL kept in Settings is reconnected (read-only check first).
      const { connectionsDatabaseUrl } = await this.deps.store.get("settings");
      if (!connectionsDatabaseUrl) throw new InkwellError("not_configured", "Set up the connections database first (paste its link under Connections database), then import.");
      const setup = await this.connect(connectionsDatabaseUrl, false);
      if (!setup.active) throw new InkwellError("invalid_input", `The connections database lacks these columns: ${setup.missingColumns.join(", ")}. Connect it again and agree to add them, then import.`);
      state = await this.deps.store.get("mirror");
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
    await this.updateState((current) => ({ ...current, rows: { ...current.rows, ...Object.fromEntries(mapped) } }));
    return report;
  }

  // ------------------------------------------------------------ internals

  private async activate(database: ConnectionsDatabase): Promise<void> {
    const [settings, previous] = await Promise.all([this.deps.store.get("settings"), this.deps.store.get("mirror")]);
    const sameDatabase = previous.dataSourceId === database.dataSourceId;
    await this.deps.store.set("settings", { ...settings, connectionsDatabaseUrl: database.url });
    this.layoutCache = { dataSourceId: database.dataSourceId, layout: database.layout };
    // A new database needs only the live connections; the same one also gets its rows of deleted ones trashed.
    const ids = (await this.deps.records.listConnections({ includeDeleted: sameDatabase })).map((connection) => connection.id);
    await this.updateState((state) => ({
      dataSourceId: database.dataSourceId,
      // Rows of another database mean nothing here.
      rows: sameDatabase ? state.rows : {},
      pending: {},
      lastError: null,
    }));
    if (await this.enqueue(ids)) void this.flush();
  }

  /** Queues ids while the mirror is active; returns whether anything was queued. */
  private async enqueue(ids: readonly string[]): Promise<boolean> {
    const changes: Record<string, PendingMirrorChange> = {};
    for (const id of ids) {
      const connection = await this.deps.records.getConnection(id, { includeDeleted: true });
      changes[id] = { op: connection && connection.deletedAt === undefined ? "upsert" : "trash", since: this.now(), attempts: 0 };
      this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    }
    let queued = false;
    await this.updateState((state) => {
      if (!state.dataSourceId || ids.length === 0) return state;
      queued = true;
      const pending = { ...state.pending };
      // A change already waiting keeps its age and attempt count (its backoff goes on).
      for (const [id, change] of Object.entries(changes)) pending[id] = pending[id] ? { ...change, since: pending[id].since, attempts: pending[id].attempts } : change;
      return { ...state, pending };
    });
    return queued;
  }

  private async flushPass(): Promise<void> {
    const state = await this.deps.store.get("mirror");
    const dataSourceId = state.dataSourceId;
    const ids = Object.entries(state.pending)
      .sort(([, a], [, b]) => a.attempts - b.attempts || a.since - b.since)
      .map(([id]) => id);
    if (!dataSourceId || ids.length === 0) {
      await this.deps.alarms?.clear(MIRROR_RETRY_ALARM);
      return;
    }
    let client: Client;
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
      const generation = this.generations.get(id) ?? 0;
      try {
        const rowId = await this.apply(client, layout, dataSourceId, id);
        await this.updateState((current) => {
          if (current.dataSourceId !== dataSourceId) return current;
          const pending = { ...current.pending };
          if ((this.generations.get(id) ?? 0) === generation) delete pending[id];
          const rows = { ...current.rows };
          if (rowId === null) delete rows[id];
          else if (rowId !== undefined) rows[id] = rowId;
          return { ...current, pending, rows, lastError: Object.keys(pending).length > 0 ? current.lastError : null };
        });
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
    const left = await this.deps.store.get("mirror");
    const waiting = Object.values(left.pending);
    if (waiting.length === 0) await this.deps.alarms?.clear(MIRROR_RETRY_ALARM);
    else await this.scheduleRetry(Math.max(1, Math.min(...waiting.map((change) => change.attempts))));
  }

  /**
   * Writes one connection's current state. Returns its row id (new mapping),
   * null when the mapping should be forgotten, undefined for no change.
   */
  private async apply(client: Client, layout: ColumnLayout, dataSourceId: string, id: string): Promise<string | null | undefined> {
    const connection = await this.deps.records.getConnection(id, { includeDeleted: true });
    const mapped = (await this.deps.store.get("mirror")).rows[id];
    if (!connection || connection.deletedAt !== undefined) {
      const rowId = mapped ?? (await findRowByInkwellId(client, dataSourceId, layout, id));
      if (rowId) await this.trash(client, rowId);
      // Purged for good: nothing will restore it, so the mapping can go.
      return connection ? rowId : null;
    }
    const lastRunId = connection.runIds.at(-1);
    const lastRun = lastRunId ? await this.deps.records.getRun(lastRunId) : undefined;
    const properties = rowProperties(connection, lastRun, layout);
    if (mapped) {
      try {
        await updateRow(client, mapped, properties);
        return mapped;
      } catch (error) {
        // The row was deleted for good (or unshared): find it by id, or create it anew.
        if (fromNotionError(error).code !== "notion_not_shared") throw error;
      }
    }
    const found = await findRowByInkwellId(client, dataSourceId, layout, id);
    if (found) {
      await updateRow(client, found, properties);
      return found;
    }
    return createRow(client, dataSourceId, properties);
  }

  private async trash(client: Client, rowId: string): Promise<void> {
    try {
      await trashRow(client, rowId);
    } catch (error) {
      const failure = fromNotionError(error);
      // Already in Notion's trash, or gone: the row is out of sight either way.
      if (failure.code === "notion_not_shared" || failure.code === "notion_in_trash" || (failure.code === "notion_validation" && /archived|trash/i.test(failure.message))) return;
      throw error;
    }
  }

  private async layout(client: Client, dataSourceId: string, fresh = false): Promise<ColumnLayout> {
    if (!fresh && this.layoutCache?.dataSourceId === dataSourceId) return this.layoutCache.layout;
    const layout = await readLayout(client, dataSourceId);
    this.layoutCache = { dataSourceId, layout };
    return layout;
  }

  private async failed(ids: readonly string[], error: unknown): Promise<void> {
    const failure = toInkwellError(error);
    const secrets = await this.deps.settings.secretValues().catch(() => []);
    const message = redactSecrets(failure.message, secrets);
    await this.updateState((state) => {
      const pending = { ...state.pending };
      for (const id of ids) if (pending[id]) pending[id] = { ...pending[id], attempts: pending[id].attempts + 1 };
      return { ...state, pending, lastError: message };
    });
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

  /** The one writer of the `mirror` key: updates are chained so none is lost. */
  private updateState(update: (state: MirrorState) => MirrorState): Promise<void> {
    const next = this.stateChain.then(async () => {
      const state = await this.deps.store.get("mirror");
      const updated = update(state);
      if (updated !== state) await this.deps.store.set("mirror", updated);
    });
    this.stateChain = next.catch(() => undefined);
    return next;
  }
}
