/** What a connection wrote last time into a page or row body ("replace" placement), kept right through Undo. */
import type { Run } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";

/**
 * After Undo of `run`: where the run's output was the connection's last one,
 * the output it replaced (now restored) is the last one again, or there is none.
 */
export async function forgetUndoneOutput(records: Pick<RecordStore, "getPlaced" | "setPlaced">, run: Run): Promise<void> {
  const targets =
    run.kind === "page"
      ? [{ id: run.targetId, replaced: run.replacedBlockIds }]
      : (run.rows ?? []).filter((row) => row.blockIds?.length).map((row) => ({ id: row.rowId, replaced: row.replacedBlockIds }));
  for (const target of targets) {
    const placed = await records.getPlaced(run.connectionId, target.id);
    if (placed?.runId !== run.id) continue;
    await records.setPlaced(run.connectionId, target.id, target.replaced?.length ? { runId: `restored:${run.id}`, blockIds: target.replaced } : undefined);
  }
}
