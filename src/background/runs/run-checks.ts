/** The checks and small helpers of a database run: what the connection relies on, and which errors stop every row. */
import { InkwellError } from "../../core/errors";
import { validateTemplate } from "../../core/template";
import { currentNotionAccess } from "../../notion/access";
import type { PropertySummary } from "../../shared/protocol/types";
import type { Connection, DatabaseSettings } from "../../shared/storage/schema";

/** Errors after which no other row can succeed either: the run stops cleanly and the remaining rows stay ticked. */
export const RUN_STOPPERS = new Set(["ai_invalid_key", "ai_quota_exhausted", "ai_model_not_found", "ai_unsupported", "notion_unauthorized", "notion_block_limit", "not_configured", "offline", "storage_failed"]);

/** Every property the connection uses must still exist with a usable type. */
export function checkSchema(schema: PropertySummary[], connection: Connection & { database: DatabaseSettings }): void {
  const names = schema.map((property) => property.name);
  const typeOf = (name: string) => schema.find((property) => property.name === name)?.type;
  const { selectionProperty, output, statusProperty } = connection.database;
  const available = `Available: ${names.map((name) => `“${name}”`).join(", ")}. Open the connection and choose again.`;
  if (typeOf(selectionProperty) !== "checkbox") {
    throw new InkwellError("invalid_input", `The checkbox “${selectionProperty}” no longer exists in the database (renamed or deleted?). ${available}`);
  }
  if (output.type === "property" && typeOf(output.property) !== "rich_text") {
    throw new InkwellError("invalid_input", `The text property “${output.property}” no longer exists in the database (renamed or deleted?). ${available}`);
  }
  if (statusProperty && !["status", "select"].includes(typeOf(statusProperty) ?? "")) {
    throw new InkwellError("invalid_input", `The status property “${statusProperty}” no longer exists in the database (renamed or deleted?). ${available}`);
  }
  const template = validateTemplate(connection.prompt, names);
  if (!template.ok) throw new InkwellError("invalid_input", template.message);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** A row Notion can't find: gone, or out of the token's sight (unshared from the integration, or the PAT's person lost access). */
export function rowNotFoundReason(): string {
  return currentNotionAccess()?.kind === "personal"
    ? "The row was deleted, or you no longer have access to it in Notion."
    : "The row was deleted, or is no longer shared with the integration.";
}
