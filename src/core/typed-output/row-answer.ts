/**
 * A row's typed answer: the JSON object a model answers with when a database
 * connection fills typed properties, optionally carrying the row's body as
 * Markdown under a key of its own.
 *
 * Why a separate body key chosen per connection: the answer's keys are the
 * property names (validate.ts matches them exactly, else ignoring case), so
 * the body's key must differ from every property name in that same sense, or
 * a property called "body" would swallow the article.
 *
 * The validated answer is what gets stored (and previewed) before anything is
 * written, so a resumed run or "Write these" writes exactly it, never a second
 * generation.
 */
import { buildOutputSchema, type JsonSchema } from "./schema";
import { parseAnswerJson } from "./answer-json";
import { validateAnswer } from "./validate";
import { correctiveInstruction } from "./retry";
import type { PropertyPatch, TypedOutputSpec, ValidationReason } from "./types";

/** The name the structured-output request carries (OpenAI and Claude require one). */
export const ROW_ANSWER_SCHEMA_NAME = "inkwell_row";

const BODY_KEY_BASE = "page_body_markdown";

/** A key for the body that no property name can be mistaken for (compared as validate.ts compares keys). */
export function bodyKeyFor(propertyNames: readonly string[]): string {
  const taken = new Set(propertyNames.map((name) => name.trim().toLowerCase()));
  let key = BODY_KEY_BASE;
  while (taken.has(key)) key = `_${key}`;
  return key;
}

/** The schema of the whole answer: the properties', plus the body's Markdown when `bodyKey` is given. */
export function rowAnswerSchema(spec: TypedOutputSpec, bodyKey?: string): JsonSchema {
  const schema = buildOutputSchema(spec) as { properties: Record<string, unknown>; required: string[] };
  if (bodyKey === undefined) return schema;
  return {
    ...schema,
    properties: Object.fromEntries([[bodyKey, { type: "string", description: "The page body, in Markdown." }], ...Object.entries(schema.properties)]),
    required: [bodyKey, ...schema.required],
  };
}

/** A validated answer, as stored before anything is written and as written. */
export interface TypedRowAnswer {
  readonly kind: "typed";
  /** With body output: the body's Markdown (never empty). */
  readonly body?: string;
  /** Exactly the `pages.update` property values to send. */
  readonly properties: Readonly<Record<string, PropertyPatch>>;
  readonly newOptions: readonly { readonly property: string; readonly option: string }[];
}

export type RowAnswerCheck = { readonly ok: true; readonly answer: TypedRowAnswer } | { readonly ok: false; readonly reasons: readonly ValidationReason[] };

/** Parses and validates a model's answer text; every reason at once when it can't be written. */
export function checkRowAnswer(text: string, spec: TypedOutputSpec, bodyKey?: string): RowAnswerCheck {
  const parsed = parseAnswerJson(text);
  if (!parsed.ok) return { ok: false, reasons: [parsed.reason] };
  const result = validateAnswer(parsed.value, spec);
  const reasons: ValidationReason[] = result.ok ? [] : [...result.reasons];
  let body: string | undefined;
  if (bodyKey !== undefined && typeof parsed.value === "object" && parsed.value !== null && !Array.isArray(parsed.value)) {
    const value = (parsed.value as Record<string, unknown>)[bodyKey];
    if (typeof value === "string" && value.trim() !== "") body = value;
    else reasons.push({ code: value === undefined || value === null || value === "" ? "missing" : "wrong_type", message: `“${bodyKey}” must hold the page body as Markdown text.` });
  }
  if (!result.ok || reasons.length > 0) return { ok: false, reasons };
  return { ok: true, answer: { kind: "typed", ...(body !== undefined ? { body } : {}), properties: result.properties, newOptions: result.newOptions } };
}

/**
 * The prompt of the one corrective retry: engines take one prompt, not a
 * conversation, so the previous answer and what was wrong with it follow the
 * original prompt.
 */
export function correctivePrompt(prompt: string, previousAnswer: string, reasons: readonly ValidationReason[]): string {
  return [prompt, "", "Your previous answer was:", previousAnswer.trim() === "" ? "(empty)" : previousAnswer.trim(), "", correctiveInstruction(reasons)].join("\n");
}

/** A stored answer: typed answers as JSON (their own shape), Markdown answers as the text itself. */
export function encodeTypedAnswer(answer: TypedRowAnswer): string {
  return JSON.stringify({ inkwellTypedAnswer: 1, ...answer });
}

/** The typed answer a stored text holds, or undefined when it holds none (a Markdown answer, or damaged). */
export function decodeTypedAnswer(stored: string): TypedRowAnswer | undefined {
  if (!stored.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(stored) as Partial<TypedRowAnswer> & { inkwellTypedAnswer?: unknown };
    if (value.inkwellTypedAnswer !== 1 || value.kind !== "typed" || typeof value.properties !== "object" || value.properties === null || !Array.isArray(value.newOptions)) return undefined;
    if (value.body !== undefined && typeof value.body !== "string") return undefined;
    return { kind: "typed", ...(value.body !== undefined ? { body: value.body } : {}), properties: value.properties, newOptions: value.newOptions };
  } catch {
    return undefined;
  }
}
