/**
 * The emulators' tokenizer. Real tokenizers are model-specific; what tests need
 * is a rule that is deterministic, cheap, and roughly as coarse as the real
 * thing (about four characters per token), so that token counts, usage figures
 * and `max*Tokens` limits behave plausibly.
 *
 * Rule: a token is any leading whitespace plus up to four non-whitespace code
 * points, or a trailing run of whitespace. Matching code points (the `u` flag)
 * keeps surrogate pairs together, so a delta never carries half an emoji.
 * Grapheme clusters (ZWJ emoji, flags, combining marks) may still be split
 * across tokens, as they are by real byte-level tokenizers: clients must
 * concatenate deltas before rendering them.
 *
 * Invariant: `tokenize(text).join("") === text`.
 */
const TOKEN = /\s*\S{1,4}|\s+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}
