/**
 * Whether a typed write that may have landed (its answer lost, then the worker stopped) is on the row,
 * from the row as read again. The update is all or nothing, so the row holds either the saved previous
 * values or the written ones; anything else means the user edited the row since, and sending the update
 * again would overwrite their edit.
 *
 * API:
 *   typedWriteState(current, patches, previous): "written" | "not-written" | "edited"
 *     `current`: restore patches of the row now (core/property-restore `restorePatchesFor`), `previous`:
 *     those saved before the first attempt, `patches`: what the write sends.
 *   stillWritten(current, patches): string[]
 *     The properties that still hold what the write wrote (Undo puts back only those: an edit made
 *     since is the user's).
 */
import type { RestorePatch } from "./property-restore";
import type { PropertyPatch } from "./typed-output";

type Loose = Record<string, unknown>;

const plainText = (items: unknown): string =>
  (Array.isArray(items) ? items : []).map((item) => String(((item as Loose)?.text as Loose | undefined)?.content ?? "")).join("");

const optionName = (value: unknown): string | null => ((value as Loose | null)?.name as string | undefined) ?? null;

/**
 * Notion answers a date-time in its own form ("2026-12-24T10:00:00.000+00:00" for "2026-12-24T10:00Z"),
 * so date-times compare as instants (one without an offset is UTC, as Notion reads it); dates as text.
 */
function sameDate(a: string, b: string): boolean {
  if (a === b) return true;
  const instant = (text: string) => (text.includes("T") ? Date.parse(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`) : Number.NaN);
  const [x, y] = [instant(a), instant(b)];
  return !Number.isNaN(x) && x === y;
}

/** Whether the row's value (as a restore patch) is what `patch` writes. */
function holds(current: RestorePatch | undefined, patch: PropertyPatch): boolean {
  if (!current) return false;
  const now = current as Loose;
  const sent = patch as Loose;
  const type = Object.keys(sent)[0]!;
  if (!(type in now)) return false;
  switch (type) {
    case "rich_text":
    case "title":
      return plainText(now[type]) === plainText(sent[type]);
    case "select":
    case "status":
      return optionName(now[type]) === optionName(sent[type]);
    case "multi_select": {
      const names = (list: unknown) => (Array.isArray(list) ? list : []).map(optionName).join("\u0000");
      return names(now[type]) === names(sent[type]);
    }
    case "date": {
      const date = now.date as { start?: string; end?: string | null } | null;
      return date?.start !== undefined && sameDate(date.start, (sent.date as { start: string }).start) && (date.end ?? null) === null;
    }
    default:
      return now[type] === sent[type];
  }
}

export function stillWritten(current: Readonly<Record<string, RestorePatch>>, patches: Readonly<Record<string, PropertyPatch>>): string[] {
  return Object.keys(patches).filter((name) => holds(current[name], patches[name]!));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function typedWriteState(
  current: Readonly<Record<string, RestorePatch>>,
  patches: Readonly<Record<string, PropertyPatch>>,
  previous: Readonly<Record<string, RestorePatch>>,
): "written" | "not-written" | "edited" {
  const names = Object.keys(patches);
  if (names.every((name) => holds(current[name], patches[name]!))) return "written";
  if (names.every((name) => same(current[name], previous[name]))) return "not-written";
  return "edited";
}
