/**
 * Data source schemas and page property values. Values are stored by property
 * id, so renaming a column never touches rows; the JSON by name is built on the
 * way out. Checks and messages follow Notion's ("Done is expected to be
 * checkbox.", "Title is not a property that exists.").
 */
import { dateInTimeZone } from "./date-time-zone";
import { bodyInvalid, shown, validation } from "./errors";
import { newPropertyId, normalizeId } from "./ids";
import { checkRichText, checkString, isObject, LIMITS, oneOf } from "./limits";
import { richTextFromRequest, type MentionText, type RichTextItem } from "./rich-text";
import type { Json, PageRec, PropertyDef } from "./store";

/** Property types a schema may declare (PropertyConfigurationRequest in the SDK). */
export const PROPERTY_TYPES = [
  "title", "rich_text", "number", "select", "multi_select", "status", "date", "people", "files", "checkbox", "url",
  "email", "phone_number", "formula", "relation", "rollup", "created_time", "created_by", "last_edited_time",
  "last_edited_by", "unique_id", "button", "place", "verification", "last_visited_time", "location",
] as const;

/** Types whose value Notion computes; writing them is refused. */
const READ_ONLY = new Set(["formula", "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id", "button", "last_visited_time"]);

const COLORS = ["default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"];

/** The one property of a plain (non-row) page. */
export const PAGE_TITLE: PropertyDef = { id: "title", name: "title", type: "title", config: {}, description: null };

/** The type a config or value object names: its `type`, or else its one type key. */
function typeKey(obj: Json, ignore: readonly string[]): string | undefined {
  if (typeof obj.type === "string") return obj.type;
  return Object.keys(obj).find((key) => !ignore.includes(key));
}

// ---------------------------------------------------------------- schema

/** Builds a property definition from a request config (`{ checkbox: {} }`, `{ select: { options } }`, ...). */
export function propertyFromRequest(name: string, raw: unknown, path: string, taken: Set<string>, existing?: PropertyDef): PropertyDef {
  if (!isObject(raw)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(raw)}\`.`);
  const type = typeKey(raw, ["type", "name", "description", "id"]) ?? existing?.type;
  if (type === undefined || !(PROPERTY_TYPES as readonly string[]).includes(type)) {
    throw bodyInvalid(`${path}.type should be ${oneOf(PROPERTY_TYPES)}, instead was \`${shown(type)}\`.`);
  }
  const given = raw[type];
  const config = isObject(given) ? given : {};
  const id = existing?.id ?? (type === "title" ? "title" : newPropertyId(taken));
  const description = typeof raw.description === "string" ? raw.description : (existing?.description ?? null);
  const keep = existing && existing.type === type ? existing.config : undefined;
  return { id, name, type, description, config: configFor(type, config, keep) };
}

function configFor(type: string, given: Json, previous: Json | undefined): Json {
  switch (type) {
    case "number":
      return { format: typeof given.format === "string" ? given.format : ((previous?.format as string) ?? "number") };
    case "select":
    case "multi_select":
      return { options: optionsFrom(given.options, previous?.options) };
    case "status":
      return statusConfig(given.options, previous);
    case "formula":
      return { expression: typeof given.expression === "string" ? given.expression : ((previous?.expression as string) ?? "") };
    case "unique_id":
      return { prefix: typeof given.prefix === "string" ? given.prefix : null };
    case "relation": {
      const dataSourceId = normalizeId(given.data_source_id) ?? null;
      const kind = given.dual_property !== undefined ? "dual_property" : "single_property";
      return { data_source_id: dataSourceId, database_id: normalizeId(given.database_id) ?? null, type: kind, [kind]: given[kind] ?? {} };
    }
    case "rollup":
      return { ...given };
    default:
      return {};
  }
}

interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: string | null;
}

function optionsFrom(given: unknown, previous: unknown): SelectOption[] {
  const old = Array.isArray(previous) ? (previous as SelectOption[]) : [];
  if (!Array.isArray(given)) return old;
  const taken = new Set(old.map((o) => o.id));
  return given.filter(isObject).map((o) => {
    const match = old.find((p) => (o.id !== undefined && p.id === o.id) || (o.name !== undefined && p.name === o.name));
    return {
      id: match?.id ?? newPropertyId(taken),
      name: String(o.name ?? match?.name ?? ""),
      color: typeof o.color === "string" ? o.color : (match?.color ?? "default"),
      description: typeof o.description === "string" ? o.description : (match?.description ?? null),
    };
  });
}

/** Status options in Notion's three groups; the first option is the default of new rows. */
function statusConfig(given: unknown, previous: Json | undefined): Json {
  if (previous && !Array.isArray(given)) return previous;
  const defaults = [
    { name: "Not started", color: "default" },
    { name: "In progress", color: "blue" },
    { name: "Done", color: "green" },
  ];
  const options = optionsFrom(Array.isArray(given) && given.length > 0 ? given : defaults, previous?.options);
  const taken = new Set(options.map((o) => o.id));
  const last = options.length - 1;
  const group = (name: string, color: string, pick: (i: number) => boolean) => ({
    id: newPropertyId(taken),
    name,
    color,
    option_ids: options.filter((_, i) => pick(i)).map((o) => o.id),
  });
  return {
    options,
    groups: [group("To-do", "gray", (i) => i === 0), group("In progress", "blue", (i) => i > 0 && i < last), group("Complete", "green", (i) => i === last && i > 0)],
  };
}

export function schemaJson(schema: readonly PropertyDef[]): Json {
  const out: Json = {};
  for (const def of schema) out[def.name] = { id: def.id, name: def.name, description: def.description, type: def.type, [def.type]: def.config };
  return out;
}

/** A property by name, else by id (requests may use either). */
export function findProperty(schema: readonly PropertyDef[], key: string): PropertyDef | undefined {
  return schema.find((p) => p.name === key) ?? schema.find((p) => p.id === key || decodeURIComponent(p.id) === key);
}

// ---------------------------------------------------------------- values

/** The value a new row starts with. */
export function defaultValue(def: PropertyDef): unknown {
  switch (def.type) {
    case "title":
    case "rich_text":
    case "multi_select":
    case "people":
    case "files":
    case "relation":
      return [];
    case "checkbox":
      return false;
    case "status": {
      const first = (def.config.options as SelectOption[] | undefined)?.[0];
      return first ? { id: first.id, name: first.name, color: first.color } : null;
    }
    default:
      return null;
  }
}

export interface ValueContext {
  mentionText: MentionText;
  /**
   * Where select options the request introduces are collected, so a request
   * that fails later on changes no schema; the caller adds them on commit
   * (`commitOptions`). Absent: options are added to the schema at once (seeding).
   */
  newOptions?: { def: PropertyDef; option: SelectOption }[];
}

/** Adds the select options collected while reading a request to their schemas. */
export function commitOptions(ctx: ValueContext): void {
  for (const { def, option } of ctx.newOptions ?? []) ((def.config.options ??= []) as SelectOption[]).push(option);
  ctx.newOptions = [];
}

/**
 * Converts one request value (`{ checkbox: true }`, `{ rich_text: [...] }`, ...)
 * for `def`; may add select options to `def` (Notion creates unknown select
 * and multi_select options on write). Throws Notion's validation errors.
 */
export function valueFromRequest(def: PropertyDef, raw: unknown, path: string, ctx: ValueContext): unknown {
  if (!isObject(raw)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(raw)}\`.`);
  const key = typeKey(raw, ["type", "id", "name"]);
  if (key !== def.type) throw validation(`${def.name} is expected to be ${def.type}.`);
  if (READ_ONLY.has(def.type)) throw validation(`${def.name} is a ${def.type} property, which is read-only and cannot be written.`);
  const value = raw[key];
  const at = `${path}.${key}`;
  switch (def.type) {
    case "title":
    case "rich_text":
      checkRichText(value, at);
      return richTextFromRequest(value, ctx.mentionText);
    case "number":
      if (value !== null && (typeof value !== "number" || !Number.isFinite(value))) throw bodyInvalid(`${at} should be a number or \`null\`, instead was \`${shown(value)}\`.`);
      return value;
    case "checkbox":
      if (typeof value !== "boolean") throw bodyInvalid(`${at} should be a boolean, instead was \`${shown(value)}\`.`);
      return value;
    case "url":
      if (value === null) return null;
      checkString(value, at, LIMITS.url);
      return value;
    case "email":
    case "phone_number":
      if (value === null) return null;
      checkString(value, at, LIMITS.emailOrPhone);
      return value;
    case "select":
      return value === null ? null : selectOption(def, value, at, true, ctx);
    case "status":
      return value === null ? null : selectOption(def, value, at, false, ctx);
    case "multi_select": {
      if (!Array.isArray(value)) throw bodyInvalid(`${at} should be an array, instead was \`${shown(value)}\`.`);
      if (value.length > LIMITS.arrayItems) throw bodyInvalid(`${at}.length should be ≤ \`${LIMITS.arrayItems}\`, instead was \`${value.length}\`.`);
      return value.map((item, i) => selectOption(def, item, `${at}[${i}]`, true, ctx));
    }
    case "date": {
      if (value === null) return null;
      if (!isObject(value)) throw bodyInvalid(`${at} should be an object or \`null\`, instead was \`${shown(value)}\`.`);
      if (typeof value.start !== "string" || Number.isNaN(Date.parse(value.start))) {
        throw bodyInvalid(`${at}.start should be a valid ISO 8601 date string, instead was \`${shown(value.start)}\`.`);
      }
      const end = typeof value.end === "string" ? value.end : null;
      if (typeof value.time_zone !== "string") return { start: value.start, end, time_zone: null };
      return dateInTimeZone(value.start, end, value.time_zone, at);
    }
    case "people":
    case "relation": {
      if (!Array.isArray(value)) throw bodyInvalid(`${at} should be an array, instead was \`${shown(value)}\`.`);
      if (value.length > LIMITS.arrayItems) throw bodyInvalid(`${at}.length should be ≤ \`${LIMITS.arrayItems}\`, instead was \`${value.length}\`.`);
      return value.map((item, i) => {
        const id = normalizeId(isObject(item) ? item.id : undefined);
        if (id === undefined) throw bodyInvalid(`${at}[${i}].id should be a valid uuid, instead was \`${shown(isObject(item) ? item.id : item)}\`.`);
        return def.type === "people" ? { object: "user", id } : { id };
      });
    }
    case "files":
      if (!Array.isArray(value)) throw bodyInvalid(`${at} should be an array, instead was \`${shown(value)}\`.`);
      return value.map((f) => (isObject(f) ? { name: String(f.name ?? ""), type: f.type ?? (f.external ? "external" : "file_upload"), ...f } : f));
    default:
      return value;
  }
}

function selectOption(def: PropertyDef, raw: unknown, at: string, createMissing: boolean, ctx: ValueContext): { id: string; name: string; color: string } {
  if (!isObject(raw)) throw bodyInvalid(`${at} should be an object, instead was \`${shown(raw)}\`.`);
  const pending = (ctx.newOptions ?? []).filter((p) => p.def === def).map((p) => p.option);
  const options = [...((def.config.options as SelectOption[] | undefined) ?? []), ...pending];
  const byId = raw.id !== undefined ? options.find((o) => o.id === raw.id) : undefined;
  const byName = typeof raw.name === "string" ? options.find((o) => o.name === raw.name) : undefined;
  let option = byId ?? byName;
  if (!option) {
    if (raw.id !== undefined && raw.name === undefined) throw validation(`${def.name}: no ${def.type} option with id ${shown(raw.id)}.`);
    if (typeof raw.name !== "string") throw bodyInvalid(`${at}.name should be a string, instead was \`${shown(raw.name)}\`.`);
    if (!createMissing) throw validation(`Invalid status option. Status option "${raw.name}" does not exist.`);
    if (raw.name.includes(",")) throw validation(`Invalid select option, commas not allowed: ${raw.name}`);
    option = {
      id: newPropertyId(new Set(options.map((o) => o.id))),
      name: raw.name,
      color: typeof raw.color === "string" && COLORS.includes(raw.color) ? raw.color : "default",
      description: null,
    };
    if (ctx.newOptions) ctx.newOptions.push({ def, option });
    else ((def.config.options ??= []) as SelectOption[]).push(option);
  }
  return { id: option.id, name: option.name, color: option.color };
}

/** `{ id, type, <type>: value }` for one property of a page, computing the read-only types. */
export function valueJson(def: PropertyDef, page: PageRec): Json {
  let value: unknown;
  switch (def.type) {
    case "created_time":
      value = page.createdTime;
      break;
    case "last_edited_time":
      value = page.lastEditedTime;
      break;
    case "created_by":
      value = { object: "user", id: page.createdBy };
      break;
    case "last_edited_by":
      value = { object: "user", id: page.lastEditedBy };
      break;
    case "formula":
      value = { type: "string", string: null };
      break;
    case "rollup":
      value = { type: "array", array: [], function: (def.config.function as string) ?? "show_original" };
      break;
    case "unique_id":
      value = { prefix: def.config.prefix ?? null, number: page.values.get(def.id) ?? null };
      break;
    case "button":
      value = {};
      break;
    default:
      value = page.values.has(def.id) ? page.values.get(def.id) : defaultValue(def);
  }
  return { id: def.id, type: def.type, [def.type]: value };
}

/** Plain text of a text-like value, for filters, sorts and the web view. */
export function textOf(value: unknown): string {
  if (Array.isArray(value)) return (value as RichTextItem[]).map((item) => item.plain_text ?? "").join("");
  return typeof value === "string" ? value : "";
}

