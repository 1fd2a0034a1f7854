/** How run progress words a wait Notion asked for. Tiny on purpose: the content script's toast uses it too. */
import type { RateLimitScope } from "../shared/storage/schema";

/** Which limit, as the user reads it: "workspace limit"; nothing when Notion didn't say. */
export function scopeLabel(scope: RateLimitScope | undefined): string | undefined {
  switch (scope) {
    case "connection":
      return "connection limit";
    case "workspace":
      return "workspace limit";
    case "overload":
      return "Notion is overloaded";
    default:
      return undefined;
  }
}

/** "Notion asked Inkwell to wait 42 s (workspace limit)": run progress while a Retry-After lasts. */
export function waitNotice(untilMs: number, nowMs: number, scope?: RateLimitScope): string {
  const label = scopeLabel(scope);
  return `Notion asked Inkwell to wait ${Math.max(1, Math.ceil((untilMs - nowMs) / 1000))} s${label ? ` (${label})` : ""}`;
}
