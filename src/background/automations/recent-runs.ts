/**
 * The runs a watch check consults so that a row already handled (filled,
 * failed or skipped) is not filled again until someone edits it.
 */
import type { Connection, Run } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";

/** Earlier automatic runs whose failed and skipped rows a check leaves alone. */
const SETTLED_RUNS = 10;

/** The recent runs of this connection: its automatic ones settle rows, and any run settles rows it wrote into. */
export async function recentRuns(records: RecordStore, connection: Connection): Promise<Run[]> {
  const runs = await records.getRuns(connection.runIds.slice(-SETTLED_RUNS * 3));
  const automatic = new Set(runs.filter((run) => run.trigger === "automatic").slice(-SETTLED_RUNS));
  return runs.filter((run) => automatic.has(run) || run.trigger !== "automatic");
}

/** The recent runs of the other connections into the same target (a duplicated connection, its watch or clicks). */
export async function othersRecentRuns(records: RecordStore, connection: Connection): Promise<Run[]> {
  const others = (await records.listConnections()).filter((other) => other.id !== connection.id && other.targetId === connection.targetId);
  if (others.length === 0) return [];
  return records.getRuns(others.flatMap((other) => other.runIds.slice(-SETTLED_RUNS * 3)));
}
