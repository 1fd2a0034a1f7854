/**
 * Runs in storage: the record of each run (run:<id>), and what a run keeps
 * only while it goes (a row's answer and append journal, a page's answer),
 * so a restarted worker can finish without generating or writing twice.
 */
import { isJournal, type AppendJournal } from "../../core/exactly-once/append-journal";
import { isReplaceJournal, type ReplaceJournal } from "../../core/exactly-once/replace-journal";
import { readRecords, toStoredRecord } from "../../shared/storage/records-reader";
import { emptyUsageArchive, pageAnswerKey, placedKey, RUN_KEY_PREFIX, RUN_SCRATCH_KEY_PREFIXES, runJournalKey, runKey, runPreviewKey, runTextKey, USAGE_ARCHIVE_KEY, type PlacedOutput, type Run, type UsageArchive } from "../../shared/storage/schema";
import type { Storage } from "webextension-polyfill";
import { StoredRecords } from "../connections/stored-records";

export class RunRecords extends StoredRecords {
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

  /** A row's replace journal ("replace" placement: core/exactly-once/replace-journal), kept under the row's journal key. */
  async getReplaceJournal(runId: string, rowId: string): Promise<ReplaceJournal | undefined> {
    const key = runJournalKey(runId, rowId);
    const value = (await this.area.get(key))[key];
    return isReplaceJournal(value) ? value : undefined;
  }

  async setReplaceJournal(runId: string, rowId: string, journal: ReplaceJournal): Promise<void> {
    await this.put({ [runJournalKey(runId, rowId)]: journal });
  }

  /** A dry run's stored answer for a row ("Write these" writes exactly it); undefined when gone. */
  async getPreviewAnswer(runId: string, rowId: string): Promise<string | undefined> {
    const key = runPreviewKey(runId, rowId);
    const value = (await this.area.get(key))[key];
    return typeof value === "string" ? value : undefined;
  }

  async setPreviewAnswer(runId: string, rowId: string, stored: string): Promise<void> {
    await this.put({ [runPreviewKey(runId, rowId)]: stored });
  }

  /** What a connection wrote last time into a page or row body ("replace" placement). */
  async getPlaced(connectionId: string, targetId: string): Promise<PlacedOutput | undefined> {
    const key = placedKey(connectionId, targetId);
    const value = (await this.area.get(key))[key] as Partial<PlacedOutput> | undefined;
    return typeof value?.runId === "string" && Array.isArray(value.blockIds) && value.blockIds.every((id) => typeof id === "string") ? (value as PlacedOutput) : undefined;
  }

  /** Sets (or, with undefined, removes) what a connection wrote last time into a page or row body. */
  async setPlaced(connectionId: string, targetId: string, placed: PlacedOutput | undefined): Promise<void> {
    if (placed === undefined) await this.area.remove(placedKey(connectionId, targetId));
    else await this.put({ [placedKey(connectionId, targetId)]: placed });
  }

  /** A page run's whole answer received so far. */
  async getPageAnswer(runId: string): Promise<string | undefined> {
    const key = pageAnswerKey(runId);
    return (await this.area.get(key))[key] as string | undefined;
  }

  async setPageAnswer(runId: string, text: string): Promise<void> {
    await this.put({ [pageAnswerKey(runId)]: text });
  }
}

/** The usage of pruned runs (empty until something was pruned). */
export async function readUsageArchive(area: Storage.StorageArea): Promise<UsageArchive> {
  const stored = (await area.get(USAGE_ARCHIVE_KEY))[USAGE_ARCHIVE_KEY] as Partial<UsageArchive> | undefined;
  return { ...emptyUsageArchive(), ...(stored ?? {}) };
}
