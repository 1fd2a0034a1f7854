/**
 * Notion blocks → Markdown: the inverse of the converter, for reading a row's
 * or a page's existing content into a prompt (`{{Page content}}`, "include
 * the page's current content") where Notion's own Markdown endpoint is not
 * available.
 *
 * Input: blocks as the API returns them (`blocks.children.list`, children
 * fetched and attached as `children`, either on the block or in its payload
 * as in a request), or as the converter builds them.
 *
 * Output: the Markdown the converter reads back into the same blocks (the
 * round-trip tests check this for everything the converter produces):
 * paragraphs, headings 1–4, bulleted / numbered lists and to-dos with nesting,
 * toggles (`<details>`), quotes, code with its language, equations, tables,
 * dividers, images (`![caption](url)`), and an empty paragraph as `<br>`.
 * Blocks the converter never produces degrade to the nearest Markdown: a
 * callout is a quote starting with its emoji, bookmarks / embeds / files /
 * videos / PDFs are links, child pages and databases their title, columns
 * and synced blocks their content; any other block its plain text (nothing
 * readable is dropped).
 */
import { toFenceLanguage } from "./code-languages";
import { escapeLineStarts, escapeText, richTextPlain, richTextToMarkdown, type ReadableRichText } from "./rich-text-markdown";

/** A block as read from Notion or built by the converter. */
export interface ReadableBlock {
  readonly type?: string;
  readonly children?: readonly ReadableBlock[];
  readonly [key: string]: unknown;
}

interface Payload {
  readonly rich_text?: readonly ReadableRichText[];
  readonly caption?: readonly ReadableRichText[];
  readonly children?: readonly ReadableBlock[];
  readonly checked?: boolean;
  readonly language?: string;
  readonly expression?: string;
  readonly cells?: readonly (readonly ReadableRichText[])[];
  readonly has_column_header?: boolean;
  readonly url?: string;
  readonly title?: string;
  readonly icon?: { readonly type?: string; readonly emoji?: string } | null;
  readonly type?: string;
  readonly external?: { readonly url?: string };
  readonly file?: { readonly url?: string };
  readonly [key: string]: unknown;
}

function typeOf(block: ReadableBlock): string {
  if (typeof block.type === "string") return block.type;
  return Object.keys(block).find((key) => key !== "children" && key !== "object" && typeof block[key] === "object") ?? "";
}

function payloadOf(block: ReadableBlock): Payload {
  const payload = block[typeOf(block)];
  return typeof payload === "object" && payload !== null ? (payload as Payload) : {};
}

function childrenOf(block: ReadableBlock): readonly ReadableBlock[] {
  return payloadOf(block).children ?? block.children ?? [];
}

function indent(text: string, prefix: string, firstPrefix = prefix): string {
  return text
    .split("\n")
    .map((line, i) => (line === "" ? "" : (i === 0 ? firstPrefix : prefix) + line))
    .join("\n");
}

function quoteLines(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? prefix.trimEnd() : prefix + line))
    .join("\n");
}

function inline(items: readonly ReadableRichText[] | undefined): string {
  return escapeLineStarts(richTextToMarkdown(items ?? []));
}

/** A paragraph: its text, or `<br>` when empty (the converter reads that back as an empty paragraph). */
function paragraph(items: readonly ReadableRichText[] | undefined): string {
  const text = inline(items);
  return text === "" ? "<br>" : text;
}

function heading(level: number, items: readonly ReadableRichText[] | undefined): string {
  // A trailing run of "#" would be read as the heading's closing sequence.
  const text = richTextToMarkdown(items ?? [], { singleLine: true }).replace(/(^|\s)(#+)(\s*)$/, (_, space: string, hashes: string, end: string) => `${space}${hashes.replace(/#/g, "\\#")}${end}`);
  return `${"#".repeat(level)} ${text}`.trimEnd();
}

function fence(content: string, language: string): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(Math.max(3, longest + 1));
  return `${marks}${toFenceLanguage(language)}\n${content}\n${marks}`;
}

function codeBlock(payload: Payload): string {
  const content = richTextPlain(payload.rich_text);
  return fence(content, payload.language ?? "plain text");
}

function equationBlock(expression: string): string {
  return expression.includes("$$") ? fence(expression, "latex").replace(/^```latex/, "```math") : `$$\n${expression}\n$$`;
}

function tableBlock(block: ReadableBlock): string {
  const rows = childrenOf(block).map((row) => payloadOf(row).cells ?? []);
  const width = Math.max(1, Number(payloadOf(block).table_width ?? 0), ...rows.map((cells) => cells.length));
  const line = (cells: readonly (readonly ReadableRichText[])[]): string =>
    `| ${Array.from({ length: width }, (_, i) => richTextToMarkdown(cells[i] ?? [], { tableCell: true })).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [line(header), `| ${Array.from({ length: width }, () => "---").join(" | ")} |`, ...body.map(line)].join("\n");
}

function fileUrl(payload: Payload): string {
  return payload.external?.url ?? payload.file?.url ?? payload.url ?? "";
}

function linkBlock(payload: Payload): string {
  const url = fileUrl(payload);
  const caption = richTextPlain(payload.caption);
  const name = typeof payload.name === "string" ? payload.name : "";
  const text = caption !== "" ? caption : name !== "" ? name : url;
  return url === "" ? escapeLineStarts(escapeText(text)) : `[${escapeText(text)}](${/[\s()<>]/.test(url) ? `<${url}>` : url})`;
}

function imageBlock(payload: Payload): string {
  const url = fileUrl(payload);
  return `![${escapeText(richTextPlain(payload.caption))}](${/[\s()<>]/.test(url) ? `<${url}>` : url})`;
}

/** A list item: the marker, its text, and its children indented under it. */
function listItem(marker: string, block: ReadableBlock): string {
  const payload = payloadOf(block);
  const head = inline(payload.rich_text);
  const children = blocksToMarkdown(childrenOf(block));
  // Content under an item aligns with the text after the list marker ("- ", "12. "); a to-do's "[ ] " is part of that text.
  const width = " ".repeat(/^\d/.test(marker) ? marker.length : 2);
  const first = indent(head, " ".repeat(marker.length), marker);
  const itemHead = head === "" ? marker.trimEnd() : first;
  if (children === "") return itemHead;
  // No text: the first child starts on the marker's line (a marker alone on its line followed by a blank line is an empty item).
  if (head === "" && !marker.includes("[")) return indent(children, width, marker);
  // A nested list follows its item's line directly; other content needs a blank line (or it would continue the text).
  const tight = listKind(typeOf(childrenOf(block)[0] ?? {})) !== undefined && head !== "";
  return `${itemHead}${tight ? "\n" : "\n\n"}${indent(children, width)}`;
}

function toggle(block: ReadableBlock): string {
  const summary = richTextToMarkdown(payloadOf(block).rich_text ?? [], { singleLine: true });
  const children = blocksToMarkdown(childrenOf(block));
  const open = `<details>\n<summary>${summary}</summary>`;
  return children === "" ? `${open}\n</details>` : `${open}\n\n${children}\n\n</details>`;
}

/** One block (and its children) as Markdown; "" for blocks with nothing to show. */
function blockMarkdown(block: ReadableBlock, number: number): string {
  const type = typeOf(block);
  const payload = payloadOf(block);
  const children = (): string => blocksToMarkdown(childrenOf(block));
  const withChildren = (head: string): string => [head, children()].filter((s) => s !== "").join("\n\n");
  switch (type) {
    case "paragraph":
      return withChildren(paragraph(payload.rich_text));
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4":
      return withChildren(heading(Number(type.slice(-1)), payload.rich_text));
    case "bulleted_list_item":
      return listItem("- ", block);
    case "numbered_list_item":
      return listItem(`${number}. `, block);
    case "to_do":
      return listItem(payload.checked === true ? "- [x] " : "- [ ] ", block);
    case "toggle":
      return toggle(block);
    case "quote":
      return quoteLines(withChildren(inline(payload.rich_text)), "> ");
    case "callout": {
      const emoji = payload.icon?.type === "emoji" && payload.icon.emoji !== undefined ? `${payload.icon.emoji} ` : "";
      return quoteLines(withChildren(emoji + inline(payload.rich_text)), "> ");
    }
    case "code":
      return codeBlock(payload);
    case "equation":
      return equationBlock(payload.expression ?? "");
    case "divider":
      // Not "---": as the first thing in a "- " list item, "- ---" would be read as one long divider.
      return "***";
    case "table":
      return tableBlock(block);
    case "image":
      return imageBlock(payload);
    case "bookmark":
    case "embed":
    case "link_preview":
    case "video":
    case "audio":
    case "file":
    case "pdf":
      return linkBlock(payload);
    case "child_page":
    case "child_database":
      return escapeLineStarts(escapeText(payload.title ?? ""));
    case "column_list":
    case "column":
    case "synced_block":
    case "table_of_contents":
    case "breadcrumb":
      return children();
    default: {
      // Unknown or new block types: their text, never nothing when there is text.
      const text = richTextPlain(payload.rich_text ?? payload.caption);
      return withChildren(text === "" ? "" : escapeLineStarts(escapeText(text)));
    }
  }
}

type ListKind = "bullet" | "number" | undefined;

function listKind(type: string): ListKind {
  if (type === "bulleted_list_item" || type === "to_do") return "bullet";
  return type === "numbered_list_item" ? "number" : undefined;
}

/**
 * Each top-level block as Markdown, with the separator that goes before it
 * ("" for the first, "\n" between items of one list, "\n\n" otherwise). The
 * cap helper cuts between these parts.
 */
export function blocksToMarkdownParts(blocks: readonly ReadableBlock[]): { separator: string; markdown: string }[] {
  const parts: { separator: string; markdown: string }[] = [];
  let previous: ListKind;
  let number = 0;
  for (const block of blocks) {
    const kind = listKind(typeOf(block));
    number = kind === "number" && previous === "number" ? number + 1 : 1;
    const markdown = blockMarkdown(block, number);
    if (markdown === "") continue;
    const separator = parts.length === 0 ? "" : kind !== undefined && kind === previous ? "\n" : "\n\n";
    parts.push({ separator, markdown });
    previous = kind;
  }
  return parts;
}

/** Blocks → one Markdown document (see the top of this file). */
export function blocksToMarkdown(blocks: readonly ReadableBlock[]): string {
  return blocksToMarkdownParts(blocks)
    .map((part) => part.separator + part.markdown)
    .join("");
}
