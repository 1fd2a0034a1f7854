/** Which connections can have which automation: a watch belongs to a database connection, a schedule to a page connection. */
import { selectionProblem } from "../../core/automation";
import { InkwellError } from "../../core/errors";
import type { Automation, Connection } from "../../shared/storage/schema";

/** Whether a connection's automation can run as stored (a later edit may have made it unfit). */
export function fits(connection: Connection): boolean {
  const automation = connection.automation;
  if (!automation) return false;
  if (automation.type === "schedule") return connection.kind === "page";
  return connection.kind === "database" && connection.database !== undefined && selectionProblem(connection.database, automation.match) === null;
}

/** Refuses, with the reason, an automation the connection can't have. */
export function assertFits(connection: Connection, automation: Automation): void {
  if (automation.type === "watch") {
    if (connection.kind !== "database" || !connection.database) throw new InkwellError("invalid_input", "Only a database connection can watch for new rows; a page connection can run on a schedule.");
    const problem = selectionProblem(connection.database, automation.match);
    if (problem) throw new InkwellError("invalid_input", problem);
  } else if (connection.kind !== "page") {
    throw new InkwellError("invalid_input", "Only a page connection runs on a schedule; a database connection can watch for new rows.");
  }
}
