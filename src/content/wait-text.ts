/**
 * "Notion asked Inkwell to wait 42 s (workspace limit)" for the toast. The
 * content script bundles nothing from outside src/content, so this copies
 * src/core/wait-notice.ts (a unit test keeps the two identical).
 */
import type { RunSummary } from "../shared/protocol/types";

export function waitText(untilMs: number, nowMs: number, scope?: RunSummary["waitingScope"]): string {
  // Written out rather than as a table: the content script has a byte budget.
  const label = scope === "overload" ? "Notion is overloaded" : scope === "connection" || scope === "workspace" ? scope + " limit" : "";
  return `Notion asked Inkwell to wait ${Math.max(1, Math.ceil((untilMs - nowMs) / 1000))} s${label ? ` (${label})` : ""}`;
}
