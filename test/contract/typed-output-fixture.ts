/**
 * A typed-output spec with every property type Inkwell fills, and helpers to
 * read an engine's streamed JSON answer the way the pipeline will.
 */
import type { GenerationEvent } from "../../src/ai/engine";
import { buildOutputSchema, parseAnswerJson, validateAnswer, type TypedOutputSpec, type ValidationResult } from "../../src/core/typed-output";

export const EVERY_TYPE_SPEC: TypedOutputSpec = {
  allowNewOptions: false,
  properties: [
    { name: "Summary", type: "rich_text", instruction: "Two sentences." },
    { name: "Sentiment", type: "select", options: ["Positive", "Neutral", "Negative"] },
    { name: "Tags", type: "multi_select", options: ["Recipe", "Travel", "Work", "Health"], minItems: 1, maxItems: 3, instruction: "1–3 of the existing options" },
    { name: "Stage", type: "status", options: ["Not started", "In progress", "Done"] },
    { name: "Score", type: "number", minimum: 0, maximum: 10, integer: true },
    { name: "Share", type: "number", numberFormat: "percent", required: false },
    { name: "Due", type: "date" },
    { name: "Reviewed", type: "checkbox" },
    { name: "Source", type: "url", required: false },
    { name: "Contact", type: "email" },
  ],
};

export const EVERY_TYPE_SCHEMA = buildOutputSchema(EVERY_TYPE_SPEC);
export const OUTPUT = { name: "row_properties", schema: EVERY_TYPE_SCHEMA };

export interface Drained {
  text: string;
  events: GenerationEvent[];
  error?: unknown;
}

export async function drain(stream: AsyncIterable<GenerationEvent>): Promise<Drained> {
  const events: GenerationEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { text: joined(events), events };
  } catch (error) {
    return { text: joined(events), events, error };
  }
}

function joined(events: GenerationEvent[]): string {
  return events.map((event) => (event.type === "text" ? event.text : "")).join("");
}

/** The answer as the pipeline checks it: parsed, then validated against the spec. */
export function check(text: string, spec: TypedOutputSpec = EVERY_TYPE_SPEC): ValidationResult {
  const parsed = parseAnswerJson(text);
  return parsed.ok ? validateAnswer(parsed.value, spec) : { ok: false, reasons: [parsed.reason] };
}
