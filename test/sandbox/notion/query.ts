/**
 * Data source query filters and sorts, compiled once per request into a
 * predicate and a comparator over row records. Supported: every property
 * filter the extension can plausibly send (text, checkbox, number, select,
 * status, multi_select, date, people/relation, files), timestamp filters and
 * `and`/`or` compounds. Errors use Notion's messages.
 */
import { bodyInvalid, shown, validation } from "./errors";
import { isObject } from "./limits";
import { findProperty, textOf, valueJson } from "./properties";
import type { DataSourceRec, Json, PageRec, PropertyDef } from "./store";

export type RowPredicate = (row: PageRec) => boolean;
export type RowComparator = (a: PageRec, b: PageRec) => number;

/** Filter keys accepted for a property of each type (Notion lets title and rich_text filters stand in for each other). */
const FILTER_KEYS: Record<string, readonly string[]> = {
  title: ["title", "rich_text"],
  rich_text: ["rich_text", "title"],
};

const TEXT_TYPES = new Set(["title", "rich_text", "url", "email", "phone_number"]);

export function compileFilter(filter: unknown, ds: DataSourceRec, path = "body.filter"): RowPredicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isObject(filter)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(filter)}\`.`);
  if (Array.isArray(filter.and) || Array.isArray(filter.or)) {
    const key = Array.isArray(filter.and) ? "and" : "or";
    const parts = (filter[key] as unknown[]).map((part, i) => compileFilter(part, ds, `${path}.${key}[${i}]`));
    return key === "and" ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
  }
  if (typeof filter.timestamp === "string") {
    const stamp = filter.timestamp;
    if (stamp !== "created_time" && stamp !== "last_edited_time") {
      throw bodyInvalid(`${path}.timestamp should be \`"created_time"\` or \`"last_edited_time"\`, instead was \`${shown(stamp)}\`.`);
    }
    const test = dateCondition(filter[stamp], `${path}.${stamp}`);
    return (row) => test(stamp === "created_time" ? row.createdTime : row.lastEditedTime);
  }
  if (typeof filter.property !== "string") throw bodyInvalid(`${path}.property should be defined, instead was \`undefined\`.`);
  const def = findProperty(ds.schema, filter.property);
  if (!def) throw validation(`Could not find property with name or id: ${filter.property}`);
  const key = Object.keys(filter).find((k) => k !== "property" && k !== "type");
  if (key === undefined) throw bodyInvalid(`${path}.${def.type} should be defined, instead was \`undefined\`.`);
  const accepted = FILTER_KEYS[def.type] ?? [def.type];
  if (!accepted.includes(key)) throw validation(`database property ${def.type} does not match filter ${key}`);
  const test = conditionFor(def, filter[key], `${path}.${key}`);
  return (row) => test(valueJson(def, row)[def.type]);
}

function conditionFor(def: PropertyDef, condition: unknown, path: string): (value: unknown) => boolean {
  if (!isObject(condition)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(condition)}\`.`);
  const [op, arg] = Object.entries(condition)[0] ?? [];
  if (op === undefined) throw bodyInvalid(`${path} should have one condition, instead was \`{}\`.`);
  const fail = (): never => {
    throw bodyInvalid(`${path}.${op} is not a supported condition for a ${def.type} property (value \`${shown(arg)}\`).`);
  };
  if (op === "is_empty" || op === "is_not_empty") {
    if (arg !== true) throw bodyInvalid(`${path}.${op} should be \`true\`, instead was \`${shown(arg)}\`.`);
    return op === "is_empty" ? (v) => isEmpty(v) : (v) => !isEmpty(v);
  }
  if (TEXT_TYPES.has(def.type)) return textCondition(op, arg, path) ?? fail();
  switch (def.type) {
    case "checkbox":
      if (typeof arg !== "boolean") throw bodyInvalid(`${path}.${op} should be a boolean, instead was \`${shown(arg)}\`.`);
      if (op === "equals") return (v) => v === arg;
      if (op === "does_not_equal") return (v) => v !== arg;
      return fail();
    case "number":
    case "unique_id":
      return numberCondition(op, arg, def.type === "unique_id") ?? fail();
    case "select":
    case "status": {
      const names = Array.isArray(arg) ? arg.map(String) : [String(arg)];
      const nameOf = (v: unknown) => (v as { name?: string } | null)?.name;
      if (op === "equals") return (v) => names.includes(nameOf(v) ?? "\u0000");
      if (op === "does_not_equal") return (v) => !names.includes(nameOf(v) ?? "\u0000");
      return fail();
    }
    case "multi_select": {
      const names = Array.isArray(arg) ? arg.map(String) : [String(arg)];
      const has = (v: unknown) => ((v as { name: string }[]) ?? []).some((o) => names.includes(o.name));
      if (op === "contains") return has;
      if (op === "does_not_contain") return (v) => !has(v);
      return fail();
    }
    case "people":
    case "relation":
    case "created_by":
    case "last_edited_by": {
      const ids = (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => (x as { id?: string } | null)?.id);
      if (op === "contains") return (v) => ids(v).includes(String(arg));
      if (op === "does_not_contain") return (v) => !ids(v).includes(String(arg));
      return fail();
    }
    case "date":
    case "created_time":
    case "last_edited_time": {
      const test = dateCondition(condition, path);
      return (v) => test(typeof v === "string" ? v : (v as { start?: string } | null)?.start);
    }
    default:
      return fail();
  }
}

function textCondition(op: string, arg: unknown, path: string): ((v: unknown) => boolean) | undefined {
  if (typeof arg !== "string") throw bodyInvalid(`${path}.${op} should be a string, instead was \`${shown(arg)}\`.`);
  const needle = arg.toLowerCase();
  const text = (v: unknown) => textOf(v);
  switch (op) {
    case "equals":
      return (v) => text(v) === arg;
    case "does_not_equal":
      return (v) => text(v) !== arg;
    case "contains":
      return (v) => text(v).toLowerCase().includes(needle);
    case "does_not_contain":
      return (v) => !text(v).toLowerCase().includes(needle);
    case "starts_with":
      return (v) => text(v).toLowerCase().startsWith(needle);
    case "ends_with":
      return (v) => text(v).toLowerCase().endsWith(needle);
  }
  return undefined;
}

function numberCondition(op: string, arg: unknown, uniqueId: boolean): ((v: unknown) => boolean) | undefined {
  const n = Number(arg);
  const num = (v: unknown) => (uniqueId ? (v as { number: number | null }).number : (v as number | null));
  const cmp = (f: (x: number) => boolean) => (v: unknown) => {
    const x = num(v);
    return typeof x === "number" && f(x);
  };
  switch (op) {
    case "equals":
      return cmp((x) => x === n);
    case "does_not_equal":
      return (v) => num(v) !== n;
    case "greater_than":
      return cmp((x) => x > n);
    case "less_than":
      return cmp((x) => x < n);
    case "greater_than_or_equal_to":
      return cmp((x) => x >= n);
    case "less_than_or_equal_to":
      return cmp((x) => x <= n);
  }
  return undefined;
}

/** Date conditions on ISO strings; dates without time compare by day, as in Notion. */
function dateCondition(condition: unknown, path: string): (iso: string | null | undefined) => boolean {
  if (!isObject(condition)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(condition)}\`.`);
  const [op, arg] = Object.entries(condition)[0] ?? [];
  if (op === "is_empty") return (iso) => !iso;
  if (op === "is_not_empty") return (iso) => !!iso;
  if (typeof arg !== "string" || Number.isNaN(Date.parse(arg))) {
    throw bodyInvalid(`${path}.${op} should be a valid ISO 8601 date string, instead was \`${shown(arg)}\`.`);
  }
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(arg);
  const at = (iso: string) => (dayOnly ? Date.parse(iso.slice(0, 10)) : Date.parse(iso));
  const target = Date.parse(arg);
  const test = (f: (t: number) => boolean) => (iso: string | null | undefined) => !!iso && f(at(iso));
  switch (op) {
    case "equals":
      return test((t) => t === target);
    case "before":
      return test((t) => t < target);
    case "after":
      return test((t) => t > target);
    case "on_or_before":
      return test((t) => t <= target);
    case "on_or_after":
      return test((t) => t >= target);
  }
  throw bodyInvalid(`${path}.${op} is not a supported date condition.`);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) {
    if (value.length === 0) return true;
    // A rich text array of empty strings is empty too; other arrays (people, options) are not.
    return value.every((item) => isObject(item) && "plain_text" in item) && textOf(value) === "";
  }
  return false;
}

/** A comparator for `sorts`, or undefined to keep creation order. */
export function compileSorts(sorts: unknown, ds: DataSourceRec): RowComparator | undefined {
  if (sorts === undefined) return undefined;
  if (!Array.isArray(sorts)) throw bodyInvalid(`body.sorts should be an array, instead was \`${shown(sorts)}\`.`);
  const keys = sorts.map((sort, i): ((row: PageRec) => string | number | null) & { dir: number } => {
    const path = `body.sorts[${i}]`;
    if (!isObject(sort)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(sort)}\`.`);
    const dir = sort.direction === "descending" ? -1 : 1;
    if (sort.direction !== "ascending" && sort.direction !== "descending") {
      throw bodyInvalid(`${path}.direction should be \`"ascending"\` or \`"descending"\`, instead was \`${shown(sort.direction)}\`.`);
    }
    if (sort.timestamp === "created_time" || sort.timestamp === "last_edited_time") {
      const stamp = sort.timestamp;
      return Object.assign((row: PageRec) => (stamp === "created_time" ? row.createdTime : row.lastEditedTime), { dir });
    }
    const def = typeof sort.property === "string" ? findProperty(ds.schema, sort.property) : undefined;
    if (!def) throw validation(`Could not find sort property with name or id: ${String(sort.property)}`);
    return Object.assign((row: PageRec) => sortKey(valueJson(def, row)[def.type]), { dir });
  });
  return (a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x === y) continue;
      // Empty values go last whichever the direction, as in Notion's tables.
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * key.dir;
    }
    return 0;
  };
}

function sortKey(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return value === "" ? null : value.toLowerCase();
  if (Array.isArray(value)) {
    const first = value[0] as Json | undefined;
    const text = textOf(value) || (typeof first?.name === "string" ? first.name : "");
    return text === "" ? null : text.toLowerCase();
  }
  const obj = value as Json;
  if (typeof obj.name === "string") return obj.name.toLowerCase();
  if (typeof obj.start === "string") return obj.start;
  if (typeof obj.number === "number") return obj.number;
  return null;
}
