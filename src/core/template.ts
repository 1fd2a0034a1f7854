/**
 * Prompt templates for database runs: `Write a post about {{Topic}} for {{Audience}}.`
 *
 * Syntax
 * - `{{Name}}` is a placeholder. The name is trimmed; the name may contain any
 *   character except `{` (`{{a}b}}` names "a}b"), including line breaks.
 * - `\{{` is a literal `{{` (the backslash is removed): `\{{Topic}}` → `{{Topic}}`.
 *   Only a backslash directly before `{{` is special; there is no way to write a
 *   literal backslash directly before a placeholder (add a space).
 * - Not a placeholder, kept as written: an unclosed `{{`, an empty `{{ }}`, and
 *   a `{{` whose content runs into another `{` (`{{a {{b}}` → "{{a " then `{{b}}`;
 *   `{{{b}}}` → "{" + b + "}").
 * - Values are inserted as they are, once: a value containing `{{x}}` is not expanded.
 *
 * Name matching (validation and filling)
 * - Case-insensitive and whitespace-tolerant: leading/trailing whitespace is
 *   ignored and inner runs of whitespace count as one space (`{{ due   date }}`
 *   matches "Due Date"). An exact (case-sensitive) match wins over a
 *   case-insensitive one, for databases with both "Name" and "name".
 * - `{{title}}` (any case) is the row's title whatever the title property is
 *   called. A real property named "Title" wins over the alias (what the user
 *   sees in the database is what they meant).
 * - `{{Page content}}` (any case and spacing) is the row's body as Markdown,
 *   read for each row (and cut to the connection's cap) only when the
 *   template uses it. A real property of that name wins, as for the title.
 *
 * Filling a row: skip reasons, checked in this order
 * 1. A placeholder names a property that is not in the row (renamed or deleted
 *    since setup) → "Property “X” no longer exists in the database." (X as written).
 * 2. The template uses the title (`{{title}}`, or the title property by its own
 *    name) and the row's title is blank → "The row has no title."
 * 3. Every placeholder is blank → "All the fields the prompt uses are empty."
 * Otherwise blank values fill as "" (not a skip). Values are trimmed. A template
 * without placeholders fills to itself (every row gets the same prompt: the UI
 * warns, see `templateUsesRowData`).
 */
import { propertyToText, type PropertyValue } from "./property-text";

/** A piece of a parsed template: literal text, or a placeholder (`name` trimmed, `raw` as written). */
export type TemplateSegment = { kind: "text"; text: string } | { kind: "placeholder"; name: string; raw: string };

/** A database row as far as templates are concerned (a `PageObjectResponse` fits). */
export interface TemplateRow {
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

export type TemplateValidation = { ok: true } | { ok: false; unknown: string[]; message: string };

export type FilledTemplate = { ok: true; prompt: string } | { ok: false; reason: string };

/** The placeholder that always means the row's title. */
export const TITLE_PLACEHOLDER = "title";
/** The placeholder that stands for the row's body (as Markdown). */
export const PAGE_CONTENT_PLACEHOLDER = "page content";

/** What a row provides beyond its properties. */
export interface TemplateExtras {
  /** The row's body as Markdown (already cut), for `{{Page content}}`. */
  pageContent?: string;
}

export const EMPTY_TEMPLATE_MESSAGE = "Write a prompt first.";
export const NO_TITLE_REASON = "The row has no title.";
export const ALL_EMPTY_REASON = "All the fields the prompt uses are empty.";

/** At most this many names are listed after "Available:". */
const MAX_LISTED_NAMES = 30;

/** Split a template into literal text and placeholders (see the syntax at the top of the file). */
export function tokenizeTemplate(template: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("\\{{", i)) {
      text += "{{";
      i += 3;
      continue;
    }
    if (template.startsWith("{{", i)) {
      const close = template.indexOf("}}", i + 2);
      const inner = close === -1 ? "" : template.slice(i + 2, close);
      if (close !== -1 && !inner.includes("{") && inner.trim() !== "") {
        if (text !== "") segments.push({ kind: "text", text });
        text = "";
        segments.push({ kind: "placeholder", name: inner.trim(), raw: template.slice(i, close + 2) });
        i = close + 2;
        continue;
      }
      // Not a placeholder: keep one "{" and look again from the next character.
      text += "{";
      i += 1;
      continue;
    }
    text += template.charAt(i);
    i += 1;
  }
  if (text !== "") segments.push({ kind: "text", text });
  return segments;
}

/** The key names are compared by: trimmed, inner whitespace collapsed, NFC, lower case. */
function matchKey(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** The same without lower-casing, for the exact match that wins. */
function exactKey(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** The placeholder names of a template, trimmed, each once (first spelling kept), in order of appearance. */
export function parseTemplate(template: string): { placeholders: string[] } {
  const seen = new Set<string>();
  const placeholders: string[] = [];
  for (const segment of tokenizeTemplate(template)) {
    if (segment.kind !== "placeholder") continue;
    const key = matchKey(segment.name);
    if (seen.has(key)) continue;
    seen.add(key);
    placeholders.push(segment.name);
  }
  return { placeholders };
}

/**
 * The properties among `names` a template reads, matched as fillTemplate matches them
 * (the title alias aside: the caller always asks for the title). Used to ask Notion for
 * just these properties of each row.
 */
export function propertiesReadBy(template: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  for (const segment of tokenizeTemplate(template)) {
    if (segment.kind !== "placeholder") continue;
    const name = findName(segment.name, names);
    if (name !== undefined) found.add(name);
  }
  return [...found];
}

/** Whether the template uses any row data (false: every row gets the same prompt). */
export function templateUsesRowData(template: string): boolean {
  return parseTemplate(template).placeholders.length > 0;
}

/** The name among `names` that `placeholder` refers to: exact match first, then case-insensitive. */
function findName(placeholder: string, names: readonly string[]): string | undefined {
  const exact = exactKey(placeholder);
  const found = names.find((name) => exactKey(name) === exact);
  if (found !== undefined) return found;
  const key = matchKey(placeholder);
  return names.find((name) => matchKey(name) === key);
}

function isTitleAlias(placeholder: string): boolean {
  return matchKey(placeholder) === TITLE_PLACEHOLDER;
}

function isPageContentAlias(placeholder: string): boolean {
  return matchKey(placeholder) === PAGE_CONTENT_PLACEHOLDER;
}

/** Whether the template uses `{{Page content}}` as the row's body (not a property of that name among `names`). */
export function usesPageContent(template: string, names: readonly string[]): boolean {
  return tokenizeTemplate(template).some((segment) => segment.kind === "placeholder" && isPageContentAlias(segment.name) && findName(segment.name, names) === undefined);
}

/** Levenshtein distance, for "did you mean" (short strings only). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The available name closest to a misspelt placeholder, if it is close enough to be a likely typo. */
function suggestion(unknown: string, available: readonly string[]): string | undefined {
  const key = matchKey(unknown);
  if (key.length > 60) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of available) {
    const distance = editDistance(key, matchKey(name));
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.max(1, Math.floor(key.length / 4));
  return best !== undefined && best.distance <= allowed ? best.name : undefined;
}

/** `{{title}}` then the property names, each once, in the order given. */
function availableNames(propertyNames: readonly string[]): string[] {
  const names = [TITLE_PLACEHOLDER];
  const seen = new Set([TITLE_PLACEHOLDER]);
  for (const name of propertyNames) {
    const key = matchKey(name);
    if (key === "" || name.includes("{") || seen.has(key)) continue;
    seen.add(key);
    names.push(name.trim());
  }
  return names;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => `{{${name}}}`);
  return names.length > MAX_LISTED_NAMES ? `${shown.join(", ")}, … (${names.length - MAX_LISTED_NAMES} more)` : shown.join(", ");
}

/**
 * Check a template against the database's property names (at setup and before a run).
 * Message example: `Unknown placeholder {{Topik}}. Did you mean {{Topic}}? Available: {{title}}, {{Topic}}, {{Audience}}.`
 */
export function validateTemplate(template: string, propertyNames: readonly string[]): TemplateValidation {
  if (template.trim() === "") return { ok: false, unknown: [], message: EMPTY_TEMPLATE_MESSAGE };
  const unknown = parseTemplate(template).placeholders.filter((name) => !isTitleAlias(name) && !isPageContentAlias(name) && findName(name, propertyNames) === undefined);
  if (unknown.length === 0) return { ok: true };

  const available = availableNames(propertyNames);
  const head = `Unknown placeholder${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => `{{${name}}}`).join(", ")}.`;
  const guess = unknown.length === 1 && unknown[0] !== undefined ? suggestion(unknown[0], available) : undefined;
  const hint = guess === undefined ? "" : ` Did you mean {{${guess}}}?`;
  return { ok: false, unknown, message: `${head}${hint} Available: ${listNames(available)}.` };
}

/** The name of the row's title property (the one of type "title"), if the row has one. */
function titlePropertyName(row: TemplateRow): string | undefined {
  return Object.keys(row.properties).find((name) => row.properties[name]?.type === "title");
}

/** The plain text of the row's title property, trimmed ("" when there is none). */
export function rowTitle(row: TemplateRow): string {
  const name = titlePropertyName(row);
  const value = name === undefined ? undefined : row.properties[name];
  return value === undefined ? "" : propertyToText(value).trim();
}

/** Fill a template from a row, or say why the row should be skipped (rules at the top of the file). */
export function fillTemplate(template: string, row: TemplateRow, extras: TemplateExtras = {}): FilledTemplate {
  const segments = tokenizeTemplate(template);
  const names = Object.keys(row.properties);
  const titleName = titlePropertyName(row);

  const values = new Map<string, string>(); // by placeholder as written
  let usesTitle = false;
  for (const segment of segments) {
    if (segment.kind !== "placeholder" || values.has(segment.name)) continue;
    const name = findName(segment.name, names);
    const value = name === undefined ? undefined : row.properties[name];
    if (value !== undefined && name !== undefined) {
      if (name === titleName) usesTitle = true;
      values.set(segment.name, propertyToText(value).trim());
    } else if (isTitleAlias(segment.name)) {
      usesTitle = true;
      values.set(segment.name, rowTitle(row));
    } else if (isPageContentAlias(segment.name)) {
      values.set(segment.name, (extras.pageContent ?? "").trim());
    } else {
      return { ok: false, reason: `Property “${segment.name}” no longer exists in the database.` };
    }
  }

  if (usesTitle && rowTitle(row) === "") return { ok: false, reason: NO_TITLE_REASON };
  if (values.size > 0 && [...values.values()].every((value) => value === "")) return { ok: false, reason: ALL_EMPTY_REASON };

  const prompt = segments.map((segment) => (segment.kind === "text" ? segment.text : (values.get(segment.name) ?? ""))).join("");
  return { ok: true, prompt };
}

/** The date placeholder of page prompts: `{{today}}` (any case and spacing), unless escaped as `\{{today}}`. */
const TODAY_PLACEHOLDER = /(\\?)\{\{\s*today\s*\}\}/gi;

/**
 * Fills `{{today}}` in a page prompt with the local date, written out and as
 * ISO ("Monday, December 7, 2026 (2026-12-07)"), so a scheduled briefing knows
 * its day. `\{{today}}` stays a literal `{{today}}`.
 */
export function fillDateVariables(prompt: string, now: Date, locale?: string): string {
  const iso = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const written = new Intl.DateTimeFormat(locale, { dateStyle: "full" }).format(now);
  return prompt.replace(TODAY_PLACEHOLDER, (match, escape: string) => (escape ? match.slice(1) : `${written} (${iso})`));
}
