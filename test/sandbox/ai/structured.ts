/**
 * Structured output in the emulators: what a request asked for (a JSON schema,
 * provider-neutral), and the deterministic answer the emulated model gives
 * when a test scripted none: a value that conforms to the schema, derived
 * from the schema and the prompt only (same request, same answer).
 *
 * Enums pick an existing option; numbers respect minimum/maximum (whole for
 * "integer"); arrays respect minItems/maxItems with distinct enum items;
 * strings follow what the description asks for (an ISO date, an e-mail
 * address, a URL), because the schema Inkwell sends states those in words.
 * A nullable type (["string", "null"]) is answered with a value, never null.
 * Bounds a provider can't take as keywords (Claude's subset) arrive as
 * words, "{minimum: 0, maximum: 10}", in the description; they are read from
 * there too, as a model reads its description.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What the request asked for, whatever the provider's field: the schema, and its name where the provider has one. */
export interface StructuredOutput {
  name?: string;
  schema: Record<string, unknown>;
}

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A small stable hash, so that choices vary with the prompt but never between runs. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The type to answer with; Gemini's responseSchema spells types in capitals ("STRING"). */
function firstType(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type.toLowerCase();
  if (Array.isArray(type)) return (type.find((t) => t !== "null") ?? type[0])?.toString().toLowerCase();
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const first = schema.enum.find((v) => v !== null);
    return first === undefined ? "null" : typeof first === "number" ? "number" : typeof first === "boolean" ? "boolean" : "string";
  }
  return undefined;
}

/** A numeric keyword, or the same stated in the description ("maximum: 10"). */
function bound(schema: Schema, key: string): number | undefined {
  const value = schema[key];
  if (typeof value === "number") return value;
  const description = typeof schema.description === "string" ? schema.description : "";
  const stated = new RegExp(`\\b${key}: (-?\\d+(?:\\.\\d+)?)`).exec(description);
  return stated ? Number(stated[1]) : undefined;
}

function stringFor(schema: Schema, path: string, prompt: string): string {
  const description = typeof schema.description === "string" ? schema.description : "";
  const format = typeof schema.format === "string" ? schema.format : "";
  if (format === "date" || /\bISO 8601 date\b|YYYY-MM-DD/i.test(description)) return "2026-12-08";
  if (format === "date-time") return "2026-12-08T09:30:00Z";
  if (format === "email" || /e-?mail address/i.test(description)) return "someone@example.com";
  if (format === "uri" || /\bURL\b/.test(description)) return "https://example.com/inkwell";
  const words = prompt.split(/\s+/u).filter(Boolean).slice(0, 8).join(" ");
  return `${path || "Answer"} for: ${words || "the prompt"}`.slice(0, 200);
}

function numberFor(schema: Schema, integer: boolean, seed: number): number {
  const min = bound(schema, "minimum");
  const max = bound(schema, "maximum");
  const low = min ?? (max !== undefined ? Math.min(0, max) : 0);
  const high = max ?? low + 10;
  const span = high - low;
  let value = low + ((seed % 1000) / 1000) * span;
  if (integer) {
    value = Math.round(value);
    if (min !== undefined && value < min) value = Math.ceil(min);
    if (max !== undefined && value > max) value = Math.floor(max);
  } else {
    value = Math.round(value * 100) / 100;
  }
  return value;
}

function arrayFor(schema: Schema, path: string, prompt: string, seed: number): JsonValue[] {
  const items = isSchema(schema.items) ? schema.items : {};
  const options = Array.isArray(items.enum) ? items.enum.filter((v) => v !== null) : undefined;
  const minItems = bound(schema, "minItems") ?? 0;
  const maxItems = bound(schema, "maxItems") ?? Infinity;
  let count = Math.min(Math.max(minItems, Math.min(2, maxItems)), maxItems);
  if (options) {
    count = Math.min(count, options.length);
    const start = seed % Math.max(1, options.length);
    return Array.from({ length: count }, (_, i) => options[(start + i) % options.length] as JsonValue);
  }
  return Array.from({ length: count }, (_, i) => exampleValue(items, prompt, `${path}[${i}]`));
}

/** A value conforming to `schema`, deterministic in (schema, prompt). */
export function exampleValue(schema: unknown, prompt: string, path = ""): JsonValue {
  if (!isSchema(schema)) return null;
  const seed = hash(`${path}\u0000${prompt}`);
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
    const variant: unknown = schema.anyOf.find((v) => isSchema(v) && v.type !== "null") ?? schema.anyOf[0];
    // The description usually sits beside anyOf, not inside the variant.
    const described = isSchema(variant) && variant.description === undefined && schema.description !== undefined ? { ...variant, description: schema.description } : variant;
    return exampleValue(described, prompt, path);
  }
  if (Array.isArray(schema.enum)) {
    const options = schema.enum.filter((v) => v !== null) as JsonValue[];
    return options.length > 0 ? (options[seed % options.length] ?? null) : null;
  }
  switch (firstType(schema)) {
    case "object": {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      // fromEntries, not assignment: a key may be "__proto__".
      return Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, exampleValue(child, prompt, key)]));
    }
    case "array":
      return arrayFor(schema, path, prompt, seed);
    case "string":
      return stringFor(schema, path, prompt);
    case "integer":
      return numberFor(schema, true, seed);
    case "number":
      return numberFor(schema, false, seed);
    case "boolean":
      return seed % 2 === 0;
    default:
      return null;
  }
}

/** The default structured answer: the example value as compact JSON, which streams token by token like any text. */
export function defaultStructuredAnswer(output: StructuredOutput, prompt: string): string {
  return JSON.stringify(exampleValue(output.schema, prompt));
}
