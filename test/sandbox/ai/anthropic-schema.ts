/**
 * Claude's structured output: `output_config.format: { type: "json_schema",
 * schema }` (the beta's `output_format` is still accepted). Claude compiles
 * the schema into a grammar and refuses what that can't express: numeric
 * bounds, string lengths, array sizes beyond minItems 0 or 1, objects that
 * don't say `additionalProperties: false`. Those are 400
 * invalid_request_errors naming the schema path, checked here.
 */
import { invalidRequest, type AnthropicError } from "./anthropic-errors";
import type { StructuredOutput } from "./structured";

type Schema = Record<string, unknown>;

const UNSUPPORTED = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "maxItems", "minProperties", "maxProperties"];
const TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(node: Schema): string {
  return Array.isArray(node.type) ? node.type.join("|") : typeof node.type === "string" ? node.type : "schema";
}

/** The first construct Claude's structured outputs refuse, worded as the API does, or undefined. */
export function claudeSchemaProblem(node: Schema, path: string): string | undefined {
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  for (const type of types) if (typeof type !== "string" || !TYPES.has(type)) return `${path}: invalid type ${JSON.stringify(type)}`;
  for (const key of UNSUPPORTED) {
    if (key in node) return `${path}: For '${typeName(node)}' type, property '${key}' is not supported`;
  }
  if (typeof node.minItems === "number" && node.minItems > 1) return `${path}: For 'array' type, 'minItems' values other than 0 or 1 are not supported`;
  if (types.includes("object") && node.additionalProperties !== false) {
    return `${path}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
  }
  if (isSchema(node.properties)) {
    for (const [key, child] of Object.entries(node.properties)) {
      const problem = isSchema(child) ? claudeSchemaProblem(child, `${path}.properties.${key}`) : `${path}.properties.${key}: must be an object`;
      if (problem) return problem;
    }
  }
  if (isSchema(node.items)) {
    const problem = claudeSchemaProblem(node.items, `${path}.items`);
    if (problem) return problem;
  }
  for (const keyword of ["anyOf", "allOf"] as const) {
    const variants = node[keyword];
    if (!Array.isArray(variants)) continue;
    for (const [index, variant] of variants.entries()) {
      const problem = isSchema(variant) ? claudeSchemaProblem(variant, `${path}.${keyword}.${index}`) : `${path}.${keyword}.${index}: must be an object`;
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The schema a Messages request asks for, an error to answer with, or undefined for free text. */
export function readClaudeOutput(body: { output_config?: unknown; output_format?: unknown }): { output: StructuredOutput } | { error: AnthropicError } | undefined {
  const config = isSchema(body.output_config) ? body.output_config : undefined;
  const [format, field] = config?.format != null ? [config.format, "output_config.format"] : [body.output_format, "output_format"];
  if (format === undefined || format === null) return undefined;
  if (!isSchema(format)) return { error: invalidRequest(`${field}: Input should be a valid dictionary`) };
  if (format.type !== "json_schema") return { error: invalidRequest(`${field}.type: Input should be 'json_schema'`) };
  if (!isSchema(format.schema)) return { error: invalidRequest(`${field}.schema: Field required`) };
  const problem = claudeSchemaProblem(format.schema, `${field}.schema`);
  if (problem) return { error: invalidRequest(problem) };
  return { output: { schema: format.schema } };
}
