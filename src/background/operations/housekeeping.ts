import type { Storage } from "webextension-polyfill";
import { automationKey } from "../../shared/storage/schema";
import type { ConnectionsMirror } from "../connections/mirror";
import type { RecordStore } from "../connections/records";
import type { RunPruner } from "../runs/run-pruner";
import type { ErrorLog } from "./error-log";

export const PURGE_ALARM = "inkwell-purge-deleted";
const PURGE_PERIOD_MINUTES = 6 * 60;

export interface HousekeepingDeps {
  area: Storage.StorageArea;
  records: Pick<RecordStore, "purgeDeleted">;
  pruner: Pick<RunPruner, "prune">;
  mirror: Pick<ConnectionsMirror, "purged">;
  errorLog: Pick<ErrorLog, "record">;
  /** Runs going now, which pruning leaves alone. */
  activeRunIds: () => ReadonlySet<string>;
  alarms?: { get(name: string): Promise<unknown>; create(name: string, info: { delayInMinutes: number; periodInMinutes: number }): Promise<void> | void };
}

/** Keeps storage bounded: old runs pruned after each run, deleted connections purged on a slow alarm. */
export class Housekeeping {
  constructor(private readonly deps: HousekeepingDeps) {}

  /** Keeps the newest runs of each connection (the rule the Usage tab shows); never the ones going now. */
  async prune(): Promise<void> {
    try {
      await this.deps.pruner.prune(this.deps.activeRunIds());
    } catch (error) {
      void this.deps.errorLog.record({ code: "storage_failed", message: error instanceof Error ? error.message : String(error), context: "prune" });
    }
  }

  /** Deleted connections stay restorable for a day; then their runs go too, their usage staying in the totals. */
  async purgeDeletedConnections(): Promise<void> {
    const purged = await this.deps.records.purgeDeleted();
    await this.deps.area.remove(purged.map(automationKey));
    await this.deps.mirror.purged(purged);
    await this.prune();
  }

  /** Purging scans every stored item, so it runs on a slow alarm, not on each of the worker's many wake-ups. */
  async schedulePurge(): Promise<void> {
    if (this.deps.alarms && !(await this.deps.alarms.get(PURGE_ALARM))) {
      await this.deps.alarms.create(PURGE_ALARM, { delayInMinutes: 1, periodInMinutes: PURGE_PERIOD_MINUTES });
    }
  }
}
