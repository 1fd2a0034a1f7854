/**
 * A property value as Notion returned it (pages.retrieve) → the pages.update
 * value that puts it back exactly: what Undo writes after a typed-output run.
 * Generalises rich-text-restore to every type a typed output can write.
 *
 * API:
 *   restorePatchFor(value): RestorePatch | undefined   (undefined: a type Inkwell never writes)
 *   restorePatchesFor(properties, names): Record<name, RestorePatch>   (only the names given)
 */
import { richTextForRequest } from "./rich-text-restore";

export type RestorePatch =
  | { rich_text: Record<string, unknown>[] }
  | { title: Record<string, unknown>[] }
  | { select: { name: string } | null }
  | { status: { name: string } | null }
  | { multi_select: { name: string }[] }
  | { number: number | null }
  | { date: { start: string; end?: string | null; time_zone?: string | null } | null }
  | { checkbox: boolean }
  | { url: string | null }
  | { email: string | null };

type Value = Record<string, unknown>;

const option = (raw: unknown): { name: string } | null => {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === "string" ? { name } : null;
};

const stringOrNull = (raw: unknown): string | null => (typeof raw === "string" ? raw : null);

export function restorePatchFor(value: unknown): RestorePatch | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Value;
  const raw = record[String(record.type)];
  switch (record.type) {
    case "rich_text":
      return { rich_text: richTextForRequest(Array.isArray(raw) ? raw : []) };
    case "title":
      return { title: richTextForRequest(Array.isArray(raw) ? raw : []) };
    case "select":
      return { select: option(raw) };
    case "status":
      return { status: option(raw) };
    case "multi_select":
      return { multi_select: (Array.isArray(raw) ? raw : []).map(option).filter((item): item is { name: string } => item !== null) };
    case "number":
      return { number: typeof raw === "number" && Number.isFinite(raw) ? raw : null };
    case "date": {
      const date = raw as { start?: unknown; end?: unknown; time_zone?: unknown } | null;
      if (!date || typeof date.start !== "string") return { date: null };
      return { date: { start: date.start, end: stringOrNull(date.end), time_zone: stringOrNull(date.time_zone) } };
    }
    case "checkbox":
      return { checkbox: raw === true };
    case "url":
      return { url: stringOrNull(raw) };
    case "email":
      return { email: stringOrNull(raw) };
    default:
      return undefined;
  }
}

/** Restore patches for the properties named (by name, as in `page.properties`); names missing from the page or of other types are left out. */
export function restorePatchesFor(properties: Readonly<Record<string, unknown>>, names: Iterable<string>): Record<string, RestorePatch> {
  const patches: Record<string, RestorePatch> = {};
  for (const name of names) {
    const patch = restorePatchFor(properties[name]);
    if (patch) patches[name] = patch;
  }
  return patches;
}
