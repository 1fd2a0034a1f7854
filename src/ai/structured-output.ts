/**
 * What every engine shares about structured output (GenerationRequest.output):
 * the errors for a refusal and for a schema the provider won't take, and the
 * one schema rewrite Claude needs. No SDK here.
 */
import { InkwellError } from "../core/errors";
import { REDACTED, redactSecrets } from "../core/redact";
import type { JsonSchema } from "../core/typed-output";

/** The longest stretch of a model's or server's own words quoted in a message. */
const QUOTE_LIMIT = 200;

/**
 * A provider's words, quoted. Secrets are scrubbed before the text is
 * shortened, and it is shortened at a space where it can be: the worker
 * scrubs every error again, but a key cut in half no longer looks like a key.
 */
function quote(text: string | null | undefined, secrets: readonly string[] = []): string {
  const trimmed = redactSecrets(text ?? "", secrets).replace(/\s+/g, " ").trim();
  if (!trimmed) return "";
  return ` (“${shorten(trimmed)}”)`;
}

/** At most `limit` characters, cut at a space where there is one in the second half. */
export function shorten(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  const marker = cut.lastIndexOf("[");
  if (space >= limit / 2) cut = cut.slice(0, space);
  // Not half a redaction mark either.
  else if (marker >= 0 && REDACTED.startsWith(cut.slice(marker))) cut = cut.slice(0, marker);
  return `${cut}…`;
}

/**
 * The model declined to answer. Retrying the same prompt gives the same
 * answer, so it is not retryable. `receivedChars`: text that streamed before
 * the model stopped (Claude's and Gemini's safety stops can come mid-answer),
 * which a page run keeps as a partial answer.
 */
export function refusedError(providerName: string, reason?: string | null, receivedChars = 0): InkwellError {
  return new InkwellError(
    "ai_refused",
    receivedChars > 0
      ? `${providerName} stopped partway through its answer and declined to continue${quote(reason)}. What it wrote before stopping is only part of an answer; rephrase the prompt or the connection's instructions, then generate again.`
      : `${providerName} declined to answer this prompt${quote(reason)}. Rephrase the prompt or the connection's instructions, then try again.`,
  );
}

/** The provider refused the answer format built from the chosen properties (a 400 about the schema, not about the key). */
export function schemaRejectedError(providerName: string, detail?: string | null): InkwellError {
  return new InkwellError(
    "ai_unsupported",
    `${providerName} didn't accept the answer format built from this connection's typed properties${quote(detail)}. ` +
      "Choose fewer properties or options, or another model or engine for this connection.",
  );
}

/** A local server that can't constrain its answer to a JSON schema (or refused this one). */
export function serverSchemaUnsupportedError(shownAddress: string, detail?: string | null, secrets: readonly string[] = []): InkwellError {
  return new InkwellError(
    "ai_unsupported",
    `The model server at ${shownAddress} refused the structured-output request${quote(detail, secrets)}. ` +
      "Filling typed properties needs a server and model with JSON-schema output (for example Ollama 0.5 or later, or LM Studio); " +
      "update the server or choose another engine for this connection. Body output works with any server.",
  );
}

/** Whether a 400's text is about the requested output format rather than the prompt or the key. */
export function mentionsSchema(text: string): boolean {
  return /schema|response_format|json_schema|text\.format|output_config|output_format|output format|responseJsonSchema|response_json_schema|response_mime_type|structured|grammar/i.test(text);
}

/** Constraints Claude's structured outputs reject; they are kept as words in the description instead. */
const CLAUDE_UNSUPPORTED = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "maxItems", "pattern"] as const;

type Node = { [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The schema as Claude's structured outputs (output_config.format) accept it.
 * Claude's grammar compiler rejects numeric bounds, string lengths and array
 * sizes beyond minItems 0 or 1, and objects that don't say
 * `additionalProperties: false`; the constraints become words in the
 * description (the answer is validated against the full schema anyway). A nullable type array
 * (["string", "null"]) becomes anyOf, the form Claude documents.
 */
export function schemaForClaude(schema: JsonSchema): JsonSchema {
  return rewrite({ ...schema });
}

function rewrite(node: Node): Node {
  const type = node.type;
  if (Array.isArray(type) && type.includes("null") && type.length === 2) {
    const base = type.find((t) => t !== "null");
    const { description, ...rest } = node;
    const values = Array.isArray(rest.enum) ? { enum: rest.enum.filter((value) => value !== null) } : {};
    const inner = rewrite({ ...rest, ...values, type: base });
    return { anyOf: [inner, { type: "null" }], ...(typeof description === "string" ? { description } : {}) };
  }
  const out: Node = {};
  const moved: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if ((CLAUDE_UNSUPPORTED as readonly string[]).includes(key) || (key === "minItems" && typeof value === "number" && value > 1)) {
      moved.push(`${key}: ${JSON.stringify(value)}`);
    } else if (key === "properties" && isNode(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isNode(child) ? rewrite(child) : child]));
    } else if (key === "items" && isNode(value)) {
      out.items = rewrite(value);
    } else if (key === "anyOf" && Array.isArray(value)) {
      out.anyOf = value.map((child: unknown) => (isNode(child) ? rewrite(child) : child));
    } else {
      out[key] = value;
    }
  }
  // Claude requires every object to say so explicitly.
  if (out.type === "object") out.additionalProperties = false;
  if (moved.length > 0) {
    const existing = typeof out.description === "string" && out.description ? `${out.description} ` : "";
    out.description = `${existing}{${moved.join(", ")}}`;
  }
  return out;
}
