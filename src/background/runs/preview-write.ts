/** "Write these": the rows a dry run previewed, ready to be written from their stored answers (no generation). */
import { InkwellError } from "../../core/errors";
import type { RowState, Run } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";

/** The dry run's previewed rows whose answers are still stored, as rows of a new run that starts at "generated". */
export async function previewWriteRows(records: Pick<RecordStore, "getPreviewAnswer">, dry: Run): Promise<RowState[]> {
  const rows: RowState[] = [];
  for (const row of dry.rows ?? []) {
    if (row.state !== "previewed") continue;
    if ((await records.getPreviewAnswer(dry.id, row.rowId)) === undefined) continue;
    rows.push({ rowId: row.rowId, title: row.title, state: "generated" });
  }
  if (rows.length === 0) throw new InkwellError("invalid_input", "This dry run has no previews left to write. Try on the first rows again.");
  return rows;
}
