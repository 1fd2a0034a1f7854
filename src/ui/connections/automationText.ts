import { filledToday } from "../../core/automation";
import type { AutomationState, Connection } from "../../shared/storage/schema";
import { relativeTime } from "./model";

/** "in 3 min", "in 2 h", "at 08:00 on Mon 8 Dec". */
export function untilText(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000);
  if (minutes <= 0) return "now";
  if (minutes < 60) return `in ${minutes} min`;
  if (minutes < 24 * 60) return `in ${Math.round(minutes / 60)} h`;
  return `on ${new Date(at).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}`;
}

export type AutomationStatus = { kind: "off" | "active" | "paused"; text: string };

/**
 * The watch's state for the list and the details: active with its last and
 * next check and the rows filled today, or paused with the reason.
 */
export function automationStatus(connection: Connection, state: AutomationState | undefined, now: number): AutomationStatus | null {
  const automation = connection.automation;
  if (!automation) return null;
  if (!automation.enabled) return { kind: "off", text: `${automation.type === "watch" ? "Watch" : "Schedule"} off` };
  if (state?.paused) return { kind: "paused", text: state.paused.message };
  const parts = [automation.type === "watch" ? "Watching" : "Scheduled"];
  if (state?.lastCheckAt !== undefined) parts.push(`last ${automation.type === "watch" ? "check" : "run"} ${relativeTime(state.lastCheckAt, now)}`);
  if (state?.nextAt != null) parts.push(`next ${untilText(state.nextAt, now)}`);
  const filled = state ? filledToday(state, now) : 0;
  parts.push(automation.type === "watch" ? `${filled} ${filled === 1 ? "row" : "rows"} filled today` : `${filled} ${filled === 1 ? "run" : "runs"} today`);
  return { kind: "active", text: parts.join(" · ") };
}
