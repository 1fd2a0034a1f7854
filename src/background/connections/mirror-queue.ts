import type { MirrorState, PendingMirrorChange } from "../../shared/storage/schema";
import type { TypedStore } from "../../shared/storage/store";
import { PersistedState } from "../storage/persisted-state";
import type { RecordStore } from "./records";

/**
 * The mirror's bookkeeping in storage (`mirror`): the database it writes to,
 * each connection's row, and the changes waiting to be written with their
 * attempt counts. Only the worker writes the key, through one PersistedState.
 */
export class MirrorQueue {
  private readonly state: PersistedState<MirrorState>;
  /** Bumped on every queued change, so a change made while its previous version was being written is not lost. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly store: TypedStore,
    private readonly records: Pick<RecordStore, "getConnection">,
    private readonly now: () => number,
  ) {
    this.state = new PersistedState({ read: () => store.get("mirror"), write: (state) => store.set("mirror", state) });
  }

  read(): Promise<MirrorState> {
    return this.store.get("mirror");
  }

  /** The generation of a connection's latest queued change (see `written`). */
  generation(id: string): number {
    return this.generations.get(id) ?? 0;
  }

  /** Queues ids while the mirror is active; returns whether anything was queued. */
  async enqueue(ids: readonly string[]): Promise<boolean> {
    const changes: Record<string, PendingMirrorChange> = {};
    for (const id of ids) {
      const connection = await this.records.getConnection(id, { includeDeleted: true });
      changes[id] = { op: connection && connection.deletedAt === undefined ? "upsert" : "trash", since: this.now(), attempts: 0 };
      this.generations.set(id, this.generation(id) + 1);
    }
    let queued = false;
    await this.state.update((state) => {
      if (!state.dataSourceId || ids.length === 0) return state;
      queued = true;
      const pending = { ...state.pending };
      // A change already waiting keeps its age and attempt count (its backoff goes on).
      for (const [id, change] of Object.entries(changes)) pending[id] = pending[id] ? { ...change, since: pending[id].since, attempts: pending[id].attempts } : change;
      return { ...state, pending };
    });
    return queued;
  }

  /**
   * A connection's row was written into `dataSourceId`: its change leaves the queue unless a newer one
   * came meanwhile (`generation` is the one read before writing). `rowId` is its row, null to forget the
   * mapping, undefined to keep it.
   */
  written(id: string, generation: number, dataSourceId: string, rowId: string | null | undefined): Promise<void> {
    return this.state.update((current) => {
      if (current.dataSourceId !== dataSourceId) return current;
      const pending = { ...current.pending };
      if (this.generation(id) === generation) delete pending[id];
      const rows = { ...current.rows };
      if (rowId === null) delete rows[id];
      else if (rowId !== undefined) rows[id] = rowId;
      return { ...current, pending, rows, lastError: Object.keys(pending).length > 0 ? current.lastError : null };
    });
  }

  /** A write failed: each id's attempt count goes up (its backoff), and the scrubbed reason is kept for the UI. */
  failed(ids: readonly string[], message: string): Promise<void> {
    return this.state.update((state) => {
      const pending = { ...state.pending };
      for (const id of ids) if (pending[id]) pending[id] = { ...pending[id], attempts: pending[id].attempts + 1 };
      return { ...state, pending, lastError: message };
    });
  }

  /** Mirrors into this data source from now on; rows of another database mean nothing here. */
  activate(dataSourceId: string, keepRows: boolean): Promise<void> {
    return this.state.update((state) => ({ dataSourceId, rows: keepRows ? state.rows : {}, pending: {}, lastError: null }));
  }

  /** Stops mirroring: nothing is written until a database is activated again. */
  deactivate(): Promise<void> {
    return this.state.update(() => ({ dataSourceId: null, rows: {}, pending: {}, lastError: null }));
  }

  /** Connections purged from the trash: forget their rows once nothing is left to write for them. */
  forget(ids: readonly string[]): Promise<void> {
    return this.state.update((state) => {
      const rows = { ...state.rows };
      for (const id of ids) if (!state.pending[id]) delete rows[id];
      return { ...state, rows };
    });
  }

  /** Rows found in the database (an import): connection id → row id. */
  mapRows(mapped: ReadonlyMap<string, string>): Promise<void> {
    return this.state.update((current) => ({ ...current, rows: { ...current.rows, ...Object.fromEntries(mapped) } }));
  }
}
