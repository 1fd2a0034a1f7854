/**
 * The JSON schema a model answers against, built from the chosen properties.
 *
 * Why this subset: the same schema goes to every engine (OpenAI `json_schema`
 * in strict mode, Gemini's response schema, a Claude tool's `input_schema`,
 * OpenAI-compatible servers' `response_format`, Chrome's `responseConstraint`),
 * so it uses only what all of them accept: `type` (a type array with "null"
 * for optional values, as OpenAI's strict mode requires instead of leaving a
 * key out), `properties`, `required` listing every key,
 * `additionalProperties: false`, `enum`, `items`, `minItems`/`maxItems`,
 * `minimum`/`maximum` and `description`. String formats (dates, e-mails, URLs)
 * are not equally supported, so they are described in words and checked by
 * validate.ts, which checks everything again anyway: a schema is a request,
 * not a guarantee (local models may ignore it).
 */
import type { DataSourceProperty, TypedOutputSpec, TypedProperty, TypedPropertyType } from "./types";
import { TYPED_PROPERTY_TYPES } from "./types";

export type JsonSchema = { readonly [key: string]: unknown };

/** OpenAI's strict mode allows at most 500 enum values per schema property; beyond that the options are only described. */
export const MAX_ENUM_VALUES = 500;
/** Notion: at most 100 options in one multi_select value. */
export const MAX_MULTI_SELECT_ITEMS = 100;

const NUMBER_FORMAT_HINTS: Readonly<Record<string, string>> = {
  percent: "A fraction: 0.25 is shown as 25%.",
  number_with_commas: "A plain number, without thousands separators.",
};

function numberHint(format: string | undefined): string | undefined {
  if (format === undefined || format === "number") return undefined;
  return NUMBER_FORMAT_HINTS[format] ?? `An amount shown in Notion as ${format.replace(/_/g, " ")}: a plain number, without currency symbol or separators.`;
}

function optionList(options: readonly string[]): string {
  return options.map((o) => JSON.stringify(o)).join(", ");
}

function optionsFor(property: TypedProperty, spec: TypedOutputSpec): { enum?: string[]; hint?: string } {
  const options = [...new Set(property.options ?? [])];
  const canCreate = spec.allowNewOptions && property.type !== "status";
  if (canCreate) {
    const hint = options.length > 0 ? `Prefer the existing options (${optionList(options)}); a new option may be created if none fits (no commas).` : "Any short option name (no commas).";
    return { hint };
  }
  if (options.length === 0) return {}; // nothing can be valid: specProblems tells the user before a run
  if (options.length <= MAX_ENUM_VALUES) return { enum: options };
  return { hint: `One of the existing options: ${optionList(options)}.` };
}

function describe(parts: readonly (string | undefined)[]): { description?: string } {
  const text = parts.filter((p): p is string => p !== undefined && p.trim() !== "").join(" ");
  return text === "" ? {} : { description: text };
}

function nullable(type: string, required: boolean): string | string[] {
  return required ? type : [type, "null"];
}

/** The schema of one property's value. */
export function propertySchema(property: TypedProperty, spec: TypedOutputSpec): JsonSchema {
  const required = property.required !== false;
  const instruction = property.instruction;
  switch (property.type) {
    case "rich_text":
      return { type: nullable("string", required), ...describe([instruction]) };
    case "checkbox":
      return { type: nullable("boolean", required), ...describe([instruction]) };
    case "url":
      return { type: nullable("string", required), ...describe([instruction, "An absolute http(s) URL."]) };
    case "email":
      return { type: nullable("string", required), ...describe([instruction, "An e-mail address."]) };
    case "date":
      return {
        type: nullable("string", required),
        ...describe([instruction, "An ISO 8601 date (YYYY-MM-DD), or date and time (YYYY-MM-DDTHH:MM:SS, optionally with Z or ±HH:MM)."]),
      };
    case "number": {
      const bounds: Record<string, number> = {};
      if (property.minimum !== undefined) bounds.minimum = property.minimum;
      if (property.maximum !== undefined) bounds.maximum = property.maximum;
      return {
        type: nullable(property.integer === true ? "integer" : "number", required),
        ...bounds,
        ...describe([instruction, numberHint(property.numberFormat)]),
      };
    }
    case "select":
    case "status": {
      const { enum: values, hint } = optionsFor(property, spec);
      const enumValues = values === undefined ? {} : { enum: required ? values : [...values, null] };
      return { type: nullable("string", required), ...enumValues, ...describe([instruction, hint]) };
    }
    case "multi_select": {
      const { enum: values, hint } = optionsFor(property, spec);
      const counts: Record<string, number> = { maxItems: Math.min(property.maxItems ?? MAX_MULTI_SELECT_ITEMS, MAX_MULTI_SELECT_ITEMS) };
      if (property.minItems !== undefined) counts.minItems = property.minItems;
      return {
        type: nullable("array", required),
        items: { type: "string", ...(values === undefined ? {} : { enum: values }) },
        ...counts,
        ...describe([instruction, hint, "Each option at most once."]),
      };
    }
  }
}

/** The schema of the whole answer: one object, one key per property, every key required. */
export function buildOutputSchema(spec: TypedOutputSpec): JsonSchema {
  // fromEntries, not assignment: a property may be named "__proto__".
  const properties = Object.fromEntries(spec.properties.map((property) => [property.name, propertySchema(property, spec)]));
  return { type: "object", properties, required: spec.properties.map((p) => p.name), additionalProperties: false };
}

function isTypedType(type: string): type is TypedPropertyType {
  return (TYPED_PROPERTY_TYPES as readonly string[]).includes(type);
}

/**
 * A data source property (from `dataSources.retrieve`) as a typed output, with
 * its current options and number format; undefined for types a model cannot
 * fill (title, formula, relation, people, files…).
 */
export function typedPropertyFromDataSource(
  config: DataSourceProperty,
  choices: Omit<TypedProperty, "name" | "type" | "options" | "numberFormat"> = {},
): TypedProperty | undefined {
  if (!isTypedType(config.type)) return undefined;
  const base: TypedProperty = { ...choices, name: config.name, type: config.type };
  switch (config.type) {
    case "select":
      return { ...base, options: config.select.options.map((o) => o.name) };
    case "multi_select":
      return { ...base, options: config.multi_select.options.map((o) => o.name) };
    case "status":
      return { ...base, options: config.status.options.map((o) => o.name) };
    case "number":
      return { ...base, numberFormat: config.number.format };
    default:
      return base;
  }
}

/**
 * What makes a spec unusable, in words for the person setting up the
 * connection (checked before a run, so no generation is wasted on it).
 */
export function specProblems(spec: TypedOutputSpec): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const property of spec.properties) {
    const label = `“${property.name}”`;
    if (seen.has(property.name)) problems.push(`${label} is chosen twice.`);
    seen.add(property.name);
    const hasOptions = (property.options ?? []).length > 0;
    if (property.type === "status" && !hasOptions) problems.push(`${label} has no status options in Notion.`);
    if ((property.type === "select" || property.type === "multi_select") && !hasOptions && !spec.allowNewOptions) {
      problems.push(`${label} has no options in Notion: add some there, or allow new options for this connection.`);
    }
    if (property.minimum !== undefined && property.maximum !== undefined && property.minimum > property.maximum) {
      problems.push(`${label}: the minimum (${property.minimum}) is above the maximum (${property.maximum}).`);
    }
    if (property.minItems !== undefined && property.maxItems !== undefined && property.minItems > property.maxItems) {
      problems.push(`${label}: at least ${property.minItems} and at most ${property.maxItems} options cannot both hold.`);
    }
  }
  return problems;
}
