/**
 * Making rich text fit Notion's limits: at most 2000 code units per text item,
 * at most 100 items per array, and (our budget) a bounded JSON size per block.
 */
import { jsonByteLength } from "./json-size";
import { MAX_BLOCK_CONTENT_BYTES, MAX_RICH_TEXT_CONTENT_LENGTH, MAX_RICH_TEXT_ITEMS } from "./limits";
import type { RichTextItem } from "./types";

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Cut a string into pieces of at most `max` UTF-16 code units. A cut never falls
 * between the two halves of a surrogate pair (an emoji split across two items
 * would be sent as two lone surrogates and arrive as two U+FFFD).
 */
export function splitText(text: string, max: number = MAX_RICH_TEXT_CONTENT_LENGTH): string[] {
  if (max < 2) throw new RangeError("max must be at least 2 to keep surrogate pairs whole");
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > max) {
    let end = start + max;
    if (isLowSurrogate(text.charCodeAt(end)) && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length || pieces.length === 0) pieces.push(text.slice(start));
  return pieces;
}

/**
 * Split every text item whose content is too long into several items, each
 * keeping the original annotations and link.
 */
export function splitLongTextItems(items: readonly RichTextItem[]): RichTextItem[] {
  const out: RichTextItem[] = [];
  for (const item of items) {
    if (!("text" in item) || item.text.content.length <= MAX_RICH_TEXT_CONTENT_LENGTH) {
      out.push(item);
      continue;
    }
    for (const content of splitText(item.text.content)) {
      out.push({ ...item, text: { ...item.text, content } });
    }
  }
  return out;
}

/**
 * Group rich-text items into arrays Notion accepts: at most 100 items and at most
 * `maxBytes` of JSON each. Always returns at least one (possibly empty) array so
 * that a block with no text still becomes one block.
 */
export function chunkRichText(
  items: readonly RichTextItem[],
  maxItems: number = MAX_RICH_TEXT_ITEMS,
  maxBytes: number = MAX_BLOCK_CONTENT_BYTES,
): RichTextItem[][] {
  const chunks: RichTextItem[][] = [];
  let current: RichTextItem[] = [];
  let bytes = 2; // "[]"
  for (const item of items) {
    const size = jsonByteLength(item) + 1; // + separating comma
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(item);
    bytes += size;
  }
  chunks.push(current);
  return chunks;
}

/** `splitLongTextItems` then `chunkRichText`: the one call block builders need. */
export function fitRichText(items: readonly RichTextItem[]): RichTextItem[][] {
  return chunkRichText(splitLongTextItems(items));
}
