import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  afterFailure,
  catchUpScheduledRun,
  countFilled,
  failureEffect,
  FAILURES_BEFORE_PAUSE,
  filledToday,
  initialState,
  isDue,
  latestOccurrence,
  localDay,
  matchFilter,
  nextCheckAt,
  nextOccurrence,
  nextWake,
  resumed,
  rowsToFill,
  selectionProblem,
  settledRows,
  watermarkFor,
} from "../../../src/core/automation";
import { fillDateVariables } from "../../../src/core/template";
import type { AutomationState, DatabaseSettings, Run } from "../../../src/shared/storage/schema";
import { startedRun } from "../../support/runs";

const MINUTE = 60_000;
const body: DatabaseSettings = { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" } };
const property: DatabaseSettings = { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "if_empty" } };

describe("watch timing", () => {
  it("is due at its time (an alarm a moment early counts), never while paused or without a time", () => {
    const state = initialState("c", 10 * MINUTE);
    expect(isDue(state, 10 * MINUTE - 5_000)).toBe(false);
    expect(isDue(state, 10 * MINUTE - 500)).toBe(true);
    expect(isDue({ ...state, paused: { reason: "budget", message: "", at: 0 } }, 20 * MINUTE)).toBe(false);
    expect(isDue({ ...state, nextAt: null }, 20 * MINUTE)).toBe(false);
  });

  it("checks once after a long sleep: the next check counts from now, whatever was missed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1440 }), fc.integer({ min: 0, max: 10_000 }), (interval, missed) => {
        const lastDue = 1_000 * MINUTE;
        const now = lastDue + missed * interval * MINUTE + 7;
        const state = initialState("c", lastDue);
        expect(isDue(state, now)).toBe(true);
        const next = nextCheckAt(now, interval);
        // After that one check, nothing is due again until a whole interval has passed.
        expect(isDue({ ...state, nextAt: next }, now)).toBe(false);
        expect(next - now).toBe(interval * MINUTE);
      }),
    );
  });

  it("wakes for the earliest automation that can run", () => {
    const states: AutomationState[] = [
      initialState("a", 50),
      { ...initialState("b", 10), paused: { reason: "failing", message: "", at: 0 } },
      initialState("c", null),
      initialState("d", 30),
    ];
    expect(nextWake(states)).toBe(30);
    expect(nextWake([])).toBeNull();
  });

  it("leaves a watermark two whole minutes before the check started", () => {
    expect(watermarkFor(Date.parse("2026-12-07T10:05:42.123Z"))).toBe("2026-12-07T10:03:00.000Z");
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 }), (time) => {
        const mark = Date.parse(watermarkFor(time));
        // An edit made at the check's start or later, reported rounded down to its minute, is never before the watermark.
        expect(mark).toBeLessThanOrEqual(time - (time % MINUTE));
        expect(mark % MINUTE).toBe(0);
        expect(time - mark).toBeLessThan(3 * MINUTE);
      }),
    );
  });
});

describe("what matches", () => {
  it("builds the ticked and output-empty filters, narrowed to rows edited since the watermark", () => {
    expect(matchFilter(body, "ticked")).toEqual({ property: "Generate", checkbox: { equals: true } });
    expect(matchFilter(property, "output_empty")).toEqual({ property: "Summary", rich_text: { is_empty: true } });
    expect(matchFilter(property, "output_empty", "2026-12-07T10:03:00.000Z")).toEqual({
      and: [{ property: "Summary", rich_text: { is_empty: true } }, { timestamp: "last_edited_time", last_edited_time: { on_or_after: "2026-12-07T10:03:00.000Z" } }],
    });
  });

  it("refuses 'output is empty' for a connection that writes to the page body", () => {
    expect(selectionProblem(body, "output_empty")).toMatch(/text property/);
    expect(selectionProblem(property, "output_empty")).toBeNull();
    expect(selectionProblem(body, "ticked")).toBeNull();
  });

  it("leaves rows an automatic run finished alone until they are edited after that run", () => {
    const ended = Date.parse("2026-12-07T10:05:30Z");
    const runs: Run[] = [
      startedRun({
        id: "r1",
        targetId: "db",
        trigger: "automatic",
        startedAt: ended - 10_000,
        endedAt: ended,
        rows: [
          { rowId: "failed", title: "", state: "failed" },
          { rowId: "skipped", title: "", state: "skipped" },
          { rowId: "done", title: "", state: "done" },
        ],
      }),
      // A manual run's failures are the user's business: a watch may fill those rows.
      startedRun({ id: "r2", targetId: "db", startedAt: ended, endedAt: ended, rows: [{ rowId: "manual", title: "", state: "failed" }] }),
    ];
    const settled = settledRows(runs);
    expect([...settled.keys()].sort()).toEqual(["done", "failed", "skipped"]);
    const rows = [
      // Our own status write, reported rounded down to 10:05.
      { id: "failed", lastEditedTime: "2026-12-07T10:05:00.000Z" },
      // Edited by someone a minute later.
      { id: "skipped", lastEditedTime: "2026-12-07T10:07:00.000Z" },
      // Filled, yet empty again in the same minute (an empty answer): not filled again at every check.
      { id: "done", lastEditedTime: "2026-12-07T10:05:00.000Z" },
      { id: "manual", lastEditedTime: "2026-12-07T10:05:00.000Z" },
    ];
    expect(rowsToFill(rows, settled).map((row) => row.id)).toEqual(["skipped", "manual"]);
    // After a Resume, earlier runs no longer hold rows back.
    expect(settledRows(runs, ended + 1).size).toBe(0);
  });

  it("takes Inkwell's own last write to a row, on Notion's clock, for the row's settled time when that clock is ahead", () => {
    const ended = Date.parse("2026-12-07T10:05:30Z");
    const runs: Run[] = [
      startedRun({
        id: "r1",
        targetId: "db",
        trigger: "automatic",
        startedAt: ended - 10_000,
        endedAt: ended,
        // Notion's clock is three minutes ahead: it stamped Inkwell's write 10:08.
        rows: [{ rowId: "row", title: "", state: "failed", notionEditedAt: "2026-12-07T10:08:00.000Z" }],
      }),
    ];
    const settled = settledRows(runs);
    expect(rowsToFill([{ id: "row", lastEditedTime: "2026-12-07T10:08:00.000Z" }], settled)).toEqual([]);
    expect(rowsToFill([{ id: "row", lastEditedTime: "2026-12-07T10:09:00.000Z" }], settled).map((row) => row.id)).toEqual(["row"]);
  });

  it("holds back a row any run may have written part of an answer into, however that run ended, until someone edits it", () => {
    const ended = Date.parse("2026-12-07T10:05:30Z");
    const run = (id: string, trigger: Run["trigger"], error: Run["error"], rows: Run["rows"]): Run =>
      startedRun({ id, targetId: "db", ...(trigger ? { trigger } : {}), startedAt: ended - 10_000, endedAt: ended, ...(error ? { error } : {}), rows });
    const runs: Run[] = [
      // The network dropped after the row's answer was written but before it was marked done.
      run("offline", "automatic", { code: "offline", message: "offline" }, [
        { rowId: "written", title: "", state: "failed", blockIds: ["b1"] },
        { rowId: "unreached", title: "", state: "failed" },
      ]),
      // A click's row that failed after some blocks landed; and one that failed before writing anything.
      run("manual", undefined, undefined, [
        { rowId: "partial", title: "", state: "failed", blockIds: ["b2"] },
        { rowId: "nothing", title: "", state: "failed" },
        // Its typed properties update went unanswered: the values may be in Notion.
        { rowId: "typed", title: "", state: "failed", previousProperties: {}, writtenProperties: { Score: { number: 7 } } },
      ]),
    ];
    const settled = settledRows(runs);
    const rows = ["written", "unreached", "partial", "nothing", "typed"].map((id) => ({ id, lastEditedTime: "2026-12-07T10:05:00.000Z" }));
    expect(rowsToFill(rows, settled).map((row) => row.id)).toEqual(["unreached", "nothing"]);
    expect(rowsToFill([{ id: "partial", lastEditedTime: "2026-12-07T10:07:00.000Z" }], settled).map((row) => row.id)).toEqual(["partial"]);
  });
});

describe("pauses", () => {
  it("maps each failure to its effect", () => {
    expect(failureEffect("offline")).toEqual({ type: "skip" });
    expect(failureEffect("budget_reached")).toEqual({ type: "pause", reason: "budget" });
    expect(failureEffect("notion_unauthorized")).toEqual({ type: "pause", reason: "credentials" });
    expect(failureEffect("ai_invalid_key")).toEqual({ type: "pause", reason: "credentials" });
    expect(failureEffect("notion_not_shared")).toEqual({ type: "pause", reason: "target" });
    expect(failureEffect("notion_unavailable")).toEqual({ type: "count" });
  });

  it("pauses on the 3rd failure in a row, never for offline checks, and Resume starts afresh", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("offline", "notion_unavailable", "ai_unavailable"), { maxLength: 12 }), (codes) => {
        let state: AutomationState = { ...initialState("c", 0), watermark: "2026-12-07T10:00:00.000Z" };
        let counted = 0;
        for (const code of codes) {
          state = afterFailure(state, code, "boom", 5);
          if (code !== "offline") counted++;
          expect(state.paused !== undefined).toBe(counted >= FAILURES_BEFORE_PAUSE);
          if (state.paused) break;
        }
        const after = resumed(state, 99);
        expect(after).toMatchObject({ failures: 0, nextAt: 99, resumedAt: 99 });
        expect(after.paused).toBeUndefined();
        expect(after.watermark).toBeUndefined();
      }),
    );
  });

  it("says why it paused, in the error's own words, and what to do", () => {
    const state = afterFailure(initialState("c", 0), "budget_reached", "This month's estimated spend ($5.00) has reached your budget of $5.00.", 7);
    expect(state.paused).toEqual({ reason: "budget", at: 7, message: expect.stringMatching(/^Paused: this month's budget is reached\. This month's .* Raise or remove the budget/) });
  });
});

describe("rows filled today", () => {
  it("counts each automatic run once, and starts again each day", () => {
    const noon = new Date(2026, 11, 7, 12).getTime();
    const run = startedRun({ id: "r", targetId: "db", rows: [{ rowId: "a", title: "", state: "done" }, { rowId: "b", title: "", state: "done" }, { rowId: "c", title: "", state: "failed" }] });
    let state = countFilled(initialState("c", 0), run, noon);
    state = countFilled(state, run, noon);
    expect(filledToday(state, noon)).toBe(2);
    expect(filledToday(state, noon + 24 * 60 * MINUTE)).toBe(0);
    state = countFilled(state, { ...run, id: "r2" }, noon + 24 * 60 * MINUTE);
    expect(filledToday(state, noon + 24 * 60 * MINUTE)).toBe(2);
  });
});

describe("schedules (local time)", () => {
  const weekdaysAt8 = { days: [1, 2, 3, 4, 5], minuteOfDay: 8 * 60 };

  it("runs every weekday at 8:00", () => {
    // Friday 2026-12-04 09:00 → Monday 2026-12-07 08:00.
    expect(nextOccurrence(weekdaysAt8, new Date(2026, 11, 4, 9).getTime())).toBe(new Date(2026, 11, 7, 8).getTime());
    // Monday 07:59 → the same morning.
    expect(nextOccurrence(weekdaysAt8, new Date(2026, 11, 7, 7, 59).getTime())).toBe(new Date(2026, 11, 7, 8).getTime());
    // Exactly at 8:00 → the next weekday (strictly after).
    expect(nextOccurrence(weekdaysAt8, new Date(2026, 11, 7, 8).getTime())).toBe(new Date(2026, 11, 8, 8).getTime());
    expect(nextOccurrence({ days: [], minuteOfDay: 0 }, 0)).toBeNull();
  });

  it("always finds the first matching day and time after the given moment", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (days, minuteOfDay, after) => {
          const next = nextOccurrence({ days, minuteOfDay }, after)!;
          expect(next).toBeGreaterThan(after);
          expect(next - after).toBeLessThanOrEqual(8 * 24 * 60 * MINUTE);
          const at = new Date(next);
          expect(days).toContain(at.getDay());
          // No earlier occurrence lies between `after` and `next`: try every day in between.
          const from = new Date(after);
          for (let offset = 0; offset <= 8; offset++) {
            const day = new Date(from.getFullYear(), from.getMonth(), from.getDate() + offset);
            if (!days.includes(day.getDay())) continue;
            const candidate = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(minuteOfDay / 60), minuteOfDay % 60).getTime();
            expect(candidate <= after || candidate >= next).toBe(true);
          }
        },
      ),
    );
  });

  it("finds the latest occurrence at or before a moment", () => {
    expect(latestOccurrence(weekdaysAt8, new Date(2026, 11, 12, 10).getTime())).toBe(new Date(2026, 11, 11, 8).getTime());
    expect(latestOccurrence(weekdaysAt8, new Date(2026, 11, 7, 8).getTime())).toBe(new Date(2026, 11, 7, 8).getTime());
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (days, minuteOfDay, at) => {
          const latest = latestOccurrence({ days, minuteOfDay }, at)!;
          expect(latest).toBeLessThanOrEqual(at);
          // The next occurrence after it is after `at`: nothing lies in between.
          expect(nextOccurrence({ days, minuteOfDay }, latest)!).toBeGreaterThan(at);
        },
      ),
    );
  });

  it("catches up a missed run only on the same day", () => {
    const due = new Date(2026, 11, 7, 8).getTime();
    expect(catchUpScheduledRun(due, new Date(2026, 11, 7, 13).getTime())).toBe(true);
    expect(catchUpScheduledRun(due, new Date(2026, 11, 8, 7).getTime())).toBe(false);
    expect(catchUpScheduledRun(due, due - 1)).toBe(false);
  });

  it("knows the local day", () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59).getTime())).toBe("2026-01-05");
  });
});

describe("{{today}} in page prompts", () => {
  it("fills the local date, written out and as ISO, and keeps an escaped one literal", () => {
    const monday = new Date(2026, 11, 7, 8);
    expect(fillDateVariables("Briefing for {{today}}. {{ Today }}! \\{{today}}", monday, "en-US")).toBe(
      "Briefing for Monday, December 7, 2026 (2026-12-07). Monday, December 7, 2026 (2026-12-07)! {{today}}",
    );
    expect(fillDateVariables("No date here {{Topic}}", monday, "en-US")).toBe("No date here {{Topic}}");
  });
});
