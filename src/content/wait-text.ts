/**
 * "Notion asked Inkwell to wait 42 s (workspace limit)" for the toast. The
 * content script bundles nothing from outside src/content, so this copies
 * src/core/wait-notice.ts (a unit test keeps the two identical).
 */
import type { RunSummary } from "../shared/protocol";

const LABELS: Partial<Record<NonNullable<RunSummary["waitingScope"]>, string>> = {
  connection: "connection limit",
  workspace: "workspace limit",
  overload: "Notion is overloaded",
};

export function waitText(untilMs: number, nowMs: number, scope?: RunSummary["waitingScope"]): string {
  const label = scope ? LABELS[scope] : undefined;
  return `Notion asked Inkwell to wait ${Math.max(1, Math.ceil((untilMs - nowMs) / 1000))} s${label ? ` (${label})` : ""}`;
}
