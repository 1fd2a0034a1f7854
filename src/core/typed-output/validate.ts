/**
 * Checking a model's answer before anything is written.
 *
 * Why: a row must be written completely or not at all, and a schema sent to
 * an engine is a request, not a guarantee (local models and plain-JSON modes
 * ignore parts of it). So every value is checked here against its type,
 * Notion's limits and the property's options, and the answer is either turned
 * into the exact `pages.update` property values, or refused with every reason
 * at once (for the row's result, and for one corrective retry: retry.ts).
 *
 * Leniency, where it cannot change what the user asked for:
 * - a key matches its property exactly, else case-insensitively when that is
 *   unambiguous ("tags" for "Tags"); keys that match nothing are ignored;
 * - option names match exactly, else case-insensitively and trimmed, and are
 *   written with the option's own spelling; a multi_select's repeats are
 *   dropped;
 * - an empty string for a select, status, date, URL or e-mail means "no value",
 *   like null. An optional property with no value is not written (left as it is).
 * Types are not coerced: "12" for a number is a wrong type, since guessing
 * could write a value the model did not mean.
 */
import { MAX_MULTI_SELECT_ITEMS } from "./schema";
import type { PropertyPatch, TypedOutputSpec, TypedProperty, ValidationReason, ValidationResult } from "./types";
import { MAX_NUMBER_MAGNITUDE, MAX_OPTION_NAME_LENGTH, describeValue, isEmail, isIsoDate, isOptionName, isWebUrl, quoteText, textToRichText } from "./values";

type Outcome = { patch?: PropertyPatch; newOptions?: string[] } | { reasons: ValidationReason[] };

const MAX_LISTED_OPTIONS = 20;

function label(property: TypedProperty): string {
  return `“${property.name}”`;
}

function optionsText(options: readonly string[]): string {
  const listed = options.slice(0, MAX_LISTED_OPTIONS).map((o) => JSON.stringify(o)).join(", ");
  return options.length > MAX_LISTED_OPTIONS ? `${listed} and ${options.length - MAX_LISTED_OPTIONS} more` : listed;
}

function fail(property: TypedProperty, code: ValidationReason["code"], message: string): Outcome {
  return { reasons: [{ code, property: property.name, message }] };
}

function wrongType(property: TypedProperty, expected: string, value: unknown): Outcome {
  return fail(property, "wrong_type", `${label(property)} must be ${expected}, not ${describeValue(value)}.`);
}

/** The option `name` stands for: exact, else the one case-insensitive match. */
function matchOption(name: string, options: readonly string[]): string | undefined {
  if (options.includes(name)) return name;
  const key = name.trim().toLowerCase();
  const matches = options.filter((o) => o.trim().toLowerCase() === key);
  return matches.length === 1 ? matches[0] : undefined;
}

/** One option answer: the existing option, a new one (with consent), or a reason. */
function resolveOption(property: TypedProperty, name: string, spec: TypedOutputSpec): { name: string; isNew: boolean } | ValidationReason {
  const options = property.options ?? [];
  const existing = matchOption(name, options);
  if (existing !== undefined) return { name: existing, isNew: false };
  const canCreate = spec.allowNewOptions && property.type !== "status";
  if (!canCreate) {
    const known = options.length === 0 ? "it has no options" : `its options are ${optionsText(options)}`;
    return { code: "unknown_option", property: property.name, message: `${label(property)} is ${quoteText(name)}, which is not one of its options: ${known}.` };
  }
  const trimmed = name.trim();
  if (!isOptionName(trimmed)) {
    return {
      code: "bad_option_name",
      property: property.name,
      message: `${label(property)}: ${quoteText(name)} cannot be a new option (no commas, 1 to ${MAX_OPTION_NAME_LENGTH} characters).`,
    };
  }
  return { name: trimmed, isNew: true };
}

function isReason(x: { name: string; isNew: boolean } | ValidationReason): x is ValidationReason {
  return "code" in x;
}

function checkNumber(property: TypedProperty, value: unknown): Outcome {
  if (typeof value !== "number") return wrongType(property, property.integer === true ? "a whole number" : "a number", value);
  if (!Number.isFinite(value) || Math.abs(value) > MAX_NUMBER_MAGNITUDE) {
    return fail(property, "out_of_range", `${label(property)} is ${value}, beyond what Notion stores exactly (±${MAX_NUMBER_MAGNITUDE}).`);
  }
  if (property.integer === true && !Number.isInteger(value)) return fail(property, "not_integer", `${label(property)} must be a whole number, not ${value}.`);
  if (property.minimum !== undefined && value < property.minimum) {
    return fail(property, "out_of_range", `${label(property)} is ${value}, below the minimum of ${property.minimum}.`);
  }
  if (property.maximum !== undefined && value > property.maximum) {
    return fail(property, "out_of_range", `${label(property)} is ${value}, above the maximum of ${property.maximum}.`);
  }
  return { patch: { number: value } };
}

function checkMultiSelect(property: TypedProperty, value: unknown, spec: TypedOutputSpec): Outcome {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return wrongType(property, "a list of option names", value);
  const reasons: ValidationReason[] = [];
  const names: string[] = [];
  const created: string[] = [];
  for (const raw of value as string[]) {
    if (raw.trim() === "") continue;
    const resolved = resolveOption(property, raw, spec);
    if (isReason(resolved)) reasons.push(resolved);
    else if (!names.includes(resolved.name)) {
      names.push(resolved.name);
      if (resolved.isNew) created.push(resolved.name);
    }
  }
  if (reasons.length > 0) return { reasons };
  const max = Math.min(property.maxItems ?? MAX_MULTI_SELECT_ITEMS, MAX_MULTI_SELECT_ITEMS);
  if (names.length > max) return fail(property, "too_many", `${label(property)} has ${names.length} options; at most ${max} are allowed.`);
  const min = property.minItems ?? 0;
  if (names.length < min) return fail(property, "too_few", `${label(property)} has ${names.length} option${names.length === 1 ? "" : "s"}; at least ${min} are needed.`);
  return { patch: { multi_select: names.map((name) => ({ name })) }, newOptions: created };
}

/** A string value where "" means no value; undefined result = no value. */
function nonEmpty(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function checkValue(property: TypedProperty, value: unknown, spec: TypedOutputSpec): Outcome {
  switch (property.type) {
    case "rich_text": {
      if (typeof value !== "string") return wrongType(property, "text", value);
      const richText = textToRichText(value);
      if (richText === undefined) return fail(property, "too_long", `${label(property)} is ${value.length} characters long, more than a text property holds.`);
      return { patch: { rich_text: richText } };
    }
    case "checkbox":
      return typeof value === "boolean" ? { patch: { checkbox: value } } : wrongType(property, "true or false", value);
    case "number":
      return checkNumber(property, value);
    case "multi_select":
      return checkMultiSelect(property, value, spec);
    default:
      break;
  }
  // The string-valued types, where "" is no value.
  if (typeof value !== "string") return wrongType(property, property.type === "date" ? "a date as text (YYYY-MM-DD)" : "text", value);
  const text = nonEmpty(value);
  if (text === undefined) return {};
  switch (property.type) {
    case "url":
      return isWebUrl(text) ? { patch: { url: text } } : fail(property, "bad_url", `${label(property)} is ${quoteText(text)}, which is not an absolute http(s) URL.`);
    case "email":
      return isEmail(text) ? { patch: { email: text } } : fail(property, "bad_email", `${label(property)} is ${quoteText(text)}, which is not an e-mail address.`);
    case "date":
      return isIsoDate(text)
        ? { patch: { date: { start: text } } }
        : fail(property, "bad_date", `${label(property)} is ${quoteText(text)}, which is not a valid date (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional Z or ±HH:MM).`);
    case "select":
    case "status": {
      const resolved = resolveOption(property, text, spec);
      if (isReason(resolved)) return { reasons: [resolved] };
      const patch: PropertyPatch = property.type === "select" ? { select: { name: resolved.name } } : { status: { name: resolved.name } };
      return { patch, newOptions: resolved.isNew ? [resolved.name] : [] };
    }
  }
}

/** The answer's value for a property: exact key, else the one key equal ignoring case and spaces at the ends. */
function lookup(answer: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(answer, name)) return answer[name];
  const key = name.trim().toLowerCase();
  const matches = Object.keys(answer).filter((k) => k.trim().toLowerCase() === key);
  return matches.length === 1 ? answer[matches[0] as string] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Check a parsed answer against the spec (see the rules at the top of this file). */
export function validateAnswer(answer: unknown, spec: TypedOutputSpec): ValidationResult {
  if (!isPlainObject(answer)) {
    return { ok: false, reasons: [{ code: "not_an_object", message: `The answer must be one JSON object with the properties as keys, not ${describeValue(answer)}.` }] };
  }
  const reasons: ValidationReason[] = [];
  const written: [string, PropertyPatch][] = [];
  const newOptions: { property: string; option: string }[] = [];
  for (const property of spec.properties) {
    const value = lookup(answer, property.name);
    const required = property.required !== false;
    let outcome: Outcome;
    if (value === undefined || value === null) outcome = {};
    else outcome = checkValue(property, value, spec);
    if ("reasons" in outcome) {
      reasons.push(...outcome.reasons);
      continue;
    }
    if (outcome.patch === undefined) {
      if (required) reasons.push({ code: "missing", property: property.name, message: `${label(property)} is missing: it needs a value.` });
      continue;
    }
    written.push([property.name, outcome.patch]);
    for (const option of outcome.newOptions ?? []) newOptions.push({ property: property.name, option });
  }
  // fromEntries, not assignment: a property may be named "__proto__".
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, properties: Object.fromEntries(written), newOptions };
}
