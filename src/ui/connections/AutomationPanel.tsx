import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { Automation, Connection } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { automationStatus } from "./automationText";
import { ScheduleFields } from "./ScheduleFields";
import { useAutomationStates } from "./useAutomationStates";
import { WatchFields } from "./WatchFields";

/** The form's starting values: the saved automation, or a sensible new one for this kind of connection. */
function initialAutomation(connection: Connection): Automation {
  if (connection.automation) return connection.automation;
  if (connection.kind === "page") return { type: "schedule", enabled: false, days: [1, 2, 3, 4, 5], minuteOfDay: 8 * 60, notify: false };
  return { type: "watch", enabled: false, intervalMinutes: 5, match: "ticked", notify: false };
}

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
        <WatchFields draft={draft} setDraft={setDraft} selectionProperty={connection.database?.selectionProperty} emptyProperty={canMatchEmpty ? output.property : undefined} />
      ) : (
        <ScheduleFields draft={draft} setDraft={setDraft} />
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
