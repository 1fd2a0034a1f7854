import type { DatabaseDraft } from "./databaseDraft";
import type { SendPreviewState } from "./useSendPreview";

export const EMPTY_PROMPT_MESSAGE = "Write a prompt first.";
/** "Try on the first rows" runs this many. */
export const TRY_ROWS = 3;
export const noRowsMessage = (selection: string) => `No rows are ticked. Tick the “${selection}” checkbox on the rows to generate.`;

export type DatabaseBlock = "" | "busy" | "selection" | "rows" | "template";

/** Why a database can't be generated into right now (beyond an empty prompt), if it can't. */
export function databaseBlock(database: DatabaseDraft, preview: SendPreviewState, inspecting: boolean): DatabaseBlock {
  const { selectionProperty, preview: rows } = database.inspection;
  if (inspecting) return "busy";
  if (!database.selectionProperty || !selectionProperty) return "selection";
  if (rows.tickedCount === 0 && !rows.tickedCountIsLowerBound) return "rows";
  if (preview.state === "error" && preview.blocking) return "template";
  return "";
}
