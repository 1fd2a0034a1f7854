/**
 * Gemini's structured-output request, in `generationConfig`:
 * `responseMimeType: "application/json"` with either `responseJsonSchema`
 * (JSON Schema, type arrays with "null" allowed) or `responseSchema` (Google's
 * OpenAPI-subset Schema proto, where `type` is one enum value: a type array
 * there fails to parse, as the real API's proto parser reports). The checks
 * and their wording follow generativelanguage.googleapis.com.
 */
import { invalidArgument, type GeminiError } from "./gemini-errors";
import type { StructuredOutput } from "./structured";

type Schema = Record<string, unknown>;

const JSON_MIME = "application/json";
const MIME_TYPES = new Set(["text/plain", JSON_MIME, "application/xml", "application/yaml", "text/x.enum"]);
const PROTO_TYPES = new Set(["TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"]);

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A type array inside a responseSchema (where `type` is a single enum): the proto parser's complaint, or undefined. */
function protoTypeProblem(node: Schema, path: string): string | undefined {
  if (Array.isArray(node.type)) return `Invalid JSON payload received. Unknown name "type" at '${path}': Proto field is not repeating, cannot start list.`;
  if (typeof node.type === "string" && !PROTO_TYPES.has(node.type.toUpperCase())) {
    return `Invalid value at '${path}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "${node.type}"`;
  }
  if (isSchema(node.properties)) {
    for (const [index, [, child]] of Object.entries(node.properties).entries()) {
      if (!isSchema(child)) continue;
      const problem = protoTypeProblem(child, `${path}.properties[${index}].value`);
      if (problem) return problem;
    }
  }
  if (isSchema(node.items)) return protoTypeProblem(node.items, `${path}.items`);
  return undefined;
}

const JSON_TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

/** What Gemini refuses in a responseJsonSchema: an unknown type name (the rest of JSON Schema is taken, or ignored). */
function jsonSchemaProblem(node: Schema, path: string): string | undefined {
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  const bad = types.find((type) => typeof type !== "string" || !JSON_TYPES.has(type));
  if (bad !== undefined) return `* GenerateContentRequest.${path}: invalid JSON schema: unknown type ${JSON.stringify(bad)}.\n`;
  const children = [
    ...(isSchema(node.properties) ? Object.entries(node.properties).map(([key, child]) => [`${path}.properties.${key}`, child] as const) : []),
    ...(isSchema(node.items) ? [[`${path}.items`, node.items] as const] : []),
    ...(Array.isArray(node.anyOf) ? node.anyOf.map((child, index) => [`${path}.anyOf[${index}]`, child] as const) : []),
  ];
  for (const [childPath, child] of children) {
    const problem = isSchema(child) ? jsonSchemaProblem(child, childPath) : undefined;
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The schema a generationConfig asks for, an error to answer with, or
 * undefined for free text.
 */
export function readGeminiOutput(config: unknown): { output: StructuredOutput } | { error: GeminiError } | undefined {
  if (!isSchema(config)) return undefined;
  const mime = config.responseMimeType;
  if (mime !== undefined && (typeof mime !== "string" || !MIME_TYPES.has(mime))) {
    return { error: invalidArgument(`* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are \`text/plain\`, \`application/json\`, \`application/xml\`, \`application/yaml\` and \`text/x.enum\`.\n`) };
  }
  const { responseSchema, responseJsonSchema } = config;
  if (responseSchema !== undefined && responseJsonSchema !== undefined) {
    return { error: invalidArgument("* GenerateContentRequest.generation_config.response_json_schema: response_json_schema and response_schema cannot both be set.\n") };
  }
  const schema = responseJsonSchema ?? responseSchema;
  if (schema === undefined) return mime === JSON_MIME ? { output: { schema: { type: "object" } } } : undefined;
  const field = responseJsonSchema !== undefined ? "response_json_schema" : "response_schema";
  if (!isSchema(schema)) return { error: invalidArgument(`Invalid JSON payload received. Unknown name "${field}": expected an object.`) };
  if (mime !== JSON_MIME) {
    return { error: invalidArgument(`* GenerateContentRequest.generation_config.${field}: only supported when response_mime_type is \`application/json\` or \`text/x.enum\`.\n`) };
  }
  const problem = responseSchema !== undefined ? protoTypeProblem(schema, "generation_config.response_schema") : jsonSchemaProblem(schema, "generation_config.response_json_schema");
  if (problem) return { error: invalidArgument(problem) };
  return { output: { schema } };
}
