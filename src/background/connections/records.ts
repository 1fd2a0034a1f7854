import type { Storage } from "webextension-polyfill";
import { InkwellError } from "../../core/errors";
import type { ConnectionDraft, ConnectionsExport, ImportReport } from "../../shared/protocol/types";
import { CONNECTION_KEY_PREFIX, connectionKey, placedKey, type Automation, type Connection } from "../../shared/storage/schema";
import { readRecords, toStoredRecord } from "../../shared/storage/records-reader";
import { RunRecords } from "../runs/run-records";
import { buildExport, fromExported, parseExport, type Candidate } from "./connection-file";
import { defaultLockRunner, type LockRunner } from "./locks";

export { defaultLockRunner, type LockRunner } from "./locks";
export { readUsageArchive } from "../runs/run-records";

/** How long a deleted connection stays restorable before start-up purges it. */
export const DELETED_RETENTION_MS = 24 * 60 * 60 * 1000;

export const EDIT_CONFLICT_MESSAGE = "This connection was changed in another window. Reload it to see the changes, then make your edit again.";

export type ConnectionListener = (connectionId: string) => void;

/**
 * Connections and runs, one storage key each (connection:<id>, run:<id>), so a
 * write touches only its own item: the popup, the options page and the worker
 * can never overwrite each other's unrelated edits. Every read-modify-write of
 * a connection holds that connection's lock, and an edit made from a stale copy
 * (its `baseUpdatedAt` no longer matches) is refused instead of overwriting.
 * This class holds the connections; runs and their scratch data are
 * RunRecords' (runs/run-records.ts), validated reads and guarded writes
 * StoredRecords' (stored-records.ts).
 */
export class RecordStore extends RunRecords {
  private readonly listeners = new Set<ConnectionListener>();

  constructor(
    area: Storage.StorageArea,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
    private readonly withLock: LockRunner = defaultLockRunner(),
  ) {
    super(area);
  }

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
        ...(draft.placement ? { placement: draft.placement } : {}),
        ...(draft.context ? { context: draft.context } : {}),
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
    // Read once: a deleted connection can't run, so no "placed" key of one appears meanwhile.
    let storedKeys: string[] | undefined;
    for (const candidate of await this.listConnections({ includeDeleted: true })) {
      if (candidate.deletedAt === undefined || candidate.deletedAt > cutoff) continue;
      const removed = await this.update(candidate.id, async (connection) => {
        if (connection?.deletedAt === undefined || connection.deletedAt > cutoff) return false;
        // What it wrote last into each page or row ("replace") goes with it; it can't run again.
        storedKeys ??= Object.keys(await this.area.get(null));
        const placed = storedKeys.filter((key) => key.startsWith(placedKey(connection.id, "")));
        await this.area.remove([connectionKey(connection.id), ...placed]);
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

  private async readConnection(id: string): Promise<Connection | undefined> {
    const key = connectionKey(id);
    return this.valid(CONNECTION_KEY_PREFIX, readRecords<Connection>(await this.area.get(key), CONNECTION_KEY_PREFIX))[0];
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
