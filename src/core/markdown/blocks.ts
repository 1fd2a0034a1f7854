/**
 * mdast block nodes → Notion block requests.
 *
 * Overflow policy (a block whose text needs more than one rich_text array, see
 * split-rich-text.ts):
 * - paragraph, heading, code: continued in following blocks of the same type
 *   (and, for code, the same language);
 * - list item, to-do, quote, footnote: the first array is the block's own text,
 *   the rest become child paragraphs placed before its other children, so a list
 *   keeps one bullet (and one number) per Markdown item.
 * The result may nest deeper than one request allows and may have more than 100
 * children per block: `planAppends` takes care of both.
 */
import type { BlockContent, Code, List, ListItem, Paragraph, PhrasingContent, RootContent, Table } from "mdast";
import { toNotionLanguage } from "./code-languages";
import { jsonByteLength } from "./json-size";
import { htmlToPlainText } from "./html";
import { convertSiblings } from "./html-blocks";
import { mergeRichText, phrasingToRichText, sourceOf, textItem } from "./inline";
import { MAX_BLOCK_CONTENT_BYTES, MAX_EQUATION_EXPRESSION_LENGTH } from "./limits";
import { fitRichText } from "./split-rich-text";
import type { CodeLanguage, NotionBlock, RichTextItem } from "./types";
import { toImageUrl } from "./urls";

type TextBlockType =
  | "paragraph"
  | "heading_1"
  | "heading_2"
  | "heading_3"
  | "heading_4"
  | "bulleted_list_item"
  | "numbered_list_item"
  | "to_do"
  | "quote";

/** `{ type, [type]: payload }`: the SDK's union cannot be indexed by a computed key, hence the cast. */
function makeBlock(type: string, payload: Record<string, unknown>): NotionBlock {
  return { type, [type]: payload } as unknown as NotionBlock;
}

/** One block per rich_text array the text needs (overflow continues in blocks of the same type). */
function textBlocks(type: TextBlockType | "code", items: readonly RichTextItem[], extra: Record<string, unknown> = {}): NotionBlock[] {
  return fitRichText(items).map((rich_text) => makeBlock(type, { rich_text, ...extra }));
}

/** Source text kept as plain paragraphs: the fallback that never drops content. */
function sourceParagraphs(text: string): NotionBlock[] {
  return text.trim() === "" ? [] : textBlocks("paragraph", [textItem(text)]);
}

function codeBlocks(value: string, language: CodeLanguage): NotionBlock[] {
  return textBlocks("code", value === "" ? [] : [textItem(value)], { language });
}

/** Display math → equation block; too long for Notion's 1000-character expression → LaTeX code block. */
function mathBlocks(value: string): NotionBlock[] {
  if (value.trim() === "") return []; // `$$\n$$`: nothing to show
  if (value.length <= MAX_EQUATION_EXPRESSION_LENGTH) return [makeBlock("equation", { expression: value })];
  return codeBlocks(value, "latex");
}

const trimAsciiStart = (s: string): string => s.replace(/^[ \t\r\n]+/, "");
const trimAsciiEnd = (s: string): string => s.replace(/[ \t\r\n]+$/, "");

function trimItems(items: RichTextItem[], start: boolean, end: boolean, ascii = false): RichTextItem[] {
  const out = [...items];
  const trimAt = (index: number, trim: (s: string) => string): boolean => {
    const item = out[index];
    if (item === undefined || !("text" in item)) return false;
    // Spaces inside a code span are its content (`` ` foo` ``).
    if (ascii && item.annotations?.code === true) return false;
    const content = trim(item.text.content);
    if (content === "") {
      out.splice(index, 1);
      return true; // emptied: look at the next item too
    }
    out[index] = { ...item, text: { ...item.text, content } };
    return false;
  };
  if (start) while (trimAt(0, ascii ? trimAsciiStart : (s) => s.trimStart()));
  if (end) while (trimAt(out.length - 1, ascii ? trimAsciiEnd : (s) => s.trimEnd()));
  return out;
}

function imageBlocks(url: string, altSource: string): NotionBlock[] {
  const alt = htmlToPlainText(altSource);
  const [caption = [], ...rest] = alt === "" ? [[]] : fitRichText([textItem(alt)]);
  const image = caption.length === 0 ? { type: "external", external: { url } } : { type: "external", external: { url }, caption };
  // An alt text too long for one caption continues in paragraphs (never dropped).
  return [makeBlock("image", image), ...rest.map((rich_text) => makeBlock("paragraph", { rich_text }))];
}

function containsHtml(node: { children?: readonly unknown[]; type: string }): boolean {
  return node.type === "html" || (node.children ?? []).some((child) => containsHtml(child as { type: string }));
}

/** `$$ x $$` alone in a paragraph is display math written on one line. */
function displayMathValue(node: Paragraph, source: string): string | undefined {
  const significant = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
  const only = significant[0];
  if (significant.length !== 1 || only === undefined || only.type !== "inlineMath") return undefined;
  return sourceOf(only, source).startsWith("$$") ? only.value : undefined;
}

/**
 * A paragraph, split around its images: each image with a usable URL becomes an
 * image block between the text before and after it (whitespace at the cut is
 * dropped). `prefix` is prepended to the first text (used for footnotes).
 */
function paragraphBlocks(node: Paragraph, source: string, prefix: readonly RichTextItem[] = []): NotionBlock[] {
  const math = prefix.length === 0 ? displayMathValue(node, source) : undefined;
  if (math !== undefined) return mathBlocks(math);

  const blocks: NotionBlock[] = [];
  let segment: PhrasingContent[] = [];
  let afterImage = false;
  let first = true;
  // Spaces and line breaks at the ends are never content (dropped HTML tags
  // can leave them, as can the space after a task's "[ ]"), and a paragraph
  // that was only tags is no paragraph.
  const hasHtml = containsHtml(node);
  const flush = (beforeImage: boolean): void => {
    const lead = first ? prefix : [];
    first = false;
    const merged = trimItems(mergeRichText([...lead, ...phrasingToRichText(segment, source)]), afterImage, beforeImage);
    const items = trimItems(merged, true, true, true);
    segment = [];
    if (items.length > 0 || (!afterImage && !beforeImage && !hasHtml)) blocks.push(...textBlocks("paragraph", items));
  };
  for (const child of node.children) {
    const url = child.type === "image" ? toImageUrl(child.url) : undefined;
    if (child.type !== "image" || url === undefined) {
      segment.push(child);
      continue;
    }
    flush(true);
    blocks.push(...imageBlocks(url, child.alt ?? ""));
    afterImage = true;
  }
  flush(false);
  return blocks;
}

/**
 * A block with its own text and nested blocks (list item, quote, footnote):
 * the first child paragraph gives the text, everything else becomes children.
 */
function containerBlock(
  type: TextBlockType,
  children: readonly RootContent[],
  source: string,
  extra: Record<string, unknown> = {},
  prefix: readonly RichTextItem[] = [],
): NotionBlock {
  const [head, ...tail] = children;
  let nested: NotionBlock[];
  if (head?.type === "paragraph") nested = [...paragraphBlocks(head, source, prefix), ...convertNodes(tail, source)];
  else nested = [...(prefix.length > 0 ? textBlocks("paragraph", [...prefix]) : []), ...convertNodes(children, source)];

  let rich_text: RichTextItem[] = [];
  const lead = nested[0];
  if (lead !== undefined && lead.type === "paragraph" && "paragraph" in lead && lead.paragraph.children === undefined) {
    rich_text = lead.paragraph.rich_text;
    nested = nested.slice(1);
  }
  return makeBlock(type, nested.length > 0 ? { rich_text, ...extra, children: nested } : { rich_text, ...extra });
}

function listItemBlock(item: ListItem, ordered: boolean, source: string): NotionBlock {
  if (typeof item.checked === "boolean") return containerBlock("to_do", item.children, source, { checked: item.checked });
  return containerBlock(ordered ? "numbered_list_item" : "bulleted_list_item", item.children, source);
}

function listBlocks(node: List, source: string): NotionBlock[] {
  return node.children.map((item) => listItemBlock(item, node.ordered === true, source));
}

/**
 * GFM table → table block. Rows shorter than the widest row are padded with
 * empty cells. A table that cannot be written as one (a cell needing more than
 * one rich_text array, or a row too large for a request) falls back to its
 * source text as paragraphs rather than losing content.
 */
function tableBlocks(node: Table, source: string): NotionBlock[] {
  const width = Math.max(1, ...node.children.map((row) => row.children.length));
  const rows: NotionBlock[] = [];
  for (const row of node.children) {
    const cells: RichTextItem[][] = [];
    for (let i = 0; i < width; i++) {
      const cell = row.children[i];
      const fitted = cell === undefined ? [[]] : fitRichText(phrasingToRichText(cell.children, source));
      if (fitted.length !== 1 || fitted[0] === undefined) return sourceParagraphs(sourceOf(node, source));
      cells.push(fitted[0]);
    }
    if (jsonByteLength(cells) > MAX_BLOCK_CONTENT_BYTES) return sourceParagraphs(sourceOf(node, source));
    rows.push(makeBlock("table_row", { cells }));
  }
  return [makeBlock("table", { table_width: width, has_column_header: true, has_row_header: false, children: rows })];
}

function codeNodeBlocks(node: Code): NotionBlock[] {
  // GitHub renders ```math fences as display math.
  if (node.lang?.toLowerCase() === "math") return mathBlocks(node.value);
  return codeBlocks(node.value, toNotionLanguage(node.lang));
}

/** Convert one mdast block node (top-level or nested) to Notion blocks. */
export function convertNode(node: RootContent | BlockContent, source: string): NotionBlock[] {
  switch (node.type) {
    case "heading": {
      // Notion has four heading levels; ##### and deeper fold into the fourth.
      const type = `heading_${Math.min(node.depth, 4)}` as "heading_1" | "heading_2" | "heading_3" | "heading_4";
      return textBlocks(type, phrasingToRichText(node.children, source));
    }
    case "paragraph":
      return paragraphBlocks(node, source);
    case "blockquote":
      return [containerBlock("quote", node.children, source)];
    case "list":
      return listBlocks(node, source);
    case "listItem":
      return [listItemBlock(node, false, source)];
    case "code":
      return codeNodeBlocks(node);
    case "math":
      return mathBlocks(node.value);
    case "thematicBreak":
      return [makeBlock("divider", {})];
    case "table":
      return tableBlocks(node, source);
    case "html":
      // Never literal text: see html-blocks.ts (a lone <br> is an empty line).
      return convertNodes([node], source);
    case "footnoteDefinition": {
      const label = node.label ?? node.identifier;
      return [containerBlock("paragraph", node.children, source, {}, [textItem(`[^${label}]: `)])];
    }
    default:
      // Anything else (definitions and front matter are not enabled, but never
      // drop content): its source text as a paragraph.
      return sourceParagraphs(sourceOf(node, source));
  }
}

/** Convert a sequence of sibling mdast block nodes (HTML blocks among them are paired here: html-blocks.ts). */
export function convertNodes(nodes: readonly (RootContent | BlockContent)[], source: string): NotionBlock[] {
  return convertSiblings(nodes, source, convertNode);
}
