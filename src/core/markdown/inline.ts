/**
 * mdast phrasing content → Notion rich text.
 *
 * Formatting is carried down the tree as a set of marks plus an optional link,
 * so nested constructs combine (`***bold italic***`, `` [`code`](url) ``).
 * Adjacent pieces with identical formatting are merged, which keeps arrays short
 * (Notion allows 100 items) and makes the output independent of how the parser
 * happened to cut the text into nodes.
 *
 * No length limits are applied here: see split-rich-text.ts.
 */
import type { Nodes, PhrasingContent } from "mdast";
import { MAX_EQUATION_EXPRESSION_LENGTH } from "./limits";
import type { Marks, RichTextItem } from "./types";
import { toLinkUrl } from "./urls";

type Annotations = NonNullable<RichTextItem["annotations"]>;

function annotationsOf(marks: Marks): Annotations | undefined {
  const a: { bold?: true; italic?: true; strikethrough?: true; code?: true } = {};
  if (marks.bold === true) a.bold = true;
  if (marks.italic === true) a.italic = true;
  if (marks.strikethrough === true) a.strikethrough = true;
  if (marks.code === true) a.code = true;
  return Object.keys(a).length > 0 ? a : undefined;
}

/** A plain text item (`link` already validated by the caller). */
export function textItem(content: string, marks: Marks = {}, link?: string): RichTextItem {
  const annotations = annotationsOf(marks);
  const text = link === undefined ? { content } : { content, link: { url: link } };
  return annotations === undefined ? { type: "text", text } : { type: "text", text, annotations };
}

function equationItem(expression: string, marks: Marks): RichTextItem {
  const annotations = annotationsOf(marks);
  const equation = { expression };
  return annotations === undefined ? { type: "equation", equation } : { type: "equation", equation, annotations };
}

function sameFormatting(a: RichTextItem, b: RichTextItem): boolean {
  return (
    JSON.stringify(a.annotations ?? {}) === JSON.stringify(b.annotations ?? {}) &&
    "text" in a &&
    "text" in b &&
    (a.text.link?.url ?? null) === (b.text.link?.url ?? null)
  );
}

/** Accumulates items, merging a text item into the previous one when the formatting matches. */
export class RichTextBuilder {
  readonly items: RichTextItem[] = [];

  push(item: RichTextItem): void {
    if ("text" in item && item.text.content === "") return;
    const last = this.items[this.items.length - 1];
    if (last !== undefined && "text" in last && "text" in item && sameFormatting(last, item)) {
      this.items[this.items.length - 1] = { ...last, text: { ...last.text, content: last.text.content + item.text.content } };
    } else {
      this.items.push(item);
    }
  }

  text(content: string, marks: Marks, link?: string): void {
    this.push(textItem(content, marks, link));
  }
}

/** Merge adjacent items with the same formatting (e.g. a prefix and the text it precedes). */
export function mergeRichText(items: readonly RichTextItem[]): RichTextItem[] {
  const out = new RichTextBuilder();
  for (const item of items) out.push(item);
  return out.items;
}

/** The source text of a node (used whenever we keep something "as written"). */
export function sourceOf(node: Nodes, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return "value" in node ? String(node.value) : "";
  return source.slice(start, end);
}

/**
 * Whether `$…$` really is math. micromark treats any pair of dollars as math,
 * so "costs $5 and $10" would become the equation "5 and ". We follow Pandoc's
 * rule for single dollars: no space just inside either dollar, and no digit
 * right after the closing one. `$$…$$` is always math.
 */
function isRealMath(node: Extract<PhrasingContent, { type: "inlineMath" }>, source: string): boolean {
  if (node.value.trim() === "") return false;
  const raw = sourceOf(node, source);
  if (raw.startsWith("$$") || node.position === undefined) return true;
  const inner = raw.slice(1, -1);
  const after = source.charAt(node.position.end.offset ?? source.length);
  return !/^\s|\s$/.test(inner) && !/[0-9]/.test(after);
}

/** `<br>`, `<br/>`, `<br />`: the one HTML tag with an exact rich-text equivalent. */
export const HTML_LINE_BREAK = /^<br\s*\/?>$/i;

interface Context {
  readonly marks: Marks;
  readonly link: string | undefined;
  readonly source: string;
}

/**
 * Render an image that cannot be an image block (inside a heading, link, table
 * cell, or with an unusable URL): its alt text linked to the image when the URL
 * is a valid link, or the URL itself when there is no alt text.
 */
function imageAsText(out: RichTextBuilder, url: string, alt: string, ctx: Context): void {
  if (alt === "") out.text(url, ctx.marks, ctx.link ?? toLinkUrl(url));
  else out.text(alt, ctx.marks, ctx.link ?? toLinkUrl(url));
}

function convert(out: RichTextBuilder, nodes: readonly PhrasingContent[], ctx: Context): void {
  for (const node of nodes) {
    switch (node.type) {
      case "text":
        out.text(node.value, ctx.marks, ctx.link);
        break;
      case "break":
        out.text("\n", ctx.marks, ctx.link);
        break;
      case "strong":
        convert(out, node.children, { ...ctx, marks: { ...ctx.marks, bold: true } });
        break;
      case "emphasis":
        convert(out, node.children, { ...ctx, marks: { ...ctx.marks, italic: true } });
        break;
      case "delete":
        convert(out, node.children, { ...ctx, marks: { ...ctx.marks, strikethrough: true } });
        break;
      case "inlineCode":
        out.text(node.value, { ...ctx.marks, code: true }, ctx.link);
        break;
      case "link": {
        // A link Notion would reject (relative, too long…) keeps its text without the link.
        const url = ctx.link ?? toLinkUrl(node.url);
        const inner = new RichTextBuilder();
        convert(inner, node.children, { ...ctx, link: url });
        // `[](https://x)` has no text: show the URL so the link is not lost.
        if (inner.items.length === 0) out.text(node.url, ctx.marks, url);
        for (const item of inner.items) out.push(item);
        break;
      }
      case "image":
        imageAsText(out, node.url, node.alt ?? "", ctx);
        break;
      case "inlineMath":
        if (!isRealMath(node, ctx.source)) out.text(sourceOf(node, ctx.source), ctx.marks, ctx.link);
        else if (node.value.length <= MAX_EQUATION_EXPRESSION_LENGTH) out.push(equationItem(node.value, ctx.marks));
        // Too long for an inline equation: keep the LaTeX source, as code.
        else out.text(node.value, { ...ctx.marks, code: true }, ctx.link);
        break;
      case "html":
        out.text(HTML_LINE_BREAK.test(node.value.trim()) ? "\n" : node.value, ctx.marks, ctx.link);
        break;
      default:
        // References are disabled in parse.ts and nothing else is expected here;
        // should anything appear, keep the text exactly as written.
        out.text(sourceOf(node, ctx.source), ctx.marks, ctx.link);
    }
  }
}

/** Convert phrasing nodes to rich text (not yet split to Notion's limits). */
export function phrasingToRichText(nodes: readonly PhrasingContent[], source: string): RichTextItem[] {
  const out = new RichTextBuilder();
  convert(out, nodes, { marks: {}, link: undefined, source });
  return out.items;
}
