import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { WATCH_MAX_MINUTES, WATCH_MIN_MINUTES, type Automation, type Connection, type RowSelection } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { automationStatus } from "./automationText";
import { useAutomationStates } from "./useAutomationStates";

const INTERVALS: ReadonlyArray<[number, string]> = [
  [1, "1 minute"],
  [5, "5 minutes"],
  [15, "15 minutes"],
  [30, "30 minutes"],
  [60, "1 hour"],
  [180, "3 hours"],
  [360, "6 hours"],
  [720, "12 hours"],
  [1440, "24 hours"],
];
const DAYS: ReadonlyArray<[number, string]> = [
  [1, "Mon"],
  [2, "Tue"],
  [3, "Wed"],
  [4, "Thu"],
  [5, "Fri"],
  [6, "Sat"],
  [0, "Sun"],
];

/** The form's starting values: the saved automation, or a sensible new one for this kind of connection. */
function initialAutomation(connection: Connection): Automation {
  if (connection.automation) return connection.automation;
  if (connection.kind === "page") return { type: "schedule", enabled: false, days: [1, 2, 3, 4, 5], minuteOfDay: 8 * 60, notify: false };
  return { type: "watch", enabled: false, intervalMinutes: 5, match: "ticked", notify: false };
}

const timeText = (minuteOfDay: number) => `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;

/**
 * "Runs on its own" in a connection's details: a database connection's watch
 * ("Fill new rows automatically") or a page connection's schedule, its state
 * (active, or paused with the reason and Resume), and what happens while the
 * browser is closed.
 *
 * Stable hooks for tests: #automation, #automation-enabled, #automation-interval,
 * #automation-match, #automation-notify, #automation-time, "Save automation",
 * #automation-state (data-kind active|paused|off), "Resume", #automation-status.
 */
export function AutomationPanel({ connection }: { connection: Connection }) {
  const [draft, setDraft] = useState<Automation>(() => initialAutomation(connection));
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const [busy, setBusy] = useState(false);
  const { states, now } = useAutomationStates([connection.id]);
  const state = states.get(connection.id);
  const saved = JSON.stringify(connection.automation ?? null);
  useEffect(() => setDraft(initialAutomation(connection)), [saved]);

  const output = connection.database?.output;
  const canMatchEmpty = output?.type === "property";
  const current = automationStatus(connection, state, now);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setStatus({ text: "" });
    try {
      setStatus({ text: await work() });
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    act(async () => {
      await request("automation.set", { connectionId: connection.id, automation: draft });
      if (!draft.enabled) return "Saved: it runs only when you click.";
      return draft.type === "watch" ? "Saved: checking now, then at every interval while the browser is open." : "Saved: it runs at the next scheduled time while the browser is open.";
    });
  const resume = () =>
    act(async () => {
      await request("automation.resume", { connectionId: connection.id });
      return "Resumed.";
    });

  // Asked for from this click (browsers grant optional permissions only from a user gesture).
  const setNotify = async (on: boolean) => {
    if (on) {
      const granted = await browser.permissions.request({ permissions: ["notifications"] }).catch(() => false);
      if (!granted) {
        setStatus({ text: "Notifications were not allowed, so Inkwell can't show them. The watch works without them.", error: true });
        return;
      }
    }
    setDraft({ ...draft, notify: on });
  };

  return (
    <section id="automation" aria-labelledby="automation-heading" class="stack">
      <h3 id="automation-heading">Runs on its own</h3>
      {current && (
        <p id="automation-state" data-kind={current.kind} class={current.kind === "paused" ? "error" : "muted"}>
          {current.text}{" "}
          {current.kind === "paused" && (
            <button type="button" class="small" aria-label={`Resume the ${draft.type}`} onClick={() => void resume()} disabled={busy}>
              Resume
            </button>
          )}
        </p>
      )}
      <label class="toggle">
        <input
          id="automation-enabled"
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => setDraft({ ...draft, enabled: (event.target as HTMLInputElement).checked })}
        />
        {draft.type === "watch" ? "Fill new rows automatically" : "Run on a schedule"}
      </label>
      {draft.type === "watch" ? (
        <div class="row">
          <label>
            Check every{" "}
            <select
              id="automation-interval"
              value={String(draft.intervalMinutes)}
              onChange={(event) => {
                const minutes = Number((event.target as HTMLSelectElement).value);
                setDraft({ ...draft, intervalMinutes: Math.min(WATCH_MAX_MINUTES, Math.max(WATCH_MIN_MINUTES, minutes)) });
              }}
            >
              {INTERVALS.map(([minutes, label]) => (
                <option key={minutes} value={String(minutes)}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Fill rows where{" "}
            <select id="automation-match" value={draft.match} onChange={(event) => setDraft({ ...draft, match: (event.target as HTMLSelectElement).value as RowSelection })}>
              <option value="ticked">“{connection.database?.selectionProperty}” is ticked</option>
              {canMatchEmpty && <option value="output_empty">“{output.property}” is empty</option>}
            </select>
          </label>
        </div>
      ) : (
        <div class="row">
          <fieldset class="days">
            <legend>Days</legend>
            {DAYS.map(([day, label]) => (
              <label key={day} class="toggle">
                <input
                  type="checkbox"
                  checked={draft.days.includes(day)}
                  onChange={(event) => {
                    const on = (event.target as HTMLInputElement).checked;
                    const days = on ? [...draft.days, day] : draft.days.filter((other) => other !== day);
                    setDraft({ ...draft, days: [...new Set(days)].sort() });
                  }}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <label>
            At{" "}
            <input
              id="automation-time"
              type="time"
              value={timeText(draft.minuteOfDay)}
              onChange={(event) => {
                const [hours, minutes] = (event.target as HTMLInputElement).value.split(":").map(Number);
                if (Number.isInteger(hours) && Number.isInteger(minutes)) setDraft({ ...draft, minuteOfDay: hours! * 60 + minutes! });
              }}
            />
          </label>
        </div>
      )}
      <label class="toggle">
        <input id="automation-notify" type="checkbox" checked={draft.notify} onChange={(event) => void setNotify((event.target as HTMLInputElement).checked)} />
        Show a notification after each automatic run
      </label>
      <p class="hint">
        {draft.type === "watch"
          ? "Inkwell checks only while the browser is open; each check that finds nothing costs no AI call. After the browser was closed, it checks once when it opens, not once per missed interval."
          : "Inkwell runs it only while the browser is open. A run missed while the browser was closed runs once when it opens the same day; an older one is skipped. Use {{today}} in the prompt for the date."}
      </p>
      <div class="row">
        <button type="button" onClick={() => void save()} disabled={busy || (draft.type === "schedule" && draft.days.length === 0)}>
          Save automation
        </button>
        {status.text && (
          <span id="automation-status" role={status.error ? "alert" : "status"} class={status.error ? "error" : "muted"}>
            {status.text}
          </span>
        )}
      </div>
    </section>
  );
}
