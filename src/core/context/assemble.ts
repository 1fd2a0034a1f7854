/**
 * Exactly what one generation sends: the system instruction, the prompt (with
 * any content read from Notion), the structured-output schema, and a report of
 * the included content. The run sends what this returns and the preview shows
 * it, so what the user reviews is what the model gets.
 *
 * Why the pieces go where they do:
 * - the database's and properties' descriptions are standing instructions
 *   (opt-in), so they go into the system instruction, after Inkwell's own and
 *   before the user's, which has the last word;
 * - a row's body replaces `{{Page content}}` in the template (the caller fills
 *   it), where the user put it; a page's content has no placeholder, so it
 *   follows the prompt, fenced in tags the model can tell from the request;
 * - typed outputs ask for one JSON object instead of Markdown: the base
 *   instruction changes, and tone and length apply to the body only.
 */
import type { IncludedContent } from "../../shared/protocol/types";
import type { GenerationOptions } from "../../shared/storage/schema";
import { estimateTokens } from "../markdown/content-cap";
import { BASE_SYSTEM_INSTRUCTION } from "../prompt";
import { ROW_ANSWER_SCHEMA_NAME, rowAnswerSchema } from "../typed-output/row-answer";
import type { JsonSchema } from "../typed-output/schema";
import type { TypedOutputSpec } from "../typed-output/types";

/** Characters of page or row content sent when the connection sets no cap (about 5,000 tokens of English). */
export const DEFAULT_CONTENT_CAP_CHARS = 20_000;

export interface TypedRequest {
  spec: TypedOutputSpec;
  /** With body output: the answer's key for the body (see bodyKeyFor). */
  bodyKey?: string;
}

export interface AssembleInput {
  /** The prompt: a page's (dates filled), or a row's template filled (its body in place of {{Page content}}). */
  prompt: string;
  options: GenerationOptions;
  /** Content read from Notion. A page's is appended to the prompt; a row's is already in it (reported only). */
  included?: IncludedContent | null;
  /** Standing instructions written in Notion (the database's and the used properties' descriptions), as text; "" or absent = none. */
  standing?: string | null;
  typed?: TypedRequest | null;
}

export interface AssembledRequest {
  systemInstruction: string;
  prompt: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Typed outputs: the structured-output request. */
  output?: { name: string; schema: JsonSchema };
  included: IncludedContent | null;
  estimatedInputTokens: number;
}

export const TYPED_SYSTEM_INSTRUCTION =
  "You fill in the properties of one row of a Notion database. Answer with one JSON object that follows the given JSON schema exactly: " +
  "every key, each value of the type asked for, options only as listed (unless the schema allows new ones), and no text outside the object.";

const TONES: Readonly<Record<Exclude<GenerationOptions["tone"], "">, string>> = {
  neutral: "Use a neutral, factual tone.",
  friendly: "Use a warm, friendly, conversational tone.",
  formal: "Use a formal, professional tone.",
  persuasive: "Use a persuasive tone that argues for the reader to act.",
};

const LENGTHS: Readonly<Record<Exclude<GenerationOptions["length"], "">, string>> = {
  short: "Keep it short: about 150 words.",
  medium: "Aim for about 500 words.",
  long: "Write a thorough piece of about 1200 words.",
};

function bodyInstruction(bodyKey: string): string {
  return (
    `Put the page body under "${bodyKey}", as Markdown (headings, lists, tables, quotes and fenced code blocks where they help; ` +
    "no preamble or closing remarks), and the properties under their own names."
  );
}

/** The opening bracket of a page_content tag as a model might read one: any case, spaces inside, opening or closing, closed or not. */
const FENCE_TAG_START = /<(?=\s*\/?\s*page_content)/gi;

/**
 * The page's content after the prompt, fenced so the model can tell it from the
 * request. A tag of the fence inside the content (a page that quotes it) is
 * escaped, so the content can't close the fence early and pass as the request.
 */
export function withPageContent(prompt: string, content: string): string {
  const fenced = content.replace(FENCE_TAG_START, "&lt;");
  return `${prompt}\n\nThe page's current content, in Markdown:\n<page_content>\n${fenced}\n</page_content>`;
}

export function assembleRequest(input: AssembleInput): AssembledRequest {
  const { options, typed } = input;
  const bodyAnswer = !typed || typed.bodyKey !== undefined;
  const system = [
    typed ? TYPED_SYSTEM_INSTRUCTION : BASE_SYSTEM_INSTRUCTION,
    typed?.bodyKey !== undefined ? bodyInstruction(typed.bodyKey) : "",
    bodyAnswer && options.tone ? TONES[options.tone] : "",
    bodyAnswer && options.length ? LENGTHS[options.length] : "",
    input.standing?.trim() ?? "",
    options.systemInstruction.trim(),
  ]
    .filter(Boolean)
    .join("\n\n");
  const included = input.included ?? null;
  const trimmed = input.prompt.trim();
  const prompt = included?.source === "page" ? withPageContent(trimmed, included.text) : trimmed;
  const output = typed ? { name: ROW_ANSWER_SCHEMA_NAME, schema: rowAnswerSchema(typed.spec, typed.bodyKey) } : undefined;
  return {
    systemInstruction: system,
    prompt,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
    ...(output ? { output } : {}),
    included,
    // The schema travels with the request and counts as input too.
    estimatedInputTokens: estimateTokens(system) + estimateTokens(prompt) + (output ? estimateTokens(JSON.stringify(output.schema)) : 0),
  };
}

/** Content as the preview and the row's result report it. */
export function includedContent(source: IncludedContent["source"], capped: { text: string; truncated: boolean }, capChars: number): IncludedContent {
  return { source, text: capped.text, chars: capped.text.length, estimatedTokens: estimateTokens(capped.text), truncated: capped.truncated, capChars };
}

/** What a row's result says when its content was cut. */
export function contentCutNotice(content: IncludedContent): string {
  const what = content.source === "row" ? "The row's content" : "The page's content";
  return `${what} was cut to ${content.capChars.toLocaleString("en-US")} characters before it was sent (the connection's cap).`;
}
