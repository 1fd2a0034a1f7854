/**
 * Writing a Markdown answer into a rich_text (text) property of a database row.
 *
 * Decisions
 * - The answer is parsed exactly as for a page body (`parseMarkdown`) and its
 *   inline content goes through the converter's own inline conversion
 *   (`phrasingToRichText`), so bold, italic, strikethrough, inline code, links
 *   and inline equations are kept as in a page, at no extra cost. Block
 *   structure is flattened here, from the syntax tree rather than from
 *   `markdownToBlocks`, because the block converter already cuts long text into
 *   continuation blocks that could not be told apart from real paragraphs.
 * - Layout in the flattened text:
 *   - blocks (paragraphs, headings, quotes, code, tables…) are separated by "\n\n";
 *   - list items are lines separated by "\n": "• item", "1. item" (numbered
 *     from the list's own start), "☐ task" / "☑ done"; nested items and other
 *     content inside an item are indented by two spaces per level (continuation
 *     lines of a multi-line item are not re-indented);
 *   - headings are bold; code blocks keep their text with the `code`
 *     annotation; display math is an equation item (LaTeX as code beyond
 *     Notion's 1000-character expression limit); a table is one line per row
 *     with cells joined by " | "; an image is its alt text (or URL) linked to
 *     the image; raw HTML is kept as text; dividers are dropped (the blank line
 *     already separates).
 * - Limits: each text item ≤ 2000 UTF-16 code units, cut between code points
 *   (never inside a surrogate pair), ≤ 100 items, and the array's JSON kept
 *   under the converter's per-block byte budget (100 items of 2000 CJK
 *   characters would otherwise be a 600 KB request, over Notion's 500 KB).
 *   What does not fit is dropped: `truncated: true` and the text ends with "…".
 * - `characters`: the length (UTF-16 code units, as Notion counts) of the text
 *   actually written, "…" included, equations counted by their expression.
 */
import type { List, ListItem, RootContent, Table } from "mdast";
import type { RichTextItem } from "./markdown";
import { htmlToPlainText } from "./markdown/html";
import { mergeRichText, phrasingToRichText, sourceOf } from "./markdown/inline";
import { MAX_BLOCK_CONTENT_BYTES, MAX_EQUATION_EXPRESSION_LENGTH, MAX_RICH_TEXT_CONTENT_LENGTH, MAX_RICH_TEXT_ITEMS } from "./markdown/limits";
import { parseMarkdown } from "./markdown/parse";
import { chunkRichText, splitLongTextItems } from "./markdown/split-rich-text";
import { isEmptyProperty } from "./property-text";

/** One item of a rich_text array in a request (the SDK does not export its own name for it). */
export type RichTextItemRequest = RichTextItem;

export interface PropertyRichText {
  richText: RichTextItemRequest[];
  truncated: boolean;
  characters: number;
}

/** Budget: JSON bytes of the whole rich_text array (same budget as one block's text). */
export const MAX_PROPERTY_RICH_TEXT_BYTES = MAX_BLOCK_CONTENT_BYTES;

export const TRUNCATION_MARK = "…";

/** Whether a property value is empty (re-exported for the output side: "overwrite only if empty"). */
export { isEmptyProperty as propertyIsEmpty };

const INDENT = "  ";

interface Unit {
  /** "line": a list line, joined to a neighbouring line by "\n"; "block": separated by "\n\n". */
  readonly kind: "line" | "block";
  readonly items: RichTextItem[];
}

const plain = (content: string): RichTextItem => ({ type: "text", text: { content } });

function isText(item: RichTextItem): item is Extract<RichTextItem, { text: unknown }> {
  return "text" in item;
}

function withMark(items: readonly RichTextItem[], mark: "bold" | "code"): RichTextItem[] {
  return items.map((item) => ({ ...item, annotations: { ...item.annotations, [mark]: true } }) as RichTextItem);
}

function mathItems(value: string): RichTextItem[] {
  if (value.trim() === "") return [];
  if (value.length <= MAX_EQUATION_EXPRESSION_LENGTH) return [{ type: "equation", equation: { expression: value } }];
  return withMark([plain(value)], "code");
}

function tableItems(node: Table, source: string): RichTextItem[] {
  const out: RichTextItem[] = [];
  node.children.forEach((row, r) => {
    if (r > 0) out.push(plain("\n"));
    row.children.forEach((cell, c) => {
      if (c > 0) out.push(plain(" | "));
      out.push(...phrasingToRichText(cell.children, source));
    });
  });
  return out;
}

class Flattener {
  readonly units: Unit[] = [];

  constructor(private readonly source: string) {}

  private add(depth: number, items: readonly RichTextItem[], lead = ""): void {
    const prefix = INDENT.repeat(depth) + lead;
    this.units.push({ kind: depth > 0 || lead !== "" ? "line" : "block", items: prefix === "" ? [...items] : [plain(prefix), ...items] });
  }

  /** Block nodes; `depth` > 0 is inside a list item (indented, tight lines). */
  blocks(nodes: readonly RootContent[], depth: number): void {
    for (const node of nodes) this.block(node, depth);
  }

  private listItem(item: ListItem, marker: string, depth: number): void {
    const [head, ...rest] = item.children;
    if (head?.type === "paragraph") {
      this.add(depth, phrasingToRichText(head.children, this.source), marker);
      this.blocks(rest, depth + 1);
    } else {
      this.add(depth, [], marker);
      this.blocks(item.children, depth + 1);
    }
  }

  private list(node: List, depth: number): void {
    const start = node.start ?? 1;
    node.children.forEach((item, i) => {
      const marker = typeof item.checked === "boolean" ? (item.checked ? "☑ " : "☐ ") : node.ordered === true ? `${start + i}. ` : "• ";
      this.listItem(item, marker, depth);
    });
  }

  private block(node: RootContent, depth: number): void {
    const source = this.source;
    switch (node.type) {
      case "paragraph":
        this.add(depth, phrasingToRichText(node.children, source));
        break;
      case "heading":
        this.add(depth, withMark(phrasingToRichText(node.children, source), "bold"));
        break;
      case "blockquote":
        this.blocks(node.children, depth);
        break;
      case "list":
        this.list(node, depth);
        break;
      case "listItem":
        this.listItem(node, "• ", depth);
        break;
      case "code":
        if (node.lang?.toLowerCase() === "math") this.add(depth, mathItems(node.value));
        else this.add(depth, node.value === "" ? [] : withMark([plain(node.value)], "code"));
        break;
      case "math":
        this.add(depth, mathItems(node.value));
        break;
      case "table":
        this.add(depth, tableItems(node, source));
        break;
      case "thematicBreak":
        break;
      case "html": {
        // Tags never show as text (as in a page body): their text is kept, a lone <br> or a comment adds nothing.
        const text = htmlToPlainText(node.value).trim();
        if (text !== "") this.add(depth, [plain(text)]);
        break;
      }
      case "footnoteDefinition": {
        const label = `[^${node.label ?? node.identifier}]: `;
        const [head, ...rest] = node.children;
        if (head?.type === "paragraph") {
          this.add(depth, [plain(label), ...phrasingToRichText(head.children, source)]);
          this.blocks(rest, depth);
        } else {
          this.add(depth, [plain(label)]);
          this.blocks(node.children, depth);
        }
        break;
      }
      default: {
        // Nothing else is enabled in the parser; never drop content all the same.
        const text = sourceOf(node, source);
        if (text.trim() !== "") this.add(depth, [plain(text)]);
      }
    }
  }
}

/** Markdown → one rich-text array with the layout described at the top (no limits applied). */
function answerItems(markdown: string): RichTextItem[] {
  const flattener = new Flattener(markdown);
  flattener.blocks(parseMarkdown(markdown).children, 0);
  const items: RichTextItem[] = [];
  let previous: Unit | undefined;
  for (const unit of flattener.units) {
    if (unit.items.length === 0) continue; // an empty code block, `$$ $$`…
    if (previous !== undefined) items.push(plain(previous.kind === "line" && unit.kind === "line" ? "\n" : "\n\n"));
    items.push(...unit.items);
    previous = unit;
  }
  return mergeRichText(items);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `content` shortened so that `content + suffix` fits one item, never cutting a surrogate pair. */
function roomFor(content: string, suffix: string): string {
  const max = MAX_RICH_TEXT_CONTENT_LENGTH - suffix.length;
  if (content.length <= max) return content;
  return content.slice(0, isHighSurrogate(content.charCodeAt(max - 1)) ? max - 1 : max);
}

/** End a truncated array with "…", preferably in plain text, without breaking any limit. */
function withTruncationMark(items: readonly RichTextItem[]): RichTextItem[] {
  const out = [...items];
  const last = out[out.length - 1];
  const isPlain = last !== undefined && isText(last) && !last.annotations && !last.text.link;
  if (last !== undefined && isText(last) && (isPlain || out.length >= MAX_RICH_TEXT_ITEMS)) {
    out[out.length - 1] = { ...last, text: { ...last.text, content: roomFor(last.text.content, TRUNCATION_MARK) + TRUNCATION_MARK } };
  } else if (out.length < MAX_RICH_TEXT_ITEMS) {
    out.push(plain(TRUNCATION_MARK));
  } else {
    out[out.length - 1] = plain(TRUNCATION_MARK); // a trailing equation gives way
  }
  return out;
}

function lengthOf(items: readonly RichTextItem[]): number {
  let n = 0;
  for (const item of items) {
    if (isText(item)) n += item.text.content.length;
    else if ("equation" in item) n += item.equation.expression.length;
  }
  return n;
}

/** Convert a Markdown answer to the rich_text of a text property (see the decisions at the top). */
export function answerToPropertyRichText(markdown: string): PropertyRichText {
  const chunks = chunkRichText(splitLongTextItems(answerItems(markdown)), MAX_RICH_TEXT_ITEMS, MAX_PROPERTY_RICH_TEXT_BYTES);
  const first = chunks[0] ?? [];
  const truncated = chunks.length > 1;
  const richText = truncated ? withTruncationMark(first) : first;
  return { richText, truncated, characters: lengthOf(richText) };
}
