/**
 * Cutting existing content to a budget before it goes into a prompt.
 *
 * Why: a row's or page's body can be far longer than a model reads (Chrome's
 * on-device model takes a few thousand tokens) or than a user wants to pay
 * for, and the user must see how much was sent and whether it was cut.
 *
 * The cut falls between top-level blocks, so the model never sees half a
 * table or an unclosed code fence. Only when the very first block is larger
 * than the whole budget is that block cut, at its last line break within the
 * budget (else at the budget itself, never inside a surrogate pair), so some
 * content is always included.
 */
import { blocksToMarkdownParts, type ReadableBlock } from "./blocks-markdown";
import { parseMarkdown } from "./parse";

export interface CappedContent {
  /** The Markdown to include. */
  readonly text: string;
  /** Whether anything was left out. */
  readonly truncated: boolean;
  /** `text.length` (UTF-16 code units, the unit of the budget). */
  readonly chars: number;
  /** See `estimateTokens`. */
  readonly estimatedTokens: number;
}

/**
 * A deliberately cautious token estimate for budgets and previews: one token
 * per 4 ASCII characters (the usual rule for English text and code) plus one
 * token per other character (CJK, emoji and accented letters usually take one
 * or more tokens each). It overestimates rather than under, so a budget built
 * on it is not exceeded.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

function cutAt(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const lineBreak = text.lastIndexOf("\n", budget);
  if (lineBreak > 0) return text.slice(0, lineBreak).trimEnd();
  const high = text.charCodeAt(budget - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? budget - 1 : budget);
}

function capped(text: string, truncated: boolean): CappedContent {
  return { text, truncated, chars: text.length, estimatedTokens: estimateTokens(text) };
}

/** Markdown parts (from `blocksToMarkdownParts`) cut to `maxChars` at a block boundary. */
export function capMarkdownParts(parts: readonly { separator: string; markdown: string }[], maxChars: number): CappedContent {
  const budget = Math.max(0, Math.floor(maxChars));
  let text = "";
  for (const [i, part] of parts.entries()) {
    const next = text + part.separator + part.markdown;
    if (next.length <= budget) {
      text = next;
      continue;
    }
    if (i === 0) text = cutAt(part.markdown, budget);
    return capped(text, true);
  }
  return capped(text, false);
}

/** Blocks as Markdown, cut to `maxChars` at a block boundary. */
export function capBlocksMarkdown(blocks: readonly ReadableBlock[], maxChars: number): CappedContent {
  return capMarkdownParts(blocksToMarkdownParts(blocks), maxChars);
}

/**
 * Markdown text (e.g. from Notion's page-markdown endpoint) cut to `maxChars`
 * after its last top-level block that fits (a block boundary as the parser
 * sees it, so a code fence with blank lines inside is never split).
 */
export function capMarkdown(markdown: string, maxChars: number): CappedContent {
  const budget = Math.max(0, Math.floor(maxChars));
  const whole = markdown.trimEnd();
  if (whole.length <= budget) return capped(whole, false);
  let end = 0;
  for (const node of parseMarkdown(markdown).children) {
    const nodeEnd = node.position?.end.offset ?? markdown.length;
    if (nodeEnd > budget) break;
    end = nodeEnd;
  }
  return capped(end > 0 ? markdown.slice(0, end).trimEnd() : cutAt(whole, budget), true);
}
