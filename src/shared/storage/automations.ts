/**
 * Watched databases and scheduled page runs: a connection's automation and
 * the worker's state for it (automation:<connectionId>). Part of the storage
 * schema (./schema.ts re-exports it).
 */

/** How a database run (or a watch's check) picks its rows. */
export type RowSelection = "ticked" | "output_empty";

/** Watch intervals, in minutes: Chrome runs alarms at most about every 30 s, and a day is the longest useful gap. */
export const WATCH_MIN_MINUTES = 1;
export const WATCH_MAX_MINUTES = 24 * 60;

/** A database connection that fills matching rows on its own, checking every `intervalMinutes`. */
export interface WatchAutomation {
  type: "watch";
  enabled: boolean;
  intervalMinutes: number;
  /** "ticked": the selection checkbox is ticked; "output_empty": the output property is empty (property output only). */
  match: RowSelection;
  /** Show a notification after each automatic run (needs the optional "notifications" permission). */
  notify: boolean;
}

/** A page connection that runs at a local time on chosen weekdays ("every weekday at 8:00"). */
export interface ScheduleAutomation {
  type: "schedule";
  enabled: boolean;
  /** Days of the week it runs on, 0 = Sunday … 6 = Saturday (local time), sorted, at least one. */
  days: number[];
  /** Minutes after local midnight, e.g. 480 for 8:00. */
  minuteOfDay: number;
  notify: boolean;
}

export type Automation = WatchAutomation | ScheduleAutomation;

/** Why an automation stopped by itself; it waits for the user's Resume. */
export type PauseReason = "budget" | "credentials" | "failing" | "target" | "cancelled";

/**
 * The worker's bookkeeping for one connection's automation, under
 * automation:<connectionId> (never edited by the UI, so it can't clash with an
 * edit of the connection). Everything the next check needs survives a stopped
 * worker: a check that didn't reach `lastCheckAt` simply happens again.
 */
export interface AutomationState {
  connectionId: string;
  /** When the next check (or scheduled run) is due, ms. */
  nextAt: number | null;
  lastCheckAt?: number;
  /** What the last check found, for the list ("Nothing new", "3 rows to fill"…). */
  lastResult?: string;
  /**
   * Rows last edited before this (ISO, minute-rounded as Notion reports it)
   * were seen by an earlier complete check and handed to a run: checks ask
   * only for rows edited since. Absent = the next check looks at every row.
   */
  watermark?: string;
  /** What `watermark` and the settled rows are about (core/automation.ts watchScope): another scope looks at every row. */
  watchScope?: string;
  /** Failed checks in a row (offline ones don't count); the 3rd pauses. */
  failures: number;
  paused?: { reason: PauseReason; message: string; at: number };
  /** Runs started before this are ignored when choosing rows (Resume retries what earlier runs skipped). */
  resumedAt?: number;
  /** Rows filled by automatic runs on `filledDay` (local "2026-12-07"). */
  filledDay?: string;
  filledToday: number;
  /** Automatic runs already counted in `filledToday` (their ids), so a run is counted once. */
  countedRunIds?: string[];
}

export const AUTOMATION_KEY_PREFIX = "automation:";
export const automationKey = (connectionId: string) => `${AUTOMATION_KEY_PREFIX}${connectionId}`;
