import { describe, expect, it } from "vitest";
import { summarizeRun } from "../../../../src/background/runs/run-summary";
import { startedRun } from "../../../support/runs";

describe("the toast's run summary", () => {
  it("offers Undo for a cancelled database run whose blocks were written but no row finished", () => {
    const run = startedRun({ id: "r", targetId: "db", status: "cancelled", rows: [{ rowId: "a", title: "A", state: "written", blockIds: ["b1"] }, { rowId: "b", title: "B", state: "pending" }] });
    expect(summarizeRun(run)).toMatchObject({ status: "cancelled", rowsTotal: 2, rowsDone: 0, rowsFailed: 0, canUndo: true });
  });

  it("offers no Undo while the run is active, or once it was undone", () => {
    const rows = [{ rowId: "a", title: "A", state: "done" as const, blockIds: ["b1"] }];
    expect(summarizeRun(startedRun({ id: "r", targetId: "db", rows })).canUndo).toBe(false);
    expect(summarizeRun(startedRun({ id: "r", targetId: "db", status: "succeeded", rows, undoneAt: 1 })).canUndo).toBe(false);
    expect(summarizeRun(startedRun({ id: "r", targetId: "db", status: "succeeded", rows })).canUndo).toBe(true);
  });
});
