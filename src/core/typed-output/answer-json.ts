/**
 * The JSON object in a model's text answer.
 *
 * Why not just `JSON.parse`: with structured output the answer is pure JSON,
 * but engines without it (and small local models even with it) wrap the
 * object in a ```json fence or a sentence. The object is taken from a fence,
 * else from the first "{" to the last "}"; anything else is a clear reason.
 */
import type { ValidationReason } from "./types";

export type ParsedAnswer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: ValidationReason };

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

export function parseAnswerJson(text: string): ParsedAnswer {
  const trimmed = text.trim();
  const candidates = [trimmed];
  const fence = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/.exec(trimmed);
  if (fence?.[1] !== undefined) candidates.push(fence[1].trim());
  const first = trimmed.indexOf("{");
  const last = trimmed.lastIndexOf("}");
  if (first >= 0 && last > first) candidates.push(trimmed.slice(first, last + 1));
  for (const candidate of candidates) {
    const parsed = tryParse(candidate);
    if (parsed !== undefined) return { ok: true, value: parsed.value };
  }
  const message = trimmed === "" ? "The answer is empty: it must be one JSON object." : "The answer is not valid JSON: it must be one JSON object, with no other text.";
  return { ok: false, reason: { code: "not_json", message } };
}
