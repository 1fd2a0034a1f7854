/**
 * What every stored record goes through: reads that leave out (and report
 * once) records that can't be used, and writes that report a full storage
 * and drop anything of runs that "Clear all data" discarded.
 */
import type { Storage } from "webextension-polyfill";
import { storageWriteError } from "../../core/errors";
import { runIdOfKey } from "../../shared/storage/schema";
import type { RecordProblem } from "../../shared/storage/records-reader";

export class StoredRecords {
  private readonly discarded = new Set<string>();
  private readonly invalidListeners = new Set<(problem: RecordProblem) => void>();
  private readonly reported = new Set<string>();
  private readonly problems = new Map<string, RecordProblem>();

  constructor(protected readonly area: Storage.StorageArea) {}

  /** The unreadable records found so far (for diagnostics), newest last. */
  invalidRecords(): RecordProblem[] {
    return [...this.problems.values()];
  }

  /**
   * Hears each stored record that can't be used (damaged, or from a newer
   * Inkwell), once per key and reason: the diagnostics error log.
   * Such records are left out of every answer, never crash a reader.
   */
  onInvalidRecord(listener: (problem: RecordProblem) => void): () => void {
    this.invalidListeners.add(listener);
    return () => this.invalidListeners.delete(listener);
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
  protected async put(items: Record<string, unknown>): Promise<void> {
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

  /** The valid records; each problem is reported once. */
  protected valid<T extends { id: string }>(prefix: string, { records, problems }: { records: T[]; problems: RecordProblem[] }): T[] {
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
}
