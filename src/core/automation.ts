/**
 * Watches and schedules, the pure part: when a check is due, what a check asks
 * Notion for, which rows it leaves alone, when an automation pauses itself, and
 * when a scheduled page run happens next (local time). The worker's
 * background/automations/automations.ts does the I/O around these.
 */
import type { ErrorCode } from "./errors";
import { rowCounts } from "./run-view";
import type { AutomationState, DatabaseSettings, PauseReason, RowSelection, Run, ScheduleAutomation } from "../shared/storage/schema";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Failed checks in a row after which a watch pauses. */
export const FAILURES_BEFORE_PAUSE = 3;

/**
 * Notion reports last-edited times rounded down to the minute, and its clock
 * is not ours: a check asks for rows edited since two minutes before the
 * previous complete check started, so no edit falls between two checks.
 */
export const WATERMARK_MARGIN_MS = 2 * MINUTE;

/** An alarm may fire a little early; a check this close to its time counts as due. */
const DUE_TOLERANCE_MS = 1_000;

export function initialState(connectionId: string, nextAt: number | null): AutomationState {
  return { connectionId, nextAt, failures: 0, filledToday: 0 };
}

/** True when the automation should check (or run) now: enabled, not paused, and its time has come. */
export function isDue(state: AutomationState, now: number): boolean {
  return !state.paused && state.nextAt !== null && state.nextAt <= now + DUE_TOLERANCE_MS;
}

/**
 * The next check of a watch, counted from now: a watch that missed many
 * intervals (the browser was closed, the computer slept) checks once, not
 * once per missed interval.
 */
export function nextCheckAt(now: number, intervalMinutes: number): number {
  return now + intervalMinutes * MINUTE;
}

/** When the worker must wake next: the earliest due time of the automations that can run; null for none. */
export function nextWake(states: readonly AutomationState[]): number | null {
  let earliest: number | null = null;
  for (const state of states) {
    if (state.paused || state.nextAt === null) continue;
    if (earliest === null || state.nextAt < earliest) earliest = state.nextAt;
  }
  return earliest;
}

/** The watermark a check that started at `checkStartedAt` leaves for the next one (ISO, whole minutes). */
export function watermarkFor(checkStartedAt: number): string {
  const minute = checkStartedAt - (((checkStartedAt % MINUTE) + MINUTE) % MINUTE);
  return new Date(minute - WATERMARK_MARGIN_MS).toISOString();
}

/** The query filter of a check or a run: the matching rule, and only rows edited since the watermark when there is one. */
export function matchFilter(database: DatabaseSettings, selection: RowSelection, editedSince?: string): Record<string, unknown> {
  const rule =
    selection === "output_empty" && database.output.type === "property"
      ? { property: database.output.property, rich_text: { is_empty: true } }
      : { property: database.selectionProperty, checkbox: { equals: true } };
  if (!editedSince) return rule;
  return { and: [rule, { timestamp: "last_edited_time", last_edited_time: { on_or_after: editedSince } }] };
}

/**
 * What a watch's watermark and settled rows are about: the data source and the
 * matching rule (with its checkbox or output property). A connection edited to
 * another database or column gets a new scope, and its next check looks at every row.
 */
export function watchScope(database: DatabaseSettings, selection: RowSelection): string {
  return JSON.stringify([database.dataSourceId, matchFilter(database, selection)]);
}

/** The state a check starts from: as saved, or, when the watch's scope changed, one that looks at every row again. */
export function inScope(state: AutomationState, scope: string, now: number): AutomationState {
  if (state.watchScope === scope) return state;
  const { watermark: _watermark, ...rest } = state;
  return { ...rest, watchScope: scope, resumedAt: now };
}

/** Why a watch can't use the "output is empty" rule, or null when it can. */
export function selectionProblem(database: DatabaseSettings, selection: RowSelection): string | null {
  if (selection === "output_empty" && database.output.type !== "property") {
    return "“Output is empty” needs the answer written to a text property: choose one in the connection's output, or match ticked rows.";
  }
  return null;
}

/**
 * Rows that earlier automatic runs finished (filled, failed or skipped), and rows
 * any run (manual too) may have written part of an answer into, with
 * when that run ended. A check leaves such a row alone until someone edits it
 * after that: a row that can't be filled, or whose answer came back empty and
 * so still matches "is empty", would otherwise cost an AI call at every check.
 * Notion reports edit times in whole minutes, so an edit within the same
 * minute as the run's end is noticed at the row's next edit.
 * Runs started before `since` (the last Resume) don't count, so Resume retries them.
 */
export function settledRows(runs: readonly Run[], since = 0): Map<string, number> {
  const settled = new Map<string, number>();
  for (const run of runs) {
    if (run.endedAt === undefined) continue;
    const automatic = run.trigger === "automatic" && run.startedAt >= since;
    // A run the network stopped left its other rows unfilled for no reason of theirs: the next check tries them again.
    const interrupted = run.error?.code === "offline";
    for (const row of run.rows ?? []) {
      // Part of an answer may already be in Notion (any run, however it ended): filling the row again would write
      // a second answer, so it waits for someone's edit like a filled row. A typed properties update that went
      // unanswered (the written values are kept from just before it was sent) may have landed too.
      const wrote = (row.blockIds?.length ?? 0) > 0 || row.writtenProperties !== undefined || row.state === "writing" || row.state === "written" || row.state === "patching";
      const handled = automatic && (row.state === "done" || (!interrupted && (row.state === "failed" || row.state === "skipped")));
      if (!wrote && !handled) continue;
      // Inkwell's own write to the row, on Notion's clock (it may run ahead of ours), is not someone's edit either.
      const ownEdit = row.notionEditedAt ? Date.parse(row.notionEditedAt) : Number.NaN;
      // Undo's own writes (the previous text back) are not someone's edit either: an undone fill stays undone.
      settled.set(row.rowId, Math.max(settled.get(row.rowId) ?? 0, run.endedAt, run.undoneAt ?? 0, Number.isFinite(ownEdit) ? ownEdit : 0));
    }
  }
  return settled;
}

/**
 * A connection's settled rows, each moved to the latest time Inkwell itself
 * last wrote to it through another connection's automatic run (`others`, from
 * settledRows of those runs): two connections watching the same rows would
 * otherwise take each other's writes for someone's edit, and fill a row that
 * keeps matching for both by turns, at every check.
 */
export function withOthersWrites(own: ReadonlyMap<string, number>, others: ReadonlyMap<string, number>): Map<string, number> {
  const settled = new Map(own);
  for (const [rowId, at] of own) settled.set(rowId, Math.max(at, others.get(rowId) ?? 0));
  return settled;
}

/** The rows a check hands to a run: those not settled, or edited since they were. */
export function rowsToFill<T extends { id: string; lastEditedTime?: string | undefined }>(rows: readonly T[], settled: ReadonlyMap<string, number>): T[] {
  return rows.filter((row) => {
    const settledAt = settled.get(row.id);
    if (settledAt === undefined) return true;
    const edited = row.lastEditedTime ? Date.parse(row.lastEditedTime) : Number.NaN;
    return Number.isFinite(edited) && edited > settledAt;
  });
}

/** What a failed check (or automatic run) means for the watch. */
export type FailureEffect = { type: "pause"; reason: PauseReason } | { type: "skip" } | { type: "count" };

export function failureEffect(code: ErrorCode | string): FailureEffect {
  switch (code) {
    case "offline":
      // Checking again once online costs nothing; the next alarm does it.
      return { type: "skip" };
    case "budget_reached":
      return { type: "pause", reason: "budget" };
    case "notion_unauthorized":
    case "ai_invalid_key":
    case "ai_quota_exhausted":
    case "not_configured":
    case "ai_permission_needed":
      return { type: "pause", reason: "credentials" };
    case "notion_not_shared":
    case "connection_deleted":
      return { type: "pause", reason: "target" };
    case "cancelled":
      return { type: "pause", reason: "cancelled" };
    default:
      return { type: "count" };
  }
}

const PAUSE_HEADLINES: Record<PauseReason, string> = {
  budget: "Paused: this month's budget is reached.",
  credentials: "Paused: the AI key or the Notion token stopped working.",
  failing: `Paused: ${FAILURES_BEFORE_PAUSE} checks in a row failed.`,
  target: "Paused: the database or page was deleted, or is no longer shared with the integration.",
  cancelled: "Paused: you cancelled its run.",
};

const PAUSE_FIXES: Record<PauseReason, string> = {
  budget: "Raise or remove the budget in the Usage tab, then press Resume.",
  credentials: "Fix the key or token in Settings, then press Resume.",
  failing: "Check the error, fix it, then press Resume.",
  target: "Restore it or share it with the integration again, then press Resume.",
  cancelled: "Press Resume to let it fill rows again.",
};

/** The message shown on a paused connection: what happened, the error's own words, and what to do. */
export function pauseMessage(reason: PauseReason, detail?: string): string {
  return [PAUSE_HEADLINES[reason], detail?.trim(), PAUSE_FIXES[reason]].filter(Boolean).join(" ");
}

/** The state after a check or an automatic run failed with `code`. */
export function afterFailure(state: AutomationState, code: string, message: string, now: number): AutomationState {
  const effect = failureEffect(code);
  if (effect.type === "skip") return state;
  if (effect.type === "pause") return { ...state, paused: { reason: effect.reason, message: pauseMessage(effect.reason, message), at: now } };
  const failures = state.failures + 1;
  if (failures < FAILURES_BEFORE_PAUSE) return { ...state, failures };
  return { ...state, failures, paused: { reason: "failing", message: pauseMessage("failing", message), at: now } };
}

/**
 * After an automatic run the network stopped: the next check looks at every
 * matching row again (no watermark), so the rows the run didn't reach, edited
 * before the last check, are found and filled.
 */
export function afterInterruptedRun(state: AutomationState): AutomationState {
  const { watermark: _watermark, ...rest } = state;
  return rest;
}

/** Resume: checks again at once, looks at every row again, and retries what earlier automatic runs skipped. */
export function resumed(state: AutomationState, now: number): AutomationState {
  const { paused: _paused, watermark: _watermark, ...rest } = state;
  return { ...rest, failures: 0, nextAt: now, resumedAt: now };
}

/** "2026-12-07": the local calendar day of `time`. */
export function localDay(time: number): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** Adds an automatic run's filled rows to today's count, once per run (a resumed run ends only once, but be sure). */
export function countFilled(state: AutomationState, run: Run, now: number): AutomationState {
  if (state.countedRunIds?.includes(run.id)) return state;
  const filled = run.kind === "page" ? (run.blocksWritten > 0 ? 1 : 0) : rowCounts(run).done;
  const day = localDay(now);
  const base = state.filledDay === day ? state.filledToday : 0;
  return { ...state, filledDay: day, filledToday: base + filled, countedRunIds: [...(state.countedRunIds ?? []), run.id].slice(-20) };
}

/** Rows filled today for the list (a count from another day reads as 0). */
export function filledToday(state: AutomationState, now: number): number {
  return state.filledDay === localDay(now) ? state.filledToday : 0;
}

/** The schedule's first occurrence strictly after `after` (local time); null when it has no days. */
export function nextOccurrence(schedule: Pick<ScheduleAutomation, "days" | "minuteOfDay">, after: number): number | null {
  if (schedule.days.length === 0) return null;
  const start = new Date(after);
  // Eight days always reach every weekday once more (today's time may have passed).
  for (let offset = 0; offset <= 8; offset++) {
    const day = new Date(start.getFullYear(), start.getMonth(), start.getDate() + offset);
    if (!schedule.days.includes(day.getDay())) continue;
    // The Date constructor moves a time a DST change skips to the next valid one.
    const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(schedule.minuteOfDay / 60), schedule.minuteOfDay % 60).getTime();
    if (at > after) return at;
  }
  return null;
}

/** The schedule's latest occurrence at or before `atOrBefore` (within the last 8 days); null for none. */
export function latestOccurrence(schedule: Pick<ScheduleAutomation, "days" | "minuteOfDay">, atOrBefore: number): number | null {
  const start = new Date(atOrBefore);
  for (let offset = 0; offset <= 8; offset++) {
    const day = new Date(start.getFullYear(), start.getMonth(), start.getDate() - offset);
    if (!schedule.days.includes(day.getDay())) continue;
    const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(schedule.minuteOfDay / 60), schedule.minuteOfDay % 60).getTime();
    if (at <= atOrBefore) return at;
  }
  return null;
}

/**
 * A scheduled run that came due while the browser was closed runs once when it
 * opens, but only on the same local day: yesterday's briefing is not wanted
 * today, and a week away doesn't add seven runs.
 */
export function catchUpScheduledRun(dueAt: number, now: number): boolean {
  return dueAt <= now && localDay(dueAt) === localDay(now) && now - dueAt < DAY;
}
