import type { Storage } from "webextension-polyfill";
import { storageWriteError } from "../../core/errors";
import { isRunActive } from "../../core/run-view";
import { foldUsage } from "../../core/usage";
import {
  CONNECTION_KEY_PREFIX,
  RUN_KEY_PREFIX,
  RUNS_KEPT_PER_CONNECTION,
  USAGE_ARCHIVE_KEY,
  emptyUsageArchive,
  runIdOfKey,
  type Run,
  type UsageArchive,
} from "../../shared/storage/schema";
import { readRecords } from "../../shared/storage/records-reader";
import { defaultLockRunner, readUsageArchive, type LockRunner, type RecordStore } from "../connections/records";

export interface PruneReport {
  /** Runs removed (their usage folded into the archive). */
  pruned: string[];
}

/**
 * Keeps storage bounded: each connection keeps its newest RUNS_KEPT_PER_CONNECTION
 * runs (none once the connection was purged from the trash); older runs are
 * removed with every key of theirs (see RUN_DATA_KEY). Their usage is folded
 * into the archive first, in the same write that lists them as being folded,
 * so a stop midway neither loses nor double-counts usage: the next prune
 * finishes the removal. Runs going now are never pruned.
 */
export class RunPruner {
  constructor(
    private readonly area: Storage.StorageArea,
    private readonly records: Pick<RecordStore, "forgetRuns">,
    private readonly keep: number = RUNS_KEPT_PER_CONNECTION,
    private readonly withLock: LockRunner = defaultLockRunner(),
  ) {}

  prune(active: ReadonlySet<string> = new Set()): Promise<PruneReport> {
    return this.withLock("inkwell:prune", () => this.pruneLocked(active));
  }

  /** Runs `task` with no prune in progress or starting meanwhile ("Clear all data" clears under it). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.withLock("inkwell:prune", task);
  }

  private async pruneLocked(active: ReadonlySet<string>): Promise<PruneReport> {
    const all = await this.area.get(null);
    const archive: UsageArchive = { ...emptyUsageArchive(), ...((all[USAGE_ARCHIVE_KEY] as Partial<UsageArchive> | undefined) ?? {}) };
    const connections = new Set(Object.keys(all).filter((key) => key.startsWith(CONNECTION_KEY_PREFIX)).map((key) => key.slice(CONNECTION_KEY_PREFIX.length)));
    const folding = new Set(archive.folding);

    const byConnection = new Map<string, Run[]>();
    // Only valid records are pruned (an invalid one is reported by its readers, and left for the user to see).
    for (const run of readRecords<Run>(all, RUN_KEY_PREFIX).records) {
      if (folding.has(run.id)) continue;
      byConnection.set(run.connectionId, [...(byConnection.get(run.connectionId) ?? []), run]);
    }
    const toPrune: Run[] = [];
    for (const [connectionId, runs] of byConnection) {
      const kept = connections.has(connectionId) ? this.keep : 0;
      const older = runs.sort((a, b) => b.startedAt - a.startedAt).slice(kept);
      toPrune.push(...older.filter((run) => !active.has(run.id) && !isRunActive(run)));
    }
    if (toPrune.length === 0 && folding.size === 0) return { pruned: [] };

    const removing = new Set([...folding, ...toPrune.map((run) => run.id)]);
    const keys = Object.keys(all).filter((key) => removing.has(runIdOfKey(key) ?? ""));
    // Their other keys (kept answers, journals) go first: they hold no usage, and with storage full
    // the archive's write below only fits once they are gone. The records, which hold the usage, go after it.
    const others = keys.filter((key) => !key.startsWith(RUN_KEY_PREFIX));
    if (others.length > 0) await this.area.remove(others);
    if (toPrune.length > 0) {
      await this.write({ [USAGE_ARCHIVE_KEY]: { buckets: foldUsage(archive.buckets, toPrune), folding: [...removing] } satisfies UsageArchive });
    }
    const runRecords = keys.filter((key) => key.startsWith(RUN_KEY_PREFIX));
    if (runRecords.length > 0) await this.area.remove(runRecords);
    const owners = new Map<string, string[]>();
    for (const run of toPrune) owners.set(run.connectionId, [...(owners.get(run.connectionId) ?? []), run.id]);
    for (const [connectionId, ids] of owners) if (connections.has(connectionId)) await this.records.forgetRuns(connectionId, ids);
    const current = await readUsageArchive(this.area);
    await this.write({ [USAGE_ARCHIVE_KEY]: { ...current, folding: current.folding.filter((id) => !removing.has(id)) } satisfies UsageArchive });
    return { pruned: toPrune.map((run) => run.id) };
  }

  private async write(items: Record<string, unknown>): Promise<void> {
    try {
      await this.area.set(items);
    } catch (error) {
      throw storageWriteError(error);
    }
  }
}
