import type { Storage } from "webextension-polyfill";
import type { ConnectionDraft } from "../shared/protocol";
import { CONNECTION_KEY_PREFIX, connectionKey, RUN_KEY_PREFIX, runKey, runTextKey, type Connection, type Run } from "../shared/storage/schema";

/**
 * Connections and runs, one storage key each (connection:<id>, run:<id>), so a
 * write touches only its own item: the popup, the options page and the worker
 * can never overwrite each other's unrelated edits.
 */
export class RecordStore {
  constructor(
    private readonly area: Storage.StorageArea,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  async listConnections(): Promise<Connection[]> {
    const all = await this.area.get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith(CONNECTION_KEY_PREFIX))
      .map(([, value]) => value as Connection)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async getConnection(id: string): Promise<Connection | undefined> {
    const key = connectionKey(id);
    return (await this.area.get(key))[key] as Connection | undefined;
  }

  async saveConnection(draft: ConnectionDraft, target: { id: string; title: string }): Promise<Connection> {
    const existing = draft.id ? await this.getConnection(draft.id) : undefined;
    const now = this.now();
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
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      runIds: existing?.runIds ?? [],
    };
    await this.area.set({ [connectionKey(connection.id)]: connection });
    return connection;
  }

  async addRunToConnection(connectionId: string, runId: string): Promise<void> {
    const connection = await this.getConnection(connectionId);
    if (!connection) return;
    await this.area.set({ [connectionKey(connectionId)]: { ...connection, runIds: [...connection.runIds, runId], updatedAt: this.now() } });
  }

  async getRun(id: string): Promise<Run | undefined> {
    const key = runKey(id);
    return (await this.area.get(key))[key] as Run | undefined;
  }

  async getRuns(ids: readonly string[]): Promise<Run[]> {
    if (ids.length === 0) return [];
    const items = await this.area.get(ids.map(runKey));
    return ids.map((id) => items[runKey(id)] as Run | undefined).filter((run): run is Run => run !== undefined);
  }

  async saveRun(run: Run): Promise<void> {
    await this.area.set({ [runKey(run.id)]: run });
  }

  async listRuns(): Promise<Run[]> {
    const all = await this.area.get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith(RUN_KEY_PREFIX))
      .map(([, value]) => value as Run);
  }

  /** A row's generated answer, kept until it is written so a restarted worker can write it without generating again. */
  async getRunText(runId: string, rowId: string): Promise<string | undefined> {
    const key = runTextKey(runId, rowId);
    return (await this.area.get(key))[key] as string | undefined;
  }

  async setRunText(runId: string, rowId: string, text: string): Promise<void> {
    await this.area.set({ [runTextKey(runId, rowId)]: text });
  }

  async removeRunText(runId: string, rowId: string): Promise<void> {
    await this.area.remove(runTextKey(runId, rowId));
  }
}
