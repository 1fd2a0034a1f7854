/**
 * The per-type checks of validate.ts: what Notion accepts for each property
 * type, with a reason in words when a value is not accepted.
 */
import { MAX_BLOCK_CONTENT_BYTES, MAX_RICH_TEXT_CONTENT_LENGTH, MAX_RICH_TEXT_ITEMS } from "../markdown/limits";
import { chunkRichText, splitText } from "../markdown/split-rich-text";
import type { RichTextItem } from "../markdown/types";

/** Notion: URL property values. */
export const MAX_URL_LENGTH = 2000;
/** Notion: e-mail (and phone) property values. */
export const MAX_EMAIL_LENGTH = 200;
/** Notion: a select option's name. */
export const MAX_OPTION_NAME_LENGTH = 100;
/**
 * Numbers: Notion stores doubles but shows and filters them exactly only up to
 * 2^53 − 1; beyond that a value would be silently rounded, so it is refused.
 */
export const MAX_NUMBER_MAGNITUDE = Number.MAX_SAFE_INTEGER;

/** A value as the model gave it, for messages: `the text "12"`, `the number 12`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `the text ${quoteText(value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : typeof value;
}

/** A string quoted for a message, cut to a readable length. */
export function quoteText(text: string, max = 60): string {
  return JSON.stringify([...text].length > max ? `${[...text].slice(0, max).join("")}…` : text);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether `text` is an ISO 8601 date or date-time Notion accepts as a date
 * property's `start`, and a real one (no 30 February, no 25:00, offsets within
 * ±14:00). A time without an offset is kept as is: Notion reads it in the
 * workspace's time zone.
 */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return true;
}

/** An e-mail address as forms check it: one @, no spaces, a dot in the domain. */
export function isEmail(text: string): boolean {
  return text.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(text);
}

/** An absolute http(s) URL that Notion can open. */
export function isWebUrl(text: string): boolean {
  if (text.length > MAX_URL_LENGTH || /\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A name Notion accepts for a new select option. */
export function isOptionName(name: string): boolean {
  return name !== "" && !name.includes(",") && [...name].length <= MAX_OPTION_NAME_LENGTH;
}

/**
 * Plain text as a rich_text property value: cut into items of at most 2000
 * characters with the converter's splitter (never inside a surrogate pair);
 * undefined when it needs more than one rich_text array (100 items, and the
 * converter's byte budget for one array).
 */
export function textToRichText(text: string): { type: "text"; text: { content: string } }[] | undefined {
  if (text === "") return [];
  const items = splitText(text, MAX_RICH_TEXT_CONTENT_LENGTH).map((content) => ({ type: "text" as const, text: { content } }));
  const chunks = chunkRichText(items as RichTextItem[], MAX_RICH_TEXT_ITEMS, MAX_BLOCK_CONTENT_BYTES);
  return chunks.length === 1 ? items : undefined;
}
