/**
 * One row's answer, ready to store: Markdown as the model wrote it, or a typed
 * answer validated against the properties, with one corrective retry when the
 * first answer can't be written. Nothing here writes to Notion: the answer is
 * stored before any write, so a resumed run never generates twice.
 */
import type { AssembledRequest } from "../../core/context/assemble";
import { checkRowAnswer, correctivePrompt, encodeTypedAnswer, type TypedRowAnswer } from "../../core/typed-output/row-answer";
import { reasonsSummary, type TypedOutputSpec } from "../../core/typed-output";

export interface Generated {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** Sends one request (admitted and retried by the run); throws InkwellError, "ai_refused" for a refusal. */
export type Ask = (request: AssembledRequest) => Promise<Generated>;

export type RowAnswer =
  /** What to store: the Markdown, or the encoded typed answer. */
  | { kind: "answer"; stored: string; markdown?: string; typed?: TypedRowAnswer; inputTokens: number; outputTokens: number; retried: boolean }
  | { kind: "empty"; inputTokens: number; outputTokens: number }
  /** The typed answer was still invalid after the corrective retry: the row fails with `reason`, nothing written. */
  | { kind: "invalid"; reason: string; inputTokens: number; outputTokens: number };

export function invalidAnswerReason(reasons: string): string {
  return `The answer didn't fit the properties, even after one corrective retry, so nothing of this row was written: ${reasons}`;
}

export async function generateRowAnswer(ask: Ask, request: AssembledRequest, typed?: { spec: TypedOutputSpec; bodyKey?: string }): Promise<RowAnswer> {
  const first = await ask(request);
  if (!typed) {
    if (first.text.trim() === "") return { kind: "empty", inputTokens: first.inputTokens, outputTokens: first.outputTokens };
    return { kind: "answer", stored: first.text, markdown: first.text, inputTokens: first.inputTokens, outputTokens: first.outputTokens, retried: false };
  }
  const checked = checkRowAnswer(first.text, typed.spec, typed.bodyKey);
  if (checked.ok) return { kind: "answer", stored: encodeTypedAnswer(checked.answer), typed: checked.answer, inputTokens: first.inputTokens, outputTokens: first.outputTokens, retried: false };
  const second = await ask({ ...request, prompt: correctivePrompt(request.prompt, first.text, checked.reasons) });
  const inputTokens = first.inputTokens + second.inputTokens;
  const outputTokens = first.outputTokens + second.outputTokens;
  const again = checkRowAnswer(second.text, typed.spec, typed.bodyKey);
  if (!again.ok) return { kind: "invalid", reason: invalidAnswerReason(reasonsSummary(again.reasons)), inputTokens, outputTokens };
  return { kind: "answer", stored: encodeTypedAnswer(again.answer), typed: again.answer, inputTokens, outputTokens, retried: true };
}
