/**
 * Notion rich text → Markdown, the inverse of inline.ts.
 *
 * Why it is careful: the Markdown is read back (by a model, and in tests by
 * the converter), so text must never turn into syntax. Characters that could
 * start inline syntax are backslash-escaped everywhere (\ ` * _ [ ] < $ ~ and
 * "&" before an entity), and characters that only matter at the start of a
 * line (# > - + = and "1." / "1)") are escaped there.
 *
 * Formatting: bold `**`, italic `*`, strikethrough `~~`, code with backticks,
 * and, where Markdown has no syntax, the HTML the converter understands:
 * underline `<u>`, a yellow background `<mark>` (other colours are dropped).
 * Marks are nested as a stack, so runs that share a mark share its
 * delimiters. Where a Markdown delimiter could not open or close (its text
 * starts or ends with a space, or with punctuation next to a letter), the
 * equivalent HTML tag is used instead: CommonMark's flanking rules would
 * otherwise leave the asterisks as text.
 */

/** A rich-text item as the API returns it or as the converter builds it (all fields optional). */
export interface ReadableRichText {
  readonly type?: string;
  readonly plain_text?: string;
  readonly href?: string | null;
  readonly text?: { readonly content: string; readonly link?: { readonly url: string } | null };
  readonly equation?: { readonly expression: string };
  readonly annotations?: {
    readonly bold?: boolean;
    readonly italic?: boolean;
    readonly strikethrough?: boolean;
    readonly underline?: boolean;
    readonly code?: boolean;
    readonly color?: string;
  };
}

type Mark = "bold" | "italic" | "strikethrough" | "underline" | "highlight";
/** Outer to inner: the order marks are opened in when several start together. */
const MARK_ORDER: readonly Mark[] = ["highlight", "underline", "strikethrough", "bold", "italic"];
const MARKDOWN_DELIMITER: Partial<Record<Mark, string>> = { bold: "**", italic: "*", strikethrough: "~~" };
const HTML_TAG: Record<Mark, string> = { bold: "b", italic: "i", strikethrough: "s", underline: "u", highlight: "mark" };

interface Leaf {
  readonly kind: "leaf";
  /** Markdown for the item's own content (escaped text, a code span, or math). */
  readonly markdown: string;
}
interface MarkNode {
  readonly kind: "mark";
  readonly mark: Mark;
  readonly children: Tree[];
}
interface LinkNode {
  readonly kind: "link";
  readonly url: string;
  readonly children: Tree[];
}
type Tree = Leaf | MarkNode | LinkNode;

export interface InlineOptions {
  /** Inside a table cell: "|" is escaped and line breaks become `<br>`. */
  readonly tableCell?: boolean;
  /** Inside a heading: line breaks become `<br>` (a heading is one line). */
  readonly singleLine?: boolean;
}

const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;

/** Escape characters that could start inline syntax. */
export function escapeText(text: string, options: InlineOptions = {}): string {
  let out = text.replace(/[\\`*_[\]<$~]/g, "\\$&").replace(ENTITY, "\\&");
  if (options.tableCell === true) out = out.replace(/\|/g, "\\|");
  return out;
}

function marksOf(item: ReadableRichText): Set<Mark> {
  const a = item.annotations ?? {};
  const marks = new Set<Mark>();
  if (a.bold === true) marks.add("bold");
  if (a.italic === true) marks.add("italic");
  if (a.strikethrough === true) marks.add("strikethrough");
  if (a.underline === true) marks.add("underline");
  if (a.color === "yellow_background") marks.add("highlight");
  return marks;
}

function linkOf(item: ReadableRichText): string | undefined {
  return item.text?.link?.url ?? item.href ?? undefined;
}

function codeSpan(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = content.startsWith("`") || content.endsWith("`") || (/^ .*[^ ].* $/.test(content) && content.length > 2) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Math for an inline equation: `$x$` (single dollars follow the converter's Pandoc rule), else `$$x$$`. */
function mathSpan(expression: string): string {
  const single = !/^\s|\s$/.test(expression) && !expression.includes("$");
  return single ? `$${expression}$` : `$$${expression}$$`;
}

function leafMarkdown(item: ReadableRichText, options: InlineOptions): string {
  if (item.type === "equation" || (item.equation !== undefined && item.text === undefined)) return mathSpan(item.equation?.expression ?? item.plain_text ?? "");
  const content = item.text?.content ?? item.plain_text ?? "";
  if (item.annotations?.code === true) {
    const code = options.tableCell === true ? content.replace(/\|/g, "\\|") : content;
    return codeSpan(code.replace(/\r?\n/g, " "));
  }
  return escapeText(content, options);
}

/** Build the nesting: links outermost (one per run of equal URLs), then marks as a stack. */
function buildTree(items: readonly ReadableRichText[], options: InlineOptions): Tree[] {
  const root: Tree[] = [];
  let link: LinkNode | undefined;
  let stack: { mark: Mark; node: MarkNode }[] = [];

  for (const item of items) {
    const url = linkOf(item);
    if (url !== link?.url) {
      stack = [];
      link = url === undefined ? undefined : { kind: "link", url, children: [] };
      if (link !== undefined) root.push(link);
    }
    const container = (): Tree[] => stack[stack.length - 1]?.node.children ?? link?.children ?? root;
    const wanted = marksOf(item);
    // Close from the innermost mark the item does not have (and everything inside it).
    const firstMissing = stack.findIndex((entry) => !wanted.has(entry.mark));
    if (firstMissing >= 0) stack = stack.slice(0, firstMissing);
    for (const mark of MARK_ORDER) {
      if (!wanted.has(mark) || stack.some((entry) => entry.mark === mark)) continue;
      const node: MarkNode = { kind: "mark", mark, children: [] };
      container().push(node);
      stack.push({ mark, node });
    }
    container().push({ kind: "leaf", markdown: leafMarkdown(item, options) });
  }
  return root;
}

const PUNCTUATION = /[!-/:-@[-`{-~\p{P}\p{S}]/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}

/** Whether a Markdown delimiter around `inner` would open and close (CommonMark flanking), given its neighbours. */
function delimiterWorks(inner: string, before: string | undefined, after: string | undefined): boolean {
  const first = inner[0];
  const last = inner[inner.length - 1];
  if (first === undefined || last === undefined || isSpace(first) || isSpace(last)) return false;
  const edgeOk = (ch: string | undefined): boolean => ch === undefined || isSpace(ch) || PUNCTUATION.test(ch);
  return (!PUNCTUATION.test(first) || edgeOk(before)) && (!PUNCTUATION.test(last) || edgeOk(after));
}

/**
 * The first character `tree` will render as, seen from the sibling before it
 * (a mark using the same delimiter character falls back to its tag).
 */
function firstChar(tree: Tree, before: Tree): string | undefined {
  if (tree.kind === "leaf") return tree.markdown[0];
  if (tree.kind === "link") return "[";
  const delimiter = MARKDOWN_DELIMITER[tree.mark];
  const beforeDelimiter = before.kind === "mark" ? MARKDOWN_DELIMITER[before.mark] : undefined;
  return delimiter === undefined || delimiter[0] === beforeDelimiter?.[0] ? "<" : delimiter[0];
}

function renderTrees(trees: readonly Tree[], before: string | undefined, after: string | undefined): string {
  const parts: string[] = [];
  for (let i = 0; i < trees.length; i++) {
    const tree = trees[i] as Tree;
    const prev = parts.length > 0 ? (parts[parts.length - 1] as string).slice(-1) : before;
    const next = i + 1 < trees.length ? firstChar(trees[i + 1] as Tree, tree) : after;
    if (tree.kind === "leaf") parts.push(tree.markdown);
    else if (tree.kind === "link") parts.push(`[${renderTrees(tree.children, "[", "]")}](${linkDestination(tree.url)})`);
    else {
      const delimiter = MARKDOWN_DELIMITER[tree.mark];
      const body = renderTrees(tree.children, delimiter?.slice(-1) ?? ">", delimiter?.[0] ?? "<");
      // Two runs of the same delimiter character side by side ("**a***b*") would merge into one run: use the tag.
      const merges = delimiter !== undefined && (prev === delimiter[0] || next === delimiter[0]);
      if (delimiter !== undefined && !merges && delimiterWorks(body, prev, next)) parts.push(`${delimiter}${body}${delimiter}`);
      else {
        const tag = HTML_TAG[tree.mark];
        parts.push(`<${tag}>${renderTrees(tree.children, ">", "<")}</${tag}>`);
      }
    }
  }
  return parts.join("");
}

function linkDestination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

/**
 * Rich text → inline Markdown. Line breaks stay line breaks (`<br>` in table
 * cells and headings); the caller escapes line starts (see `escapeLineStarts`).
 */
export function richTextToMarkdown(items: readonly ReadableRichText[], options: InlineOptions = {}): string {
  const markdown = renderTrees(buildTree(items, options), undefined, undefined);
  if (options.tableCell === true || options.singleLine === true) return markdown.replace(/\r\n|\r|\n/g, "<br>");
  return markdown;
}

/**
 * Escape what would make a line start a block: `#` headings, `>` quotes,
 * `-`/`+` list items, `=`/`-` setext underlines and thematic breaks, and
 * "1." / "1)" ordered items. Applied to every line of a paragraph's text.
 */
export function escapeLineStarts(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => line.replace(/^([#>+=-])/, "\\$1").replace(/^(\d{1,9})([.)])/, "$1\\$2"))
    .join("\n");
}

/** The plain text of rich text (what an unknown block degrades to). */
export function richTextPlain(items: readonly ReadableRichText[] | undefined): string {
  return (items ?? []).map((item) => item.plain_text ?? item.text?.content ?? item.equation?.expression ?? "").join("");
}
