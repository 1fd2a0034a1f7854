/**
 * Incremental conversion of a Markdown answer that arrives in pieces.
 *
 * Guarantee: the concatenation of everything `push` and `end` return equals
 * `markdownToBlocks(fullText)`. Blocks are returned as soon as they can no
 * longer change, so the caller can append them to Notion while the answer is
 * still being generated.
 *
 * How finality is decided:
 * - Only complete lines are parsed before the end. A partial line can still
 *   change meaning: "#" is an empty heading that would end the paragraph above
 *   it, "#tag" is more text of that paragraph.
 * - A top-level mdast node is final once another top-level node follows it
 *   (CommonMark never reopens a closed block, and parse.ts switches off the only
 *   constructs whose meaning depends on later text: reference definitions).
 * - The last node is held back (a list may get more items, a paragraph may
 *   become a setext heading or a table header…) unless it provably cannot
 *   change: an ATX/setext heading or thematic break, a fenced code or math
 *   block with its closing fence, or a paragraph or table followed by a blank
 *   line. This returns headings and closed code blocks without
 *   waiting for the next block's first line.
 * - The nodes of a `<details>` section (several top-level nodes: see
 *   html-blocks.ts) become final together, when its `</details>` is final.
 *
 * Parser context: micromark carries state from one block to the next. A list
 * item right after a paragraph is parsed as "interrupting" it ("para\n+ - "
 * is an item containing "-", "+ - " alone is a nested empty list); a line
 * right after a container (list, quote, footnote) is first tried as a lazy
 * continuation of it; an indented code block keeps that state even across
 * blank lines. So the text kept for re-parsing starts at a "safe boundary",
 * where the parser state is the same as at the start of a document: the
 * blocks between that boundary and the first non-final block are kept in
 * front of it as context (parsed again, not returned again). In ordinary
 * answers, where blocks are separated by blank lines, there is no context.
 *
 * Cost: the text is kept only from the start of the first node that is not yet
 * final (plus any context), and it is re-parsed only when a line is completed,
 * so a parse usually covers one top-level node, not the whole answer. Inside an
 * open fenced code block, new lines are first scanned for a possible closing
 * fence and no parse happens without one; inside an open `<details>` section,
 * likewise for a closing `</details>`.
 */
import type { RootContent } from "mdast";
import { convertNodes } from "./blocks";
import { detailsDepthChanges } from "./html-blocks";
import { sourceOf } from "./inline";
import { parseMarkdown } from "./parse";
import type { NotionBlock } from "./types";

/** Index just after the last line ending whose end is known ("\r" at the very end may still become "\r\n"). */
function completeLinesEnd(text: string): number {
  const lf = text.lastIndexOf("\n");
  const cr = text.lastIndexOf("\r", text.length - 2);
  return Math.max(lf, cr) + 1;
}

/** Start of the line containing `offset`. */
function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}

/** Index just after the line ending that follows `offset`. */
function nextLineStart(text: string, offset: number): number {
  const match = /\r\n|\n|\r/.exec(text.slice(offset));
  return match === null ? text.length : offset + match.index + match[0].length;
}

/** Up to three spaces (a tab would make it indented code), then a fence. */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,}|\${2,})/;

/**
 * For a fenced code or math node, a regex matching its closing fence line
 * (same character, at least as long, nothing else on the line).
 */
function closingFence(node: RootContent, source: string): RegExp | undefined {
  if (node.type !== "code" && node.type !== "math") return undefined;
  const open = FENCE_OPEN.exec(sourceOf(node, source))?.[1];
  if (open === undefined) return undefined; // indented code: it has no fence
  const char = open[0] === "$" ? "\\$" : open[0];
  return new RegExp(`^ {0,3}${char}{${open.length},}[ \\t]*$`);
}

function isClosedFence(node: RootContent, source: string, fence: RegExp): boolean {
  const lines = sourceOf(node, source).split(/\r\n|\n|\r/);
  return lines.length >= 2 && fence.test(lines[lines.length - 1] ?? "");
}

/** A line ending; "\r\n" is one ending, never a "\r" ending followed by an empty "\n" line. */
const EOL = String.raw`(?:\r\n|\r(?!\n)|\n)`;
const BLANK_LINE_FOLLOWS = new RegExp(String.raw`^[ \t]*${EOL}[ \t]*${EOL}`);

/** Whether the last parsed node can no longer change, whatever text follows. */
function cannotChange(node: RootContent, source: string): boolean {
  switch (node.type) {
    case "heading":
    case "thematicBreak":
      return true;
    case "paragraph":
    case "table":
      return BLANK_LINE_FOLLOWS.test(source.slice(node.position?.end.offset ?? source.length));
    case "code":
    case "math": {
      const fence = closingFence(node, source);
      return fence !== undefined && isClosedFence(node, source, fence);
    }
    default:
      return false;
  }
}

/**
 * The index of the node whose `<details>` is still open after `nodes[from..to)`
 * (its toggle is not complete, so none of its nodes is final), or `to`.
 * `nodes[from]` starts outside any `<details>`: everything before was returned.
 */
function openDetailsStart(nodes: readonly RootContent[], from: number, to: number): number {
  let depth = 0;
  let start = to;
  for (let i = from; i < to; i++) {
    for (const change of detailsDepthChanges(nodes[i] as RootContent)) {
      if (change > 0 && depth === 0) start = i;
      depth = Math.max(0, depth + change);
    }
  }
  return depth > 0 ? start : to;
}

const CONTAINERS: ReadonlySet<string> = new Set(["list", "blockquote", "footnoteDefinition"]);

/**
 * Whether the parser is back in its initial state where `next` starts, so that
 * `next` and what follows parse the same without `prev` (see "Parser context").
 */
function isSafeBoundary(prev: RootContent, next: RootContent, source: string): boolean {
  // A new container closes everything an old container left open.
  if (CONTAINERS.has(prev.type)) return CONTAINERS.has(next.type);
  switch (prev.type) {
    case "heading":
    case "thematicBreak":
    case "math":
      return true; // finished on their last line
    case "code":
      return closingFence(prev, source) !== undefined; // fenced (closed, or it would run to the end); indented code never
    default: {
      // Paragraphs, tables, HTML…: ended by a blank line.
      const between = source.slice(prev.position?.end.offset ?? 0, next.position?.start.offset ?? 0);
      return BLANK_LINE_FOLLOWS.test(between);
    }
  }
}

export class StreamingMarkdownConverter {
  /** Text from a top-level line start: optional context nodes, then the first non-final node. */
  private pending = "";
  /** Top-level nodes at the start of `pending` that were already returned (context). */
  private skip = 0;
  /** Length of `pending`'s prefix already parsed without finding anything final. */
  private parsedUpTo = 0;
  /** Set while the held-back node is an unclosed fence: its closing-fence pattern. */
  private openFence: RegExp | undefined;
  /**
   * Set while the held nodes are an unclosed `<details>` section: nothing can
   * become final before a line with a closing tag, so other lines are not parsed.
   */
  private openDetails = false;
  private ended = false;

  /** Add the next piece of the answer; returns the top-level blocks that became final. */
  push(delta: string): NotionBlock[] {
    if (this.ended) throw new Error("StreamingMarkdownConverter: push() after end()");
    this.pending += delta;
    return /[\r\n]/.test(delta) ? this.finalize() : [];
  }

  /** The answer is complete: returns all remaining blocks. Further calls return []. */
  end(): NotionBlock[] {
    if (this.ended) return [];
    this.ended = true;
    const source = this.pending;
    this.pending = "";
    return convertNodes(parseMarkdown(source).children.slice(this.skip), source);
  }

  private finalize(): NotionBlock[] {
    const cut = completeLinesEnd(this.pending);
    if (cut <= this.parsedUpTo) return [];
    if (this.openFence !== undefined) {
      const fence = this.openFence;
      const newLines = this.pending.slice(this.parsedUpTo, cut).split(/\r\n|\n|\r/);
      if (!newLines.some((line) => fence.test(line))) {
        this.parsedUpTo = cut;
        return [];
      }
    }

    if (this.openDetails && !/<\/details/i.test(this.pending.slice(this.parsedUpTo, cut))) {
      this.parsedUpTo = cut;
      return [];
    }

    const complete = this.pending.slice(0, cut);
    const nodes = parseMarkdown(complete).children;
    const last = nodes[nodes.length - 1];
    let finalCount = nodes.length - 1;
    if (last !== undefined && cannotChange(last, complete)) finalCount = nodes.length;
    finalCount = openDetailsStart(nodes, this.skip, finalCount);
    // Judged on every parsed node, the held one too: its line may hold the closing tag already.
    this.openDetails = openDetailsStart(nodes, this.skip, nodes.length) < nodes.length;

    const held = nodes[finalCount];
    this.openFence = held === undefined ? undefined : closingFence(held, complete);
    if (finalCount <= this.skip) {
      this.parsedUpTo = cut;
      return [];
    }

    const blocks = convertNodes(nodes.slice(this.skip, finalCount), complete);
    const lastDone = nodes[finalCount - 1] as RootContent;
    let resume: number;
    if (held === undefined) {
      resume = nextLineStart(complete, lastDone.position?.end.offset ?? cut);
      this.skip = 0;
    } else {
      let start = finalCount;
      while (start > 0 && !isSafeBoundary(nodes[start - 1] as RootContent, nodes[start] as RootContent, complete)) start--;
      resume = lineStart(complete, (nodes[start] as RootContent).position?.start.offset ?? 0);
      this.skip = finalCount - start;
    }
    this.pending = this.pending.slice(resume);
    this.parsedUpTo = cut - resume;
    return blocks;
  }
}
