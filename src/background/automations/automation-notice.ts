import browser from "webextension-polyfill";
import { rowCounts } from "../../core/run-view";
import type { Connection, Run } from "../../shared/storage/schema";

/** The notification's text for an automatic run that ended. */
export function automaticRunSummary(connection: Pick<Connection, "name" | "kind">, run: Pick<Run, "status" | "rows" | "error" | "blocksWritten">): { title: string; message: string } {
  const title = `Inkwell: ${connection.name}`;
  if (run.status === "failed") return { title, message: `The automatic run failed: ${run.error?.message ?? "see the connection in Inkwell."}` };
  if (run.status === "cancelled") return { title, message: "The automatic run was cancelled." };
  if (connection.kind === "page") return { title, message: `The scheduled run wrote ${run.blocksWritten} ${run.blocksWritten === 1 ? "block" : "blocks"}.` };
  const { done, failed, skipped } = rowCounts(run);
  const parts = [`${done} ${done === 1 ? "row" : "rows"} filled automatically`];
  if (failed) parts.push(`${failed} failed`);
  if (skipped) parts.push(`${skipped} skipped`);
  return { title, message: `${parts.join(", ")}.` };
}

/** Shows the summary, only if the user granted the optional "notifications" permission (asked from their click). */
export async function notifyAutomaticRun(connection: Connection, run: Run): Promise<void> {
  if (!(await browser.permissions.contains({ permissions: ["notifications"] }))) return;
  const { title, message } = automaticRunSummary(connection, run);
  await browser.notifications.create(`inkwell-run-${run.id}`, {
    type: "basic",
    iconUrl: browser.runtime.getURL("icons/icon-128.png"),
    title,
    message,
  });
}
