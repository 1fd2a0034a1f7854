import type { Refusal } from "./script";
import { countTokens, tokenize } from "./tokens";

/**
 * The outcome of "running the model" once the answer text is known: which
 * tokens the client will receive and the usage figures, applying the output
 * limit the request set.
 *
 * Reasoning ("thinking") models spend hidden tokens before the visible answer,
 * and both providers count them against the output limit; with a small limit
 * the visible answer can be cut short or even empty. `reasoningTokens`
 * simulates that (0 by default).
 */
export interface Generation {
  /** Visible output tokens, after truncation. */
  tokens: string[];
  /** Their concatenation. */
  text: string;
  promptTokens: number;
  /** Hidden reasoning tokens spent (counted in the output limit). */
  reasoningTokens: number;
  /** True when the output limit stopped the answer early. */
  truncated: boolean;
  /** Set when the model declines: `tokens` then hold its refusal text, which each provider sends in its own form. */
  refusal?: Refusal;
}

export function generate(answer: string, promptText: string, limits: { maxOutputTokens?: number; reasoningTokens: number }): Generation {
  const all = tokenize(answer);
  const budget = limits.maxOutputTokens ?? Infinity;
  const reasoningTokens = Math.min(limits.reasoningTokens, budget);
  const visible = Math.max(0, Math.min(all.length, budget - reasoningTokens));
  const tokens = all.slice(0, visible);
  return {
    tokens,
    text: tokens.join(""),
    promptTokens: countTokens(promptText),
    reasoningTokens,
    truncated: visible < all.length || limits.reasoningTokens > budget,
  };
}
