import type { NotionClient } from "../../notion/client";
import type { Storage } from "webextension-polyfill";
import {
  afterFailure,
  afterInterruptedRun,
  catchUpScheduledRun,
  countFilled,
  initialState,
  inScope,
  isDue,
  latestOccurrence,
  matchFilter,
  nextCheckAt,
  nextOccurrence,
  nextWake,
  resumed,
  rowsToFill,
  settledRows,
  watchScope,
  watermarkFor,
  withOthersWrites,
} from "../../core/automation";
import { InkwellError, toInkwellError } from "../../core/errors";
import { redactSecrets } from "../../core/redact";
import { queryMatchingRows } from "../../notion/databases";
import {
  type Automation,
  type AutomationState,
  type Connection,
  type DatabaseSettings,
  type Run,
  type WatchAutomation,
} from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import type { AutomaticStart } from "../runs/run-manager";
import { assertFits, fits } from "./automation-fit";
import { AutomationStates } from "./automation-states";
import { othersRecentRuns, recentRuns } from "./recent-runs";

/** The one alarm that wakes the worker for the earliest due watch check or scheduled run. */
export const AUTOMATION_ALARM = "inkwell-automations";

/**
 * A check reads at most two pages (200 rows). More matching rows are left for
 * the next check: the watermark stays, and the filled rows no longer match.
 */
const CHECK_ROW_LIMIT = 200;

/** After a watch's state couldn't be saved (storage full), when it is tried again. */
const STORAGE_RETRY_MS = 60_000;

/** A scheduled run that was due this long ago still runs without being a catch-up (the worker was slow to wake). */
const SCHEDULE_GRACE_MS = 5 * 60_000;

export interface AutomationDeps {
  /** storage.local: states live under automation:<connectionId>. */
  area: Storage.StorageArea;
  records: RecordStore;
  runs: {
    start(connectionId: string, rowLimit: number | undefined, automatic: AutomaticStart): Promise<Run>;
    hasRunOn(targetId: string): Promise<boolean>;
  };
  notionToken: () => Promise<string>;
  notion: (token: string) => NotionClient;
  /** True once this month's budget is reached (an automatic run that hit it pauses its watch). */
  budgetReached?: () => Promise<boolean>;
  alarms?: { create(name: string, info: { when: number }): unknown; clear(name: string): unknown };
  /** Shows a notification when the user turned them on for the connection (and granted the permission). */
  notify?: (connection: Connection, run: Run) => Promise<void>;
  secretValues?: () => Promise<readonly string[]>;
  /** A check failed (already scrubbed): the diagnostics error log. Offline checks are not reported. */
  onCheckFailed?: (error: { code: string; message: string }) => void;
  now?: () => number;
}

/**
 * Watches (database connections checked on an interval) and schedules (page
 * connections run at a local time). One alarm wakes the worker for whichever is
 * due first; each wake-up does what is due once, so a browser that was closed
 * for a day checks once, not once per missed interval. Runs start through the
 * RunManager like a click: same rate budget, monthly budget and one run per
 * target. Every state change is saved before the next step, and a check that
 * stops halfway simply happens again: rows already handed to a run are in that
 * run's record, which the next check consults, so nothing is filled twice.
 */
export class Automations {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly stored: AutomationStates;

  constructor(private readonly deps: AutomationDeps) {
    this.now = deps.now ?? Date.now;
    this.stored = new AutomationStates(deps.area);
  }

  /** Does what is due (at start-up too: the one catch-up), then sets the alarm for the next. */
  tick(): Promise<void> {
    return this.serial(async () => {
      const connections = (await this.deps.records.listConnections()).filter((connection) => connection.automation?.enabled && fits(connection));
      const states = await this.stored.read(connections.map((connection) => connection.id));
      try {
        for (const connection of connections) {
          let state = states.get(connection.id) ?? initialState(connection.id, this.firstTime(connection.automation!));
          try {
            if (!states.has(connection.id)) await this.stored.save(state);
            if (isDue(state, this.now())) state = await this.runDue(connection, state);
          } catch (error) {
            // A state that can't be saved (storage full) is reported, the other watches still get their turn, and
            // this one is tried again in a minute rather than at every wake-up.
            const failure = toInkwellError(error);
            this.deps.onCheckFailed?.({ code: failure.code, message: redactSecrets(failure.message, (await this.deps.secretValues?.()) ?? []) });
            state = { ...state, nextAt: this.now() + STORAGE_RETRY_MS };
          }
          states.set(connection.id, state);
        }
      } finally {
        // Whatever failed, the next alarm is set: alarms are one-shot, and without it no watch would run again.
        await this.arm([...states.values()].filter((state) => connections.some((connection) => connection.id === state.connectionId)));
      }
    });
  }

  /** Turns a connection's watch or schedule on, changes it, or (null) removes it. */
  async configure(connectionId: string, automation: Automation | null): Promise<Connection> {
    const connection = await this.deps.records.getConnection(connectionId);
    if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
    if (automation) assertFits(connection, automation);
    const saved = await this.deps.records.setAutomation(connectionId, automation ?? undefined);
    await this.serial(async () => {
      const previous = (await this.stored.read([connectionId])).get(connectionId);
      if (!automation || !automation.enabled) {
        if (previous) await this.stored.save({ ...previous, nextAt: null });
        return;
      }
      // A change made by the user is their answer to a pause: start again from a clean state.
      const base = previous ? resumed(previous, this.now()) : initialState(connectionId, null);
      await this.stored.save({ ...base, nextAt: this.firstTime(automation) });
    });
    await this.tick();
    return saved;
  }

  /** Resume after a pause: checks (or schedules) again at once, looking at every row. */
  async resume(connectionId: string): Promise<AutomationState> {
    const connection = await this.deps.records.getConnection(connectionId);
    if (!connection?.automation) throw new InkwellError("invalid_input", "This connection doesn't run on its own.");
    await this.serial(async () => {
      const state = (await this.stored.read([connectionId])).get(connectionId) ?? initialState(connectionId, null);
      const next = resumed(state, this.now());
      await this.stored.save(connection.automation!.type === "schedule" ? { ...next, nextAt: this.firstTime(connection.automation!) } : next);
    });
    await this.tick();
    return (await this.stored.read([connectionId])).get(connectionId)!;
  }

  /** After any run ended: an automatic one counts its rows, may pause its watch, and may notify. */
  async runEnded(run: Run): Promise<void> {
    if (run.trigger !== "automatic") return;
    const connection = await this.deps.records.getConnection(run.connectionId);
    await this.serial(async () => {
      let state = (await this.stored.read([run.connectionId])).get(run.connectionId) ?? initialState(run.connectionId, null);
      state = countFilled(state, run, this.now());
      if (run.status === "cancelled") state = afterFailure(state, "cancelled", "", this.now());
      else if (run.error?.code === "offline") {
        // Unlike an offline check, this run found rows it couldn't fill: they are tried again, and the failure
        // counts, so an AI server that stays unreachable pauses the watch instead of a new run at every check.
        state = afterFailure(afterInterruptedRun(state), "run_interrupted", run.error.message, this.now());
      } else if (run.error) state = afterFailure(state, run.error.code, run.error.message, this.now());
      else if ((await this.deps.budgetReached?.()) && run.rows?.some((row) => row.state === "skipped")) {
        state = afterFailure(state, "budget_reached", run.notice ?? "", this.now());
      } else state = { ...state, failures: 0 };
      await this.stored.save(state);
    });
    if (connection?.automation?.notify) await this.deps.notify?.(connection, run).catch(() => undefined);
  }

  /** Every automation state, for the lists. */
  states(): Promise<AutomationState[]> {
    return this.stored.all();
  }

  private async runDue(connection: Connection, state: AutomationState): Promise<AutomationState> {
    const automation = connection.automation!;
    const now = this.now();
    if (automation.type === "schedule") {
      // Of the times missed while the browser was closed, only the latest counts (once, and only on its own day).
      const dueAt = Math.max(state.nextAt ?? now, latestOccurrence(automation, now) ?? 0);
      const next = { ...state, nextAt: nextOccurrence(automation, now), lastCheckAt: now };
      if (now - dueAt > SCHEDULE_GRACE_MS && !catchUpScheduledRun(dueAt, now)) {
        return this.stored.save({ ...next, lastResult: "Skipped: the browser was closed at that time." });
      }
      return this.stored.save(await this.startRun(connection, next, undefined, next));
    }
    // Edited to another database, rule or column since the last check: what earlier checks and runs saw says nothing about it.
    state = inScope(state, watchScope(connection.database!, automation.match), now);
    const after = { ...state, nextAt: nextCheckAt(now, automation.intervalMinutes), lastCheckAt: now };
    if (await this.deps.runs.hasRunOn(connection.targetId)) {
      // Never a second run into a target: this check waits for the next interval (nothing is lost, the watermark stays).
      return this.stored.save({ ...after, lastResult: "Skipped: a run into this database was going." });
    }
    try {
      const found = await this.check(connection as Connection & { database: DatabaseSettings }, automation, state);
      const settled = found.rows.length === 0 ? new Map<string, number>() : withOthersWrites(settledRows(await recentRuns(this.deps.records, connection), state.resumedAt), settledRows(await othersRecentRuns(this.deps.records, connection)));
      const rows = rowsToFill(found.rows, settled);
      const watermark = found.complete ? watermarkFor(now) : state.watermark;
      const checked = { ...after, ...(watermark ? { watermark } : {}) };
      if (rows.length === 0) return this.stored.save({ ...checked, failures: 0, lastResult: "Nothing new to fill." });
      // A check that hands rows to a run succeeded only once that run does: its end (runEnded) resets or counts
      // the failures, so runs that fail every time pause the watch after three instead of starting forever.
      const automatic: AutomaticStart = { trigger: "automatic", selection: automation.match, rows: rows.map((row) => ({ rowId: row.id, title: row.title })) };
      // If the run doesn't start, the watermark stays where it was: the next check finds these rows again.
      return this.stored.save(await this.startRun(connection, checked, automatic, after));
    } catch (error) {
      return this.stored.save(await this.failed(after, error));
    }
  }

  /** One filtered query (a second page only past 100 rows): the matching rows edited since the last complete check. */
  private async check(connection: Connection & { database: DatabaseSettings }, watch: WatchAutomation, state: AutomationState) {
    const client = this.deps.notion(await this.deps.notionToken());
    const database = connection.database;
    const page = await queryMatchingRows(client, database.dataSourceId, matchFilter(database, watch.match, state.watermark), database.selectionProperty, CHECK_ROW_LIMIT);
    return { rows: page.rows, complete: page.rows.length < CHECK_ROW_LIMIT && !page.hitResultCap };
  }

  private async startRun(connection: Connection, state: AutomationState, automatic: AutomaticStart | undefined, notStarted: AutomationState): Promise<AutomationState> {
    try {
      const run = await this.deps.runs.start(connection.id, undefined, automatic ?? { trigger: "automatic" });
      const count = run.rows?.length;
      return { ...state, lastResult: count === undefined ? "Started a scheduled run." : `Filling ${count} ${count === 1 ? "row" : "rows"}.` };
    } catch (error) {
      const failure = toInkwellError(error);
      // A click got there first: its run fills the rows; the next check sees what is left.
      if (failure.code === "invalid_input" && /already running/.test(failure.message)) return { ...notStarted, lastResult: "Skipped: a run into this target was going." };
      return this.failed(notStarted, failure);
    }
  }

  private async failed(state: AutomationState, error: unknown): Promise<AutomationState> {
    const failure = toInkwellError(error);
    const message = redactSecrets(failure.message, (await this.deps.secretValues?.()) ?? []);
    const next = afterFailure(state, failure.code, message, this.now());
    if (failure.code !== "offline") this.deps.onCheckFailed?.({ code: failure.code, message });
    return { ...next, lastResult: failure.code === "offline" ? "Skipped: offline." : `Check failed: ${message}` };
  }

  private firstTime(automation: Automation): number | null {
    if (!automation.enabled) return null;
    // A new watch checks at once; a schedule waits for its first time.
    return automation.type === "watch" ? this.now() : nextOccurrence(automation, this.now());
  }

  private async arm(states: AutomationState[]): Promise<void> {
    const wake = nextWake(states);
    if (wake === null) await this.deps.alarms?.clear(AUTOMATION_ALARM);
    // Chrome runs an alarm 30 s from now at the earliest; an overdue one fires as soon as it may.
    else await this.deps.alarms?.create(AUTOMATION_ALARM, { when: Math.max(wake, this.now() + 1_000) });
  }

  /** One automation task at a time: a tick, a Resume and a run's end never interleave their read-modify-writes. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
