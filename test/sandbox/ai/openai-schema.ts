/**
 * OpenAI's structured-output request: `text.format` on the Responses API,
 * `response_format` on Chat Completions, both `{ type: "json_schema", name,
 * schema, strict }` (Chat nests the last three under `json_schema`). With
 * `strict: true` the schema must follow strict mode's rules, checked here as
 * OpenAI does: every object says `additionalProperties: false` and lists
 * every key in `required`, only supported keywords appear, the root is an
 * object; a violation is a 400 `invalid_json_schema` naming the context.
 */
import { invalidValue, type OpenAIError } from "./openai-errors";
import type { StructuredOutput } from "./structured";

/** Keywords strict mode accepts (platform.openai.com/docs/guides/structured-outputs, "Supported schemas"). */
const STRICT_KEYWORDS = new Set([
  "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$defs", "$ref", "description", "title",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "pattern", "format",
]);
const TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);
/** Strict mode's limits on one schema. */
const MAX_ENUM_VALUES = 1000;
const MAX_DEPTH = 10;
const NAME = /^[a-zA-Z0-9_-]{1,64}$/u;

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function schemaError(param: string, name: string, message: string): OpenAIError {
  return { status: 400, body: { error: { message: `Invalid schema for response_format '${name}': ${message}`, type: "invalid_request_error", param, code: "invalid_json_schema" } } };
}

function context(path: readonly string[]): string {
  return `context=(${path.map((p) => `'${p}'`).join(", ")}${path.length === 1 ? "," : ""})`;
}

/** The first strict-mode violation in `schema`, as OpenAI words it, or undefined. */
export function strictViolation(schema: Schema): string | undefined {
  if (schema.type !== "object") return `schema must be a JSON Schema of 'type: "object"', got 'type: ${JSON.stringify(schema.type)}'.`;
  let enumValues = 0;
  const visit = (node: Schema, path: string[], depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return `In ${context(path)}, schema exceeds the maximum nesting depth of ${MAX_DEPTH}.`;
    for (const key of Object.keys(node)) {
      if (!STRICT_KEYWORDS.has(key)) return `In ${context(path)}, '${key}' is not permitted.`;
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const type of types) {
      if (typeof type !== "string" || !TYPES.has(type)) return `In ${context(path)}, ${JSON.stringify(type)} is not a valid type.`;
    }
    if (Array.isArray(node.enum)) enumValues += node.enum.length;
    if (enumValues > MAX_ENUM_VALUES) return `In ${context(path)}, the schema has more than ${MAX_ENUM_VALUES} enum values in total.`;
    if (types.includes("object")) {
      if (node.additionalProperties !== false) return `In ${context(path)}, 'additionalProperties' is required to be supplied and to be false.`;
      const properties = isSchema(node.properties) ? node.properties : {};
      const required = Array.isArray(node.required) ? node.required : undefined;
      const missing = Object.keys(properties).filter((key) => !required?.includes(key));
      if (!required || missing.length > 0) {
        return `In ${context(path)}, 'required' is required to be supplied and to be an array including every key in properties.${missing.length > 0 ? ` Missing '${missing[0]}'.` : ""}`;
      }
      const extra = required.find((key) => typeof key !== "string" || !(key in properties));
      if (extra !== undefined) return `In ${context(path)}, 'required' names ${JSON.stringify(extra)}, which is not in properties.`;
      for (const [key, child] of Object.entries(properties)) {
        if (!isSchema(child)) return `In ${context([...path, "properties", key])}, schema must be an object.`;
        const problem = visit(child, [...path, "properties", key], depth + 1);
        if (problem) return problem;
      }
    }
    if (types.includes("array") && isSchema(node.items)) {
      const problem = visit(node.items, [...path, "items"], depth + 1);
      if (problem) return problem;
    }
    if (Array.isArray(node.anyOf)) {
      for (const [index, variant] of node.anyOf.entries()) {
        if (!isSchema(variant)) return `In ${context([...path, "anyOf", String(index)])}, schema must be an object.`;
        const problem = visit(variant, [...path, "anyOf", String(index)], depth + 1);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return visit(schema, [], 1);
}

/**
 * Reads and checks a json_schema format. `param` is where it sits in the
 * request ("text.format" or "response_format"); `config` holds name, schema
 * and strict. Returns the schema asked for, an error to answer with, or
 * undefined for a request without structured output. Local servers take
 * `strict` without enforcing its rules (`enforceStrict` false).
 */
export function readJsonSchemaFormat(format: unknown, config: unknown, param: string, enforceStrict = true): { output: StructuredOutput } | { error: OpenAIError } | undefined {
  if (!isSchema(format) || format.type === "text" || format.type === undefined) return undefined;
  if (format.type === "json_object") return { output: { schema: { type: "object" } } };
  if (format.type !== "json_schema") return { error: invalidValue(`${param}.type`, `Invalid value: '${String(format.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`) };
  const body = isSchema(config) ? config : {};
  const name = body.name;
  if (typeof name !== "string" || !NAME.test(name)) {
    return { error: invalidValue(`${param}.name`, `Invalid '${param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' (at most 64 characters).`) };
  }
  if (!isSchema(body.schema)) return { error: { status: 400, body: { error: { message: `Missing required parameter: '${param}.schema'.`, type: "invalid_request_error", param: `${param}.schema`, code: "missing_required_parameter" } } } };
  if (body.strict === true && enforceStrict) {
    const problem = strictViolation(body.schema);
    if (problem) return { error: schemaError(`${param}.schema`, name, problem) };
  }
  return { output: { name, schema: body.schema } };
}
