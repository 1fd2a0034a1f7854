/**
 * HTML blocks in a run of sibling block nodes → Notion blocks.
 *
 * Model answers use `<details><summary>Title</summary> … </details>` for
 * collapsible sections: Notion's toggle block is the same thing. CommonMark
 * cuts such a section into several sibling nodes (an HTML block ends at a
 * blank line), so the pairing of `<details>` with `</details>` is done here,
 * over the siblings of one container:
 *
 *     <details>                       html      opens a toggle
 *     <summary>Title</summary>        (same)    its text
 *                                               (blank line)
 *     Some **Markdown**.              paragraph a child of the toggle
 *                                               (blank line)
 *     </details>                      html      closes it
 *
 * Text inside HTML blocks (content written without blank lines, `<div>`s…) is
 * parsed again as Markdown with HTML blocks off (parse.ts), so its Markdown is
 * converted and its tags become inline HTML that inline.ts maps to formatting
 * or drops. Comments and declarations are dropped. `<pre>`, `<script>`,
 * `<style>` and `<textarea>` blocks (whose content is not Markdown) become code
 * blocks of their text. Nested `<details>` nest; one left open at the end of
 * its container ends there, as in a browser; a stray `</details>` or a
 * `<summary>` outside `<details>` is dropped. A toggle without a summary is
 * titled "Details", as browsers show it.
 *
 * Streaming (streaming.ts) holds back the nodes of a `<details>` until its
 * closing tag, using `detailsDepthChanges` so that both sides pair tags the
 * same way.
 */
import type { BlockContent, Html, RootContent } from "mdast";
import { toNotionLanguage } from "./code-languages";
import { htmlToPlainText, tokenizeHtml, type HtmlToken } from "./html";
import { HTML_LINE_BREAK, mergeRichText, textItem } from "./inline";
import { parseHtmlContent } from "./parse";
import { fitRichText } from "./split-rich-text";
import type { CodeLanguage, NotionBlock, RichTextItem } from "./types";

type Node = RootContent | BlockContent;
type ConvertNode = (node: Node, source: string) => NotionBlock[];

const RAW_TEXT_BLOCK = /^\s*<(pre|script|style|textarea)(?=[\s>/])/i;
export const DEFAULT_SUMMARY = "Details";

function makeBlock(type: string, payload: Record<string, unknown>): NotionBlock {
  return { type, [type]: payload } as unknown as NotionBlock;
}

/** How an HTML block node is handled: as raw text (code), a line break, or tags to pair. */
function kindOf(node: Html): "raw" | "break" | "tags" {
  if (RAW_TEXT_BLOCK.test(node.value)) return "raw";
  return HTML_LINE_BREAK.test(node.value.trim()) ? "break" : "tags";
}

function isDetailsTag(token: HtmlToken): token is Extract<HtmlToken, { kind: "open" | "close" }> {
  return (token.kind === "open" || token.kind === "close") && (token.name === "details" || token.name === "summary");
}

/**
 * The `<details>` opens (+1) and closes (-1) of one sibling node, in order, as
 * the conversion below pairs them (a close with nothing open is still listed;
 * the caller ignores it at depth 0).
 */
export function detailsDepthChanges(node: Node): number[] {
  if (node.type !== "html" || kindOf(node) !== "tags") return [];
  const changes: number[] = [];
  for (const token of tokenizeHtml(node.value)) {
    if (!isDetailsTag(token) || token.name !== "details") continue;
    if (token.kind === "open" && !token.selfClosing) changes.push(1);
    else if (token.kind === "close") changes.push(-1);
  }
  return changes;
}

/** The rich text of converted blocks, one line per block: a summary's text. */
function richTextOf(blocks: readonly NotionBlock[]): RichTextItem[] {
  const items: RichTextItem[] = [];
  for (const block of blocks) {
    const payload = (block as unknown as Record<string, { rich_text?: RichTextItem[] }>)[block.type ?? ""];
    const text = payload?.rich_text;
    if (text === undefined || text.length === 0) continue;
    if (items.length > 0) items.push(textItem("\n"));
    items.push(...text);
  }
  return items;
}

function trimmed(items: readonly RichTextItem[]): RichTextItem[] {
  const out = mergeRichText(items);
  const edge = (index: number, trim: (s: string) => string): boolean => {
    const item = out[index];
    if (item === undefined || !("text" in item)) return false;
    const content = trim(item.text.content);
    if (content === "") out.splice(index, 1);
    else out[index] = { ...item, text: { ...item.text, content } };
    return content === "";
  };
  while (edge(0, (s) => s.trimStart()));
  while (edge(out.length - 1, (s) => s.trimEnd()));
  return out;
}

/** A toggle block: the summary as its text (overflow continues in child paragraphs), the content as children. */
function toggleBlock(summary: readonly RichTextItem[], content: readonly NotionBlock[]): NotionBlock {
  const text = trimmed(summary);
  const [rich_text = [], ...rest] = fitRichText(text.length > 0 ? text : [textItem(DEFAULT_SUMMARY)]);
  const children = [...rest.map((r) => makeBlock("paragraph", { rich_text: r })), ...content];
  return makeBlock("toggle", children.length > 0 ? { rich_text, children } : { rich_text });
}

/** `<pre><code class="language-js">` names its language the way fenced code does. */
function rawTextLanguage(html: string): CodeLanguage {
  const element = RAW_TEXT_BLOCK.exec(html)?.[1]?.toLowerCase();
  if (element === "style") return "css";
  if (element === "script") return "javascript";
  return toNotionLanguage(/\bclass\s*=\s*["']?[^"'>]*?\blang(?:uage)?-([\w+#.-]+)/i.exec(html)?.[1]);
}

function rawTextBlocks(node: Html): NotionBlock[] {
  const language = rawTextLanguage(node.value);
  const text = htmlToPlainText(node.value).replace(/^\r?\n/, "").replace(/\s+$/, "");
  if (text.trim() === "") return [];
  return fitRichText([textItem(text)]).map((rich_text) => makeBlock("code", { rich_text, language }));
}

interface Frame {
  readonly children: NotionBlock[];
  summary: RichTextItem[];
  inSummary: boolean;
}

/**
 * Convert sibling block nodes, pairing `<details>` tags across them (see the
 * top of this file). `convertNode` converts every other node.
 */
export function convertSiblings(nodes: readonly Node[], source: string, convertNode: ConvertNode): NotionBlock[] {
  const root: Frame = { children: [], summary: [], inSummary: false };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1] ?? root;
  let pending = "";

  /** Add converted blocks where they belong: the open summary takes their text, else the open frame. */
  const place = (blocks: readonly NotionBlock[]): void => {
    const frame = top();
    if (!frame.inSummary) {
      frame.children.push(...blocks);
      return;
    }
    const text = richTextOf(blocks);
    if (text.length > 0 && frame.summary.length > 0) frame.summary.push(textItem("\n"));
    frame.summary.push(...text);
  };
  const flush = (): void => {
    const text = pending;
    pending = "";
    if (text.trim() === "") return;
    place(convertSiblings(parseHtmlContent(text).children, text, convertNode));
  };
  const closeDetails = (): void => {
    const frame = stack.pop() as Frame;
    top().children.push(toggleBlock(frame.summary, frame.children));
  };

  for (const node of nodes) {
    if (node.type !== "html") {
      const frame = top();
      place(convertNode(node, source));
      frame.inSummary = false; // a Markdown block ends a summary left open
      continue;
    }
    const kind = kindOf(node);
    if (kind === "raw") {
      place(rawTextBlocks(node));
      continue;
    }
    if (kind === "break") {
      place([makeBlock("paragraph", { rich_text: [] })]);
      continue;
    }
    for (const token of tokenizeHtml(node.value)) {
      if (!isDetailsTag(token)) {
        if (token.kind !== "hidden") pending += token.raw;
        continue;
      }
      flush();
      const frame = top();
      if (token.name === "details") {
        if (token.kind === "open" && !token.selfClosing) stack.push({ children: [], summary: [], inSummary: false });
        else if (token.kind === "close" && stack.length > 1) closeDetails();
      } else if (stack.length > 1) {
        frame.inSummary = token.kind === "open" && !token.selfClosing;
      }
    }
    flush();
  }
  while (stack.length > 1) closeDetails();
  return root.children;
}
