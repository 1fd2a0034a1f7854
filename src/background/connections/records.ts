import type { Storage } from "webextension-polyfill";
import { InkwellError, storageWriteError } from "../../core/errors";
import type { ConnectionDraft, ConnectionsExport, ExportedConnection, ImportReport } from "../../shared/protocol/types";
import { CONNECTION_KEY_PREFIX, connectionKey, pageAnswerKey, RUN_KEY_PREFIX, RUN_SCRATCH_KEY_PREFIXES, runIdOfKey, runJournalKey, runKey, runTextKey, USAGE_ARCHIVE_KEY, emptyUsageArchive, type Automation, type Connection, type Run, type UsageArchive } from "../../shared/storage/schema";
import { readRecords, toStoredRecord, type RecordProblem } from "../../shared/storage/records-reader";
import { isJournal, type AppendJournal } from "../../core/exactly-once/append-journal";
import { buildExport, parseExport, type Candidate } from "./connection-file";

/** How long a deleted connection stays restorable before start-up purges it. */
export const DELETED_RETENTION_MS = 24 * 60 * 60 * 1000;

export const EDIT_CONFLICT_MESSAGE = "This connection was changed in another window. Reload it to see the changes, then make your edit again.";

/** Runs `task` while holding the named lock. */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/**
 * Web Locks are shared by every context of the extension's origin (worker,
 * popups, options page), so a read-modify-write under one can't interleave
 * with another anywhere. Without them (unit tests, old browsers) an
 * in-process queue per name gives the same guarantee inside this context.
 */
export function defaultLockRunner(): LockRunner {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  if (locks) return <T>(name: string, task: () => Promise<T>) => locks.request(name, task) as Promise<T>;
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => Promise<T>) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return result;
  };
}

export type ConnectionListener = (connectionId: string) => void;

/**
 * Connections and runs, one storage key each (connection:<id>, run:<id>), so a
 * write touches only its own item: the popup, the options page and the worker
 * can never overwrite each other's unrelated edits. Every read-modify-write of
 * a connection holds that connection's lock, and an edit made from a stale copy
 * (its `baseUpdatedAt` no longer matches) is refused instead of overwriting.
 */
export class RecordStore {
  private readonly listeners = new Set<ConnectionListener>();
  private readonly discarded = new Set<string>();
  private readonly invalidListeners = new Set<(problem: RecordProblem) => void>();
  private readonly reported = new Set<string>();
  private readonly problems = new Map<string, RecordProblem>();

  constructor(
    private readonly area: Storage.StorageArea,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
    private readonly withLock: LockRunner = defaultLockRunner(),
  ) {}

  /** Called after a connection is created, edited, deleted, restored or imported (the mirror listens). */
  onConnectionChange(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connections newest first; deleted ones (in Inkwell's trash) only when asked for. */
  async listConnections(options: { includeDeleted?: boolean } = {}): Promise<Connection[]> {
    return this.valid(CONNECTION_KEY_PREFIX, readRecords<Connection>(await this.area.get(null), CONNECTION_KEY_PREFIX))
      .filter((connection) => options.includeDeleted || connection.deletedAt === undefined)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** A connection, unless it was deleted (then only with `includeDeleted`). */
  async getConnection(id: string, options: { includeDeleted?: boolean } = {}): Promise<Connection | undefined> {
    const connection = await this.readConnection(id);
    return connection && (options.includeDeleted || connection.deletedAt === undefined) ? connection : undefined;
  }

  /** An imported connection's target was resolved again (imported-target.ts): it may run, under its current title. */
  async markTargetChecked(checked: Connection, targetTitle: string): Promise<Connection | undefined> {
    return this.update(checked.id, async (existing) => {
      // Another import may have changed the target meanwhile: that one stays unchecked.
      if (!existing || existing.kind !== checked.kind || existing.targetId !== checked.targetId || existing.database?.dataSourceId !== checked.database?.dataSourceId) {
        return undefined;
      }
      const { targetUnchecked: _unchecked, ...rest } = existing;
      const connection: Connection = { ...rest, targetTitle };
      await this.write(connection);
      return connection;
    });
  }

  async saveConnection(draft: ConnectionDraft, target: { id: string; title: string }): Promise<Connection> {
    const save = async (existing: Connection | undefined): Promise<Connection> => {
      if (existing?.deletedAt !== undefined) {
        throw new InkwellError("connection_deleted", "This connection was deleted in another window. Undo the delete there (or import it again) to keep editing it.");
      }
      if (existing && draft.baseUpdatedAt !== undefined && draft.baseUpdatedAt !== existing.updatedAt) throw new InkwellError("edit_conflict", EDIT_CONFLICT_MESSAGE);
      const connection: Connection = {
        id: existing?.id ?? this.newId(),
        name: draft.name.trim() || target.title,
        kind: draft.kind,
        url: draft.url.trim(),
        targetId: target.id,
        targetTitle: target.title,
        prompt: draft.prompt,
        options: draft.options,
        ...(draft.database ? { database: draft.database } : {}),
        // The override travels with the draft: a draft without it means "use Settings' engine".
        ...(draft.engine ? { engine: draft.engine, ...(draft.model !== undefined ? { model: draft.model } : {}) } : {}),
        // Set apart from the form (automation.set): an edit of the prompt keeps the watch or schedule.
        ...(existing?.automation ? { automation: existing.automation } : {}),
        createdAt: existing?.createdAt ?? this.now(),
        updatedAt: this.nextUpdatedAt(existing),
        runIds: existing?.runIds ?? [],
        // A save doesn't check an imported target: a draft (the form, a prompt edited in the in-Notion panel)
        // carries the imported database settings unverified. Only the check before its first run clears this.
        ...(existing?.targetUnchecked ? { targetUnchecked: true as const } : {}),
      };
      await this.write(connection);
      return connection;
    };
    const saved = draft.id ? await this.update(draft.id, save) : await save(undefined);
    this.changed(saved.id);
    return saved;
  }

  /**
   * Records a run on its connection. Not an edit: `updatedAt` stays, so a form
   * opened before the run can still be saved.
   */
  async addRunToConnection(connectionId: string, runId: string): Promise<void> {
    await this.update(connectionId, async (connection) => {
      if (!connection) return;
      await this.write({ ...connection, runIds: [...connection.runIds, runId] });
    });
  }

  /**
   * Sets (or, with undefined, removes) a connection's watch or schedule. Not an
   * edit of the form's fields: `updatedAt` stays, so a form open elsewhere can
   * still be saved (and keeps this setting).
   */
  async setAutomation(connectionId: string, automation: Automation | undefined): Promise<Connection> {
    const saved = await this.update(connectionId, async (connection) => {
      if (!connection || connection.deletedAt !== undefined) throw new InkwellError("invalid_input", "That connection no longer exists.");
      const { automation: _previous, ...rest } = connection;
      const next: Connection = automation ? { ...rest, automation } : rest;
      await this.write(next);
      return next;
    });
    return saved;
  }

  /** Drops pruned runs from a connection's history. Not an edit: `updatedAt` stays. */
  async forgetRuns(connectionId: string, runIds: readonly string[]): Promise<void> {
    const gone = new Set(runIds);
    await this.update(connectionId, async (connection) => {
      if (!connection || !connection.runIds.some((id) => gone.has(id))) return;
      await this.write({ ...connection, runIds: connection.runIds.filter((id) => !gone.has(id)) });
    });
  }

  /** Moves connections to the trash (restorable until purged); returns how many were deleted. */
  async deleteConnections(ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const id of new Set(ids)) {
      const done = await this.update(id, async (connection) => {
        if (!connection || connection.deletedAt !== undefined) return false;
        await this.write({ ...connection, deletedAt: this.now() });
        return true;
      });
      if (done) {
        deleted++;
        this.changed(id);
      }
    }
    return deleted;
  }

  /** "Undo" of a delete; returns how many came back. */
  async restoreConnections(ids: readonly string[]): Promise<number> {
    let restored = 0;
    for (const id of new Set(ids)) {
      const done = await this.update(id, async (connection) => {
        if (connection?.deletedAt === undefined) return false;
        const { deletedAt: _deleted, ...rest } = connection;
        await this.write(rest);
        return true;
      });
      if (done) {
        restored++;
        this.changed(id);
      }
    }
    return restored;
  }

  /**
   * Removes for good the connections deleted more than `retentionMs` ago.
   * Their runs are left to the pruner, which keeps their usage in the totals.
   * Returns the purged ids.
   */
  async purgeDeleted(retentionMs = DELETED_RETENTION_MS): Promise<string[]> {
    const cutoff = this.now() - retentionMs;
    const purged: string[] = [];
    for (const candidate of await this.listConnections({ includeDeleted: true })) {
      if (candidate.deletedAt === undefined || candidate.deletedAt > cutoff) continue;
      const removed = await this.update(candidate.id, async (connection) => {
        if (connection?.deletedAt === undefined || connection.deletedAt > cutoff) return false;
        await this.area.remove(connectionKey(connection.id));
        return true;
      });
      if (removed) purged.push(candidate.id);
    }
    return purged;
  }

  /** A copy with a new id and "(copy)" in its name, without run history. */
  async duplicateConnection(id: string): Promise<Connection> {
    const original = await this.getConnection(id);
    if (!original) throw new InkwellError("invalid_input", "That connection no longer exists.");
    const now = this.now();
    const copy: Connection = { ...original, id: this.newId(), name: `${original.name} (copy)`.slice(0, 200), createdAt: now, updatedAt: now, runIds: [] };
    await this.write(copy);
    this.changed(copy.id);
    return copy;
  }

  async exportConnections(): Promise<ConnectionsExport> {
    return buildExport(await this.listConnections(), this.now());
  }

  /** Imports an export file's text: adds new connections, updates older copies, reports what it skipped and why. */
  async importConnections(json: string): Promise<ImportReport> {
    return this.mergeConnections(parseExport(json));
  }

  /**
   * Merges validated connections from outside (a file or the Notion mirror):
   * an unknown id (or one in the trash) is added, a known one is updated when
   * the incoming copy is newer, anything else is skipped with a reason.
   * Listeners hear every id added or updated unless `notify` is false.
   */
  async mergeConnections(candidates: readonly Candidate[], options: { notify?: boolean } = {}): Promise<ImportReport> {
    const report: ImportReport = { added: [], updated: [], skipped: [] };
    const seen = new Set<string>();
    for (const candidate of candidates) {
      if (!candidate.ok) {
        report.skipped.push({ name: candidate.name, reason: candidate.reason });
        continue;
      }
      // A time from the future would make this copy win every later merge, and hide newer edits.
      const now = this.now();
      const incoming = { ...candidate.connection, createdAt: Math.min(candidate.connection.createdAt, now), updatedAt: Math.min(candidate.connection.updatedAt, now) };
      if (seen.has(incoming.id)) {
        report.skipped.push({ name: incoming.name, reason: "It appears twice; the first copy was used." });
        continue;
      }
      seen.add(incoming.id);
      const outcome = await this.update(incoming.id, async (existing) => {
        if (existing && existing.deletedAt === undefined && incoming.updatedAt <= existing.updatedAt) return "current" as const;
        await this.write(fromExported(incoming, existing));
        return existing && existing.deletedAt === undefined ? ("updated" as const) : ("added" as const);
      });
      if (outcome === "current") {
        report.skipped.push({ name: incoming.name, reason: "Already up to date." });
        continue;
      }
      report[outcome].push(incoming.name);
      if (options.notify !== false) this.changed(incoming.id);
    }
    return report;
  }

  async getRun(id: string): Promise<Run | undefined> {
    return (await this.getRuns([id]))[0];
  }

  /** The runs that exist and are valid, in the order asked. */
  async getRuns(ids: readonly string[]): Promise<Run[]> {
    if (ids.length === 0) return [];
    const items = await this.area.get(ids.map(runKey));
    const runs = this.valid(RUN_KEY_PREFIX, readRecords<Run>(items, RUN_KEY_PREFIX));
    const byId = new Map(runs.map((run) => [run.id, run]));
    return ids.map((id) => byId.get(id)).filter((run): run is Run => run !== undefined);
  }

  async saveRun(run: Run): Promise<void> {
    await this.put({ [runKey(run.id)]: toStoredRecord(run) });
  }

  /** The usage of runs that pruning removed (counted in every usage total). */
  usageArchive(): Promise<UsageArchive> {
    return readUsageArchive(this.area);
  }

  async listRuns(): Promise<Run[]> {
    return this.valid(RUN_KEY_PREFIX, readRecords<Run>(await this.area.get(null), RUN_KEY_PREFIX));
  }

  /**
   * Hears each stored record that can't be used (damaged, or from a newer
   * Inkwell), once per key and reason: the diagnostics error log.
   * Such records are left out of every answer, never crash a reader.
   */
  /** The unreadable records found so far (for diagnostics), newest last. */
  invalidRecords(): RecordProblem[] {
    return [...this.problems.values()];
  }

  onInvalidRecord(listener: (problem: RecordProblem) => void): () => void {
    this.invalidListeners.add(listener);
    return () => this.invalidListeners.delete(listener);
  }

  /** A row's generated answer, kept until it is written so a restarted worker can write it without generating again. */
  async getRunText(runId: string, rowId: string): Promise<string | undefined> {
    const key = runTextKey(runId, rowId);
    return (await this.area.get(key))[key] as string | undefined;
  }

  async setRunText(runId: string, rowId: string, text: string): Promise<void> {
    await this.put({ [runTextKey(runId, rowId)]: text });
  }

  /** Removes the record of a run that never started. */
  async removeRun(id: string): Promise<void> {
    await this.area.remove(runKey(id));
  }

  /**
   * Removes what a run kept only while it was going (a failed or cancelled
   * row's answer): once the run ended nothing reads it again.
   */
  async removeRunScratch(run: Pick<Run, "id" | "rows">): Promise<void> {
    const keys = RUN_SCRATCH_KEY_PREFIXES.flatMap((prefix) => (run.rows ?? []).map((row) => `${prefix}${run.id}:${row.rowId}`));
    if (keys.length === 0) return;
    await this.area.remove(keys);
  }

  /**
   * "Clear all data": writes for these runs (their record and every other key
   * of theirs) are dropped from now on, so a run stopped for the clear can't
   * write anything back after storage was emptied.
   */
  discardRuns(ids: Iterable<string>): void {
    for (const id of ids) this.discarded.add(id);
  }

  /** Every write goes through here, so a full storage is reported as such (storage_failed), never lost silently. */
  private async put(items: Record<string, unknown>): Promise<void> {
    if (this.discarded.size > 0) {
      const kept = Object.entries(items).filter(([key]) => !this.discarded.has(runIdOfKey(key) ?? ""));
      if (kept.length === 0) return;
      items = Object.fromEntries(kept);
    }
    try {
      await this.area.set(items);
    } catch (error) {
      throw storageWriteError(error);
    }
  }

  /** A row's append journal (see core/exactly-once/append-journal); undefined when none or unreadable. */
  async getJournal(runId: string, rowId: string): Promise<AppendJournal | undefined> {
    const key = runJournalKey(runId, rowId);
    const value = (await this.area.get(key))[key];
    return isJournal(value) ? value : undefined;
  }

  async setJournal(runId: string, rowId: string, journal: AppendJournal): Promise<void> {
    await this.put({ [runJournalKey(runId, rowId)]: journal });
  }

  /** Drops a row's answer and journal once the row no longer needs them. */
  async removeRowData(runId: string, rowId: string): Promise<void> {
    await this.area.remove([runTextKey(runId, rowId), runJournalKey(runId, rowId)]);
  }

  /** A page run's whole answer received so far. */
  async getPageAnswer(runId: string): Promise<string | undefined> {
    const key = pageAnswerKey(runId);
    return (await this.area.get(key))[key] as string | undefined;
  }

  async setPageAnswer(runId: string, text: string): Promise<void> {
    await this.put({ [pageAnswerKey(runId)]: text });
  }

  private async readConnection(id: string): Promise<Connection | undefined> {
    const key = connectionKey(id);
    return this.valid(CONNECTION_KEY_PREFIX, readRecords<Connection>(await this.area.get(key), CONNECTION_KEY_PREFIX))[0];
  }

  /** The valid records; each problem is reported once. */
  private valid<T extends { id: string }>(prefix: string, { records, problems }: { records: T[]; problems: RecordProblem[] }): T[] {
    // A record that reads fine again (rewritten since) is no longer listed as unreadable.
    for (const record of records) this.problems.delete(`${prefix}${record.id}`);
    for (const problem of problems) {
      this.problems.set(problem.key, problem);
      const seen = `${problem.key} ${problem.reason}`;
      if (this.reported.has(seen)) continue;
      this.reported.add(seen);
      for (const listener of this.invalidListeners) {
        try {
          listener(problem);
        } catch (error) {
          console.warn("[inkwell] invalid-record listener failed", error);
        }
      }
    }
    return records;
  }

  /** Read-modify-write of one connection under its lock (the current value, deleted or not, is handed to `task`). */
  private update<T>(id: string, task: (current: Connection | undefined) => Promise<T>): Promise<T> {
    return this.withLock(`inkwell:connection:${id}`, async () => task(await this.readConnection(id)));
  }

  private async write(connection: Connection): Promise<void> {
    await this.put({ [connectionKey(connection.id)]: toStoredRecord(connection) });
  }

  /** Strictly increasing per connection, so two saves within one millisecond still tell a stale copy apart. */
  private nextUpdatedAt(existing: Connection | undefined): number {
    const now = this.now();
    return existing ? Math.max(now, existing.updatedAt + 1) : now;
  }

  private changed(id: string): void {
    for (const listener of this.listeners) {
      try {
        listener(id);
      } catch (error) {
        console.warn("[inkwell] connection listener failed", error);
      }
    }
  }
}

/** The usage of pruned runs (empty until something was pruned). */
export async function readUsageArchive(area: Storage.StorageArea): Promise<UsageArchive> {
  const stored = (await area.get(USAGE_ARCHIVE_KEY))[USAGE_ARCHIVE_KEY] as Partial<UsageArchive> | undefined;
  return { ...emptyUsageArchive(), ...(stored ?? {}) };
}

/** A stored connection from an imported one; a connection already here keeps its run history. */
function fromExported(incoming: ExportedConnection, existing: Connection | undefined): Connection {
  // Automations are never imported (a file must not start runs on its own); one set up here stays.
  const { automation: _imported, ...rest } = incoming;
  return { ...rest, targetUnchecked: true, runIds: existing?.runIds ?? [], ...(existing?.automation ? { automation: existing.automation } : {}) };
}
