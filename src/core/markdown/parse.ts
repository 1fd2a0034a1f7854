/**
 * Markdown → mdast, with GFM (tables, task lists, strikethrough, autolinks,
 * footnote definitions) and math (`$…$`, `$$…$$`).
 */
import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { mathFromMarkdown } from "mdast-util-math";
import { gfm } from "micromark-extension-gfm";
import { math } from "micromark-extension-math";

/**
 * Constructs switched off on purpose: link reference definitions
 * (`[id]: url`) and footnote calls (`[^id]`).
 *
 * Both make the meaning of earlier text depend on a definition that may come
 * later (`[text][id]` is a link only if `[id]: …` exists anywhere in the
 * document). A streamed answer is converted block by block before its end is
 * known, so such references could never be converted consistently. With them
 * off, every top-level block parses the same on its own as in the whole
 * document (which streaming relies on), and the text stays visible exactly as
 * written: `[text][id]`, `[^1]`, `[id]: https://…` (whose URL still becomes a
 * link through GFM autolinks). Footnote *definitions* stay on: they are
 * self-contained blocks.
 */
const contextFree = {
  disable: { null: ["definition", "gfmFootnoteCall", "gfmPotentialFootnoteCall"] },
};

/** Parse Markdown into an mdast tree with positions (offsets index into `markdown`). */
export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, {
    extensions: [gfm(), math(), contextFree],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()],
  });
}

/**
 * The Markdown inside an HTML block (`<details>` content written without blank
 * lines, a `<div>`…), parsed again so that its Markdown is converted and its
 * tags become inline HTML nodes that inline.ts maps to formatting. HTML blocks
 * are off (the same text would be one HTML block again), and so is indented
 * code: indentation inside HTML is layout, not code.
 */
export function parseHtmlContent(markdown: string): Root {
  return fromMarkdown(markdown, {
    extensions: [gfm(), math(), contextFree, { disable: { null: ["htmlFlow", "codeIndented"] } }],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()],
  });
}
