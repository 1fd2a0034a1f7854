import { parseTemplate } from "../../../core/template";

/**
 * The worker's numbers, copied: importing them would put the save schema
 * (worker only) or the Markdown parser into the popup. A unit test holds them equal.
 * Bounds as connection.save accepts them (MIN/MAX_CONTENT_CAP_CHARS):
 */
export const CONTENT_CAP_MIN = 500;
export const CONTENT_CAP_MAX = 400_000;
/** The cap a connection gets when it sets none (DEFAULT_CONTENT_CAP_CHARS), shown when the field is empty. */
export const CONTENT_CAP_DEFAULT = 20_000;

const count = (value: number) => value.toLocaleString("en-US");

/** "12,000 characters ≈ 3,000 tokens" for the cap as typed (the default when empty), or why it isn't a cap. */
export function describeCap(typed: string): { ok: boolean; text: string } {
  const trimmed = typed.trim().replace(/[,\s]/g, "");
  const chars = trimmed ? Number(trimmed) : CONTENT_CAP_DEFAULT;
  if (!Number.isInteger(chars) || chars < CONTENT_CAP_MIN || chars > CONTENT_CAP_MAX) {
    return { ok: false, text: `Use a whole number of characters from ${count(CONTENT_CAP_MIN)} to ${count(CONTENT_CAP_MAX)}, or leave it empty for ${count(CONTENT_CAP_DEFAULT)}.` };
  }
  // About 4 characters a token for English (core's estimateTokens; other scripts take more per character).
  const tokens = Math.ceil(chars / 4);
  return { ok: true, text: `${trimmed ? "" : "Default: "}${count(chars)} characters ≈ ${count(tokens)} tokens of English text.` };
}

/** The placeholder that stands for a row's body (any case and spacing). */
export const PAGE_CONTENT_PLACEHOLDER = "{{Page content}}";

/** Whether a database template sends the row's body. */
export const usesPageContent = (template: string): boolean =>
  parseTemplate(template).placeholders.some((name) => name.replace(/\s+/g, " ").toLowerCase() === "page content");
