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
import { decodeEntities, htmlToPlainText, toScript, tokenizeHtml, type HtmlToken } from "./html";
import { MAX_EQUATION_EXPRESSION_LENGTH } from "./limits";
import type { Marks, RichTextItem } from "./types";
import { toLinkUrl } from "./urls";

type Annotations = NonNullable<RichTextItem["annotations"]>;

function annotationsOf(marks: Marks): Annotations | undefined {
  const a: { bold?: true; italic?: true; strikethrough?: true; underline?: true; code?: true; color?: "yellow_background" } = {};
  if (marks.bold === true) a.bold = true;
  if (marks.italic === true) a.italic = true;
  if (marks.strikethrough === true) a.strikethrough = true;
  if (marks.underline === true) a.underline = true;
  if (marks.code === true) a.code = true;
  if (marks.color !== undefined) a.color = marks.color;
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
  readonly script?: "sup" | "sub";
}

/** Inline HTML elements and the formatting they stand for (anything else: tags dropped, text kept). */
const MARK_TAGS: Readonly<Record<string, Marks>> = {
  b: { bold: true },
  strong: { bold: true },
  i: { italic: true },
  em: { italic: true },
  cite: { italic: true },
  var: { italic: true },
  dfn: { italic: true },
  s: { strikethrough: true },
  del: { strikethrough: true },
  strike: { strikethrough: true },
  u: { underline: true },
  ins: { underline: true },
  code: { code: true },
  kbd: { code: true },
  samp: { code: true },
  tt: { code: true },
  mark: { color: "yellow_background" },
};

/** Elements without content: a tag of theirs never opens anything. */
const VOID_TAGS: ReadonlySet<string> = new Set(["br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "track", "param", "base"]);

/** The context inside an opening tag, or undefined when the tag changes nothing. */
function contextInside(token: Extract<HtmlToken, { kind: "open" }>, ctx: Context): Context | undefined {
  const marks = MARK_TAGS[token.name];
  if (marks !== undefined) return { ...ctx, marks: { ...ctx.marks, ...marks } };
  if (token.name === "sup" || token.name === "sub") return { ...ctx, script: token.name };
  if (token.name === "a") {
    const href = token.attributes.get("href");
    const url = ctx.link ?? (href === undefined ? undefined : toLinkUrl(href));
    return url === undefined ? undefined : { ...ctx, link: url };
  }
  return undefined;
}

/**
 * Inline HTML, one tag at a time: the elements that are open in this run of
 * siblings (`<kbd>` … `</kbd>` are separate nodes around the text they wrap).
 * A closing tag closes the innermost open element of its name and everything
 * opened after it; a closing tag with nothing to close is dropped. Elements
 * still open at the end of the run end with it.
 */
class OpenElements {
  private readonly stack: { name: string; ctx: Context }[] = [];
  /** The last thing written was a `<br>`: the line ending written after it in the source is layout, not a second break. */
  private afterBreak = false;

  constructor(private readonly base: Context) {}

  get context(): Context {
    return this.stack[this.stack.length - 1]?.ctx ?? this.base;
  }

  /** Text that follows inline HTML in the same run (drops the line ending right after a `<br>`). */
  text(out: RichTextBuilder, text: string): void {
    emit(out, this.afterBreak ? text.replace(/^[ \t]*(?:\r\n|\r|\n)/, "") : text, this.context);
    this.afterBreak = false;
  }

  apply(out: RichTextBuilder, html: string): void {
    for (const token of tokenizeHtml(html)) {
      const ctx = this.context;
      if (token.kind !== "hidden") this.afterBreak = false;
      switch (token.kind) {
        case "text":
          this.text(out, decodeEntities(token.raw));
          break;
        case "cdata":
          emit(out, token.text, ctx);
          break;
        case "literal":
          emit(out, token.raw, ctx);
          break;
        case "hidden":
          break;
        case "close": {
          const index = this.stack.map((e) => e.name).lastIndexOf(token.name);
          if (index >= 0) this.stack.length = index;
          break;
        }
        case "open": {
          if (token.name === "br") {
            out.text("\n", ctx.marks, ctx.link);
            this.afterBreak = true;
          } else if (token.name === "img") {
            imageAsText(out, token.attributes.get("src") ?? "", token.attributes.get("alt") ?? "", ctx);
          }
          if (token.selfClosing || VOID_TAGS.has(token.name)) break;
          const inner = contextInside(token, ctx);
          // Unknown elements are still tracked so that their closing tag cannot close an outer one.
          this.stack.push({ name: token.name, ctx: inner ?? ctx });
          break;
        }
      }
    }
  }
}

function emit(out: RichTextBuilder, text: string, ctx: Context): void {
  out.text(ctx.script === undefined ? text : toScript(text, ctx.script), ctx.marks, ctx.link);
}

/**
 * Render an image that cannot be an image block (inside a heading, link, table
 * cell, or with an unusable URL): its alt text linked to the image when the URL
 * is a valid link, or the URL itself when there is no alt text.
 */
function imageAsText(out: RichTextBuilder, url: string, alt: string, ctx: Context): void {
  const text = htmlToPlainText(alt);
  if (text === "") out.text(url, ctx.marks, ctx.link ?? toLinkUrl(url));
  else out.text(text, ctx.marks, ctx.link ?? toLinkUrl(url));
}

function convert(out: RichTextBuilder, nodes: readonly PhrasingContent[], base: Context): void {
  const open = new OpenElements(base);
  for (const node of nodes) {
    const ctx = open.context;
    switch (node.type) {
      case "text":
        open.text(out, node.value);
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
        // Not math ("$20 … $15"): the text as written, where tags still count as HTML.
        if (!isRealMath(node, ctx.source)) open.apply(out, sourceOf(node, ctx.source));
        else if (node.value.length <= MAX_EQUATION_EXPRESSION_LENGTH) out.push(equationItem(node.value, ctx.marks));
        // Too long for an inline equation: keep the LaTeX source, as code.
        else out.text(node.value, { ...ctx.marks, code: true }, ctx.link);
        break;
      case "html":
        // Never written as text: mapped to formatting, or dropped keeping the text it wraps.
        open.apply(out, node.value);
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
