import { describe, expect, it } from "vitest";
import { canUndoRun, isRunActive, rowCounts, rowsBeingFilled, runOutcome, undoableRun } from "../../../src/core/run-view";
import type { RowState } from "../../../src/shared/storage/schema";
import { makeRun } from "../ui/fixtures";

const rows = (...states: RowState["state"][]): RowState[] => states.map((state, index) => ({ rowId: `r${index}`, title: `Row ${index}`, state }));

describe("the run view", () => {
  it("picks the newest run that wrote something and isn't undone", () => {
    const wrote = makeRun({ id: "a", status: "succeeded", writtenBlockIds: ["b"] });
    const undone = makeRun({ id: "b", status: "succeeded", writtenBlockIds: ["c"], undoneAt: 1 });
    const empty = makeRun({ id: "c", status: "failed" });
    const running = makeRun({ id: "d", status: "running", writtenBlockIds: ["e"] });
    expect(undoableRun([wrote, undone, empty, running])?.id).toBe("a");
    expect(undoableRun([undone, empty])).toBeNull();
    const propertyRun = makeRun({ kind: "database", status: "cancelled", rows: [{ rowId: "r", title: "R", state: "done", previousText: "" }] });
    expect(canUndoRun(propertyRun)).toBe(true);
  });

  it("calls a database run with failed rows partial", () => {
    expect(runOutcome(makeRun({ kind: "database", status: "succeeded", rows: [{ rowId: "r", title: "R", state: "failed" }] }))).toBe("partial");
    expect(runOutcome(makeRun({ status: "succeeded" }))).toBe("succeeded");
  });

  it("offers Undo for a stopped database run whose rows have blocks but none finished", () => {
    // Cancelled after a row's blocks were written, before its checkbox was cleared: undo removes those blocks.
    const cancelled = makeRun({ kind: "database", status: "cancelled", rows: [{ rowId: "r", title: "R", state: "written", blockIds: ["b1", "b2"] }] });
    expect(canUndoRun(cancelled)).toBe(true);
    const failedAfterWriting = makeRun({ kind: "database", status: "failed", rows: [{ rowId: "r", title: "R", state: "failed", blockIds: ["b1"] }] });
    expect(canUndoRun(failedAfterWriting)).toBe(true);
    expect(canUndoRun(makeRun({ kind: "database", status: "failed", rows: rows("failed", "pending") }))).toBe(false);
  });

  it("offers Undo for a run whose only row failed with its typed properties update unanswered (the values may be in Notion)", () => {
    const unanswered: RowState = { rowId: "r", title: "R", state: "failed", previousProperties: { Score: { number: 1 } }, writtenProperties: { Score: { number: 7 } } };
    expect(canUndoRun(makeRun({ kind: "database", status: "succeeded", rows: [unanswered] }))).toBe(true);
  });

  it("is active only while running", () => {
    expect((["running", "succeeded", "partial", "failed", "cancelled"] as const).map((status) => isRunActive(makeRun({ status })))).toEqual([true, false, false, false, false]);
    expect(isRunActive(null)).toBe(false);
  });

  it("counts rows by state", () => {
    expect(rowCounts(makeRun({ kind: "database", rows: rows("done", "done", "failed", "skipped", "writing", "pending") }))).toEqual({
      total: 6,
      done: 2,
      failed: 1,
      skipped: 1,
      previewed: 0,
      finished: 4,
      unfinished: 2,
    });
  });

  it("counts a dry run's previewed rows as finished, so the badge stops counting them", () => {
    const run = makeRun({ kind: "database", status: "running", mode: "dry", rows: rows("previewed", "previewed", "generating") });
    expect(rowCounts(run)).toMatchObject({ previewed: 2, finished: 2, unfinished: 1 });
    expect(rowsBeingFilled(run)).toBe(1);
  });

  it("counts every unfinished row of a running database run for the badge, those being written or patched too", () => {
    const run = makeRun({ kind: "database", status: "running", rows: rows("pending", "generating", "generated", "writing", "written", "patching", "done", "failed", "skipped") });
    expect(rowsBeingFilled(run)).toBe(6);
    expect(rowsBeingFilled({ ...run, status: "cancelled" })).toBe(0);
  });
});
