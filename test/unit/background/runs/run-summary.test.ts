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

  it("a dry run (started in the popup, followed by the Notion tab) counts its previewed rows as its progress, says it is dry, and offers no Undo", () => {
    const rows = [
      { rowId: "a", title: "A", state: "previewed" as const },
      { rowId: "b", title: "B", state: "generating" as const },
      { rowId: "c", title: "C", state: "pending" as const },
    ];
    expect(summarizeRun({ ...startedRun({ id: "r", targetId: "db", rows }), mode: "dry" })).toMatchObject({ status: "running", rowsTotal: 3, rowsDone: 1, rowsFailed: 0, dry: true, canUndo: false });
    const ended = { ...startedRun({ id: "r", targetId: "db", status: "succeeded", rows: rows.map((row) => ({ ...row, state: "previewed" as const })) }), mode: "dry" as const };
    expect(summarizeRun(ended)).toMatchObject({ status: "succeeded", rowsDone: 3, dry: true, canUndo: false });
    expect(summarizeRun(startedRun({ id: "r", targetId: "db", rows })).dry).toBeUndefined();
  });
});
