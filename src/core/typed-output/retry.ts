/**
 * What the model and the user are told when an answer is refused.
 *
 * Why: an invalid answer gets exactly one corrective retry, and the retry only
 * helps if the model learns precisely what was wrong; after that the row fails
 * with the same reasons, worded for a person.
 */
import type { ValidationReason } from "./types";

/** The follow-up instruction for the one corrective retry (sent with the previous answer in the conversation). */
export function correctiveInstruction(reasons: readonly ValidationReason[]): string {
  const lines = reasons.map((r) => `- ${r.message}`);
  return [
    "Your previous answer could not be used:",
    ...lines,
    "Answer again with one JSON object that follows the schema exactly, fixing these problems and keeping the values that were right. Reply with the JSON object only.",
  ].join("\n");
}

/** The reasons as one line for a row's result ("Could not write: …"). */
export function reasonsSummary(reasons: readonly ValidationReason[]): string {
  return reasons.map((r) => r.message).join(" ");
}
