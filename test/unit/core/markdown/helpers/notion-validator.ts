/**
 * An independent model of Notion's append-request limits, for the tests.
 *
 * Deliberately shares nothing with src/core/markdown (not even the limit
 * constants): the numbers below are copied from Notion's documentation, so a
 * wrong constant in the implementation makes these checks fail.
 */
import type { AppendStep } from "../../../../../src/core/markdown";

const TEXT_CONTENT_MAX = 2000;
const LINK_URL_MAX = 2000;
const EQUATION_MAX = 1000;
const RICH_TEXT_ITEMS_MAX = 100;
const CHILDREN_MAX = 100;
const BLOCKS_PER_REQUEST_MAX = 1000;
const BODY_BYTES_MAX = 500_000;
const EXTERNAL_URL_MAX = 2000;

/** Notion's code languages (API reference, "Code blocks"). */
export const NOTION_LANGUAGES_FROM_DOCS: ReadonlySet<string> = new Set([
  "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c", "c#", "c++",
  "clojure", "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker", "ebnf", "elixir", "elm",
  "erlang", "f#", "flow", "fortran", "gherkin", "glsl", "go", "graphql", "groovy", "haskell", "hcl",
  "html", "idris", "java", "javascript", "json", "julia", "kotlin", "latex", "less", "lisp", "livescript",
  "llvm ir", "lua", "makefile", "markdown", "markup", "matlab", "mathematica", "mermaid", "nix",
  "notion formula", "objective-c", "ocaml", "pascal", "perl", "php", "plain text", "powershell", "prolog",
  "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust", "sass", "scala", "scheme",
  "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml", "typescript", "vb.net", "verilog",
  "vhdl", "visual basic", "webassembly", "xml", "yaml", "java/c/c++/c#",
]);

const TEXT_TYPES = new Set([
  "paragraph", "heading_1", "heading_2", "heading_3", "heading_4", "bulleted_list_item",
  "numbered_list_item", "to_do", "quote", "toggle", "callout",
]);
/** Types that may have children (headings only when toggleable). */
const PARENT_TYPES = new Set(["paragraph", "bulleted_list_item", "numbered_list_item", "to_do", "quote", "toggle", "callout", "table"]);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Json = Record<string, unknown>;

function typeOf(block: Json): string {
  const type = block.type;
  if (typeof type !== "string") throw new Error(`block without type: ${JSON.stringify(block).slice(0, 200)}`);
  return type;
}
function payloadOf(block: Json): Json {
  return block[typeOf(block)] as Json;
}
function childrenOf(block: Json): Json[] | undefined {
  return payloadOf(block).children as Json[] | undefined;
}

function checkRichText(items: unknown, where: string, errors: string[]): void {
  if (!Array.isArray(items)) {
    errors.push(`${where}: rich_text is not an array`);
    return;
  }
  if (items.length > RICH_TEXT_ITEMS_MAX) errors.push(`${where}: ${items.length} rich_text items`);
  items.forEach((raw: Json, i) => {
    const at = `${where}[${i}]`;
    if (raw.type === "text") {
      const text = raw.text as { content: string; link?: { url: string } | null };
      if (text.content.length > TEXT_CONTENT_MAX) errors.push(`${at}: content length ${text.content.length}`);
      if (LONE_SURROGATE.test(text.content)) errors.push(`${at}: broken surrogate pair`);
      if (text.link) {
        if (text.link.url.length > LINK_URL_MAX) errors.push(`${at}: link length ${text.link.url.length}`);
        if (!/^(https?:\/\/|mailto:)/i.test(text.link.url)) errors.push(`${at}: link not absolute: ${text.link.url}`);
      }
    } else if (raw.type === "equation") {
      const expression = (raw.equation as { expression: string }).expression;
      if (expression.length > EQUATION_MAX) errors.push(`${at}: inline equation length ${expression.length}`);
      if (expression.trim() === "") errors.push(`${at}: empty inline equation`);
    } else errors.push(`${at}: unexpected rich text type ${String(raw.type)}`);
  });
}

/** Checks one block's own content (not its children). */
function checkBlock(block: Json, where: string, errors: string[], tableWidth?: number): void {
  const type = typeOf(block);
  const p = payloadOf(block);
  if (typeof p !== "object" || p === null) {
    errors.push(`${where}: no payload`);
    return;
  }
  const at = `${where}.${type}`;
  if (TEXT_TYPES.has(type)) checkRichText(p.rich_text, `${at}.rich_text`, errors);
  else if (type === "code") {
    checkRichText(p.rich_text, `${at}.rich_text`, errors);
    if (!NOTION_LANGUAGES_FROM_DOCS.has(p.language as string)) errors.push(`${at}: language ${String(p.language)}`);
  } else if (type === "equation") {
    const e = p.expression as string;
    if (e.length > EQUATION_MAX || e.trim() === "") errors.push(`${at}: expression length ${e.length}`);
  } else if (type === "image") {
    const url = (p.external as { url: string } | undefined)?.url ?? "";
    if (url.length > EXTERNAL_URL_MAX || !/^https?:\/\//i.test(url)) errors.push(`${at}: image url ${url.slice(0, 50)}`);
    if (p.caption !== undefined) checkRichText(p.caption, `${at}.caption`, errors);
  } else if (type === "table") {
    if (!Number.isInteger(p.table_width) || (p.table_width as number) < 1) errors.push(`${at}: table_width`);
  } else if (type === "table_row") {
    const cells = p.cells as unknown[];
    if (tableWidth === undefined) errors.push(`${at}: table_row outside a table`);
    else if (cells.length !== tableWidth) errors.push(`${at}: ${cells.length} cells for width ${tableWidth}`);
    cells.forEach((cell, i) => checkRichText(cell, `${at}.cells[${i}]`, errors));
  } else if (type !== "divider") errors.push(`${at}: unexpected block type`);

  const children = childrenOf(block);
  if (children !== undefined) {
    const mayHave = PARENT_TYPES.has(type) || (type.startsWith("heading_") && p.is_toggleable === true);
    if (!mayHave) errors.push(`${at}: ${type} cannot have children`);
    if (type === "table" && children.some((c) => typeOf(c) !== "table_row")) errors.push(`${at}: non-row in table`);
    if (type !== "table" && children.some((c) => typeOf(c) === "table_row")) errors.push(`${at}: row outside table`);
  }
  if (type === "table" && (children === undefined || children.length === 0)) errors.push(`${at}: table created without rows`);
}

/** Byte length of the request body as sent (UTF-8 JSON). */
export function bodyBytes(step: AppendStep): number {
  return Buffer.byteLength(JSON.stringify({ children: step.children }), "utf8");
}

/** All violations of Notion's limits in a plan (empty when the plan is valid). */
export function validatePlan(steps: readonly AppendStep[]): string[] {
  const errors: string[] = [];
  steps.forEach((step, s) => {
    const where = `step ${s}`;
    const children = step.children as unknown as Json[];
    let parentTableWidth: number | undefined;
    if (step.parent.kind === "created") {
      const { step: r, index } = step.parent;
      const parentBlock = r < s ? (steps[r]?.children[index] as unknown as Json | undefined) : undefined;
      if (parentBlock === undefined) errors.push(`${where}: parent ${r}/${index} is not an earlier step's block`);
      else {
        const t = typeOf(parentBlock);
        if (!PARENT_TYPES.has(t)) errors.push(`${where}: parent type ${t} cannot have children`);
        if (t === "table") parentTableWidth = payloadOf(parentBlock).table_width as number;
      }
    }
    if (children.length === 0) errors.push(`${where}: empty request`);
    if (children.length > CHILDREN_MAX) errors.push(`${where}: ${children.length} children`);
    let total = 0;
    children.forEach((child, i) => {
      total += 1;
      const at = `${where}.children[${i}]`;
      checkBlock(child, at, errors, parentTableWidth);
      const grand = childrenOf(child) ?? [];
      if (grand.length > CHILDREN_MAX) errors.push(`${at}: ${grand.length} children`);
      const width = typeOf(child) === "table" ? (payloadOf(child).table_width as number) : undefined;
      grand.forEach((g, j) => {
        total += 1;
        checkBlock(g, `${at}.children[${j}]`, errors, width);
        if (childrenOf(g) !== undefined) errors.push(`${at}.children[${j}]: third level of nesting`);
      });
    });
    if (total > BLOCKS_PER_REQUEST_MAX) errors.push(`${where}: ${total} blocks`);
    const bytes = bodyBytes(step);
    if (bytes > BODY_BYTES_MAX) errors.push(`${where}: ${bytes} bytes`);
  });
  return errors;
}
