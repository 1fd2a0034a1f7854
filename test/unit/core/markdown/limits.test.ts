import { describe, expect, test } from "vitest";
import {
  MAX_BLOCK_CONTENT_BYTES,
  MAX_EQUATION_EXPRESSION_LENGTH,
  MAX_LINK_URL_LENGTH,
  MAX_RICH_TEXT_CONTENT_LENGTH,
  MAX_RICH_TEXT_ITEMS,
  NOTION_CODE_LANGUAGES,
  countBlocks,
  markdownToBlocks,
  toNotionLanguage,
  type NotionBlock,
  type RichTextItem,
} from "../../../../src/core/markdown";
import { splitText } from "../../../../src/core/markdown/split-rich-text";
import { bullet, code, equation, h3, p, quote, t } from "./helpers/builders";
import { plainText } from "./helpers/executor";
import { NOTION_LANGUAGES_FROM_DOCS } from "./helpers/notion-validator";

type Json = Record<string, unknown>;
const payload = (b: NotionBlock) => (b as unknown as Json)[(b as unknown as Json).type as string] as Json;
const richText = (b: NotionBlock) => payload(b).rich_text as RichTextItem[];
const contentOf = (i: RichTextItem) => ("text" in i ? i.text.content : "");

describe("the limit constants match Notion's documentation", () => {
  test("values", () => {
    expect([MAX_RICH_TEXT_CONTENT_LENGTH, MAX_LINK_URL_LENGTH, MAX_EQUATION_EXPRESSION_LENGTH, MAX_RICH_TEXT_ITEMS]).toEqual([2000, 2000, 1000, 100]);
  });
});

describe("splitText (2000 UTF-16 code units per item)", () => {
  test("cuts at the limit", () => {
    expect(splitText("a".repeat(4500)).map((s) => s.length)).toEqual([2000, 2000, 500]);
  });
  test("exactly the limit is one piece; empty is one empty piece", () => {
    expect(splitText("a".repeat(2000))).toHaveLength(1);
    expect(splitText("")).toEqual([""]);
  });
  test("never cuts a surrogate pair", () => {
    const text = `${"x".repeat(1999)}😀y`;
    const pieces = splitText(text);
    expect(pieces).toEqual(["x".repeat(1999), "😀y"]);
  });
  test("text made only of emoji", () => {
    const text = "👍".repeat(3000); // 6000 code units
    const pieces = splitText(text);
    expect(pieces.join("")).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(2000);
      expect(piece.length % 2).toBe(0);
    }
  });
});

describe("long text in blocks", () => {
  test("a long bold paragraph splits into items that all keep the annotation", () => {
    const [block, ...rest] = markdownToBlocks(`**${"b".repeat(4500)}**`);
    expect(rest).toEqual([]);
    expect(block).toEqual(p([t("b".repeat(2000), { bold: true }), t("b".repeat(2000), { bold: true }), t("b".repeat(500), { bold: true })]));
  });
  test("a long link splits into items that all keep the link and formatting", () => {
    const url = "https://ex.am/ple";
    const items = richText(markdownToBlocks(`[*${"é".repeat(2500)}*](${url})`)[0] as NotionBlock);
    expect(items).toEqual([t("é".repeat(2000), { italic: true }, url), t("é".repeat(500), { italic: true }, url)]);
  });
  test("surrogate pairs survive a split in formatted text", () => {
    const text = `${"a".repeat(1999)}${"🎉".repeat(10)}`;
    const items = richText(markdownToBlocks(`~~${text}~~`)[0] as NotionBlock);
    expect(items.map(contentOf)).toEqual(["a".repeat(1999), "🎉".repeat(10)]);
    expect(items.every((i) => i.annotations?.strikethrough === true)).toBe(true);
  });
  test("a link URL over 2000 characters: link dropped, text kept", () => {
    const url = `https://x.io/${"p".repeat(MAX_LINK_URL_LENGTH)}`;
    expect(markdownToBlocks(`[keep me](${url}) ok`)).toEqual([p([t("keep me ok")])]);
  });
  test("a link URL of exactly 2000 characters is kept", () => {
    const url = `https://x.io/${"p".repeat(MAX_LINK_URL_LENGTH - 13)}`;
    expect(url).toHaveLength(2000);
    expect(markdownToBlocks(`[k](${url})`)).toEqual([p([t("k", undefined, url)])]);
  });
});

/** `**w0** *w1* **w2** …`: n formatted words separated by plain spaces → 2n − 1 items. */
const manyItems = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `**w${i}**` : `*w${i}*`)).join(" ");
const manyItemsText = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");

describe("more than 100 rich_text items", () => {
  test("a paragraph continues in following paragraphs", () => {
    const blocks = markdownToBlocks(manyItems(150)); // 299 items
    expect(blocks.map((b) => Object.keys(payload(b)))).toEqual([["rich_text"], ["rich_text"], ["rich_text"]]);
    expect(blocks.map((b) => (b as unknown as Json).type)).toEqual(["paragraph", "paragraph", "paragraph"]);
    expect(blocks.map((b) => richText(b).length)).toEqual([100, 100, 99]);
    expect(plainText(blocks)).toBe(manyItemsText(150));
  });
  test("a heading continues in headings of the same level", () => {
    const blocks = markdownToBlocks(`### ${manyItems(60)}`); // 119 items
    expect(blocks.map((b) => (b as unknown as Json).type)).toEqual(["heading_3", "heading_3"]);
    expect(blocks.map((b) => richText(b).length)).toEqual([100, 19]);
    expect(plainText(blocks)).toBe(manyItemsText(60));
    expect(blocks[1]).toEqual(h3(richText(blocks[1] as NotionBlock)));
  });
  test("a list item keeps one bullet: the overflow becomes child paragraphs before its other children", () => {
    const blocks = markdownToBlocks(`- ${manyItems(150)}\n  - sub\n- next`);
    expect(blocks).toHaveLength(2);
    const [item, next] = blocks as [NotionBlock, NotionBlock];
    expect(richText(item)).toHaveLength(100);
    const children = payload(item).children as NotionBlock[];
    expect(children.map((c) => (c as unknown as Json).type)).toEqual(["paragraph", "paragraph", "bulleted_list_item"]);
    expect(children.slice(0, 2).map((c) => richText(c).length)).toEqual([100, 99]);
    expect(children[2]).toEqual(bullet([t("sub")]));
    expect(next).toEqual(bullet([t("next")]));
    expect(plainText([item])).toBe(`${manyItemsText(150)}sub`);
  });
  test("a quote keeps its overflow as child paragraphs", () => {
    const blocks = markdownToBlocks(`> ${manyItems(60)}`);
    expect(blocks).toHaveLength(1);
    const quoteBlock = blocks[0] as NotionBlock;
    expect(richText(quoteBlock)).toHaveLength(100);
    expect(payload(quoteBlock).children).toEqual([p(richText((payload(quoteBlock).children as NotionBlock[])[0] as NotionBlock))]);
    expect(plainText(blocks)).toBe(manyItemsText(60));
    expect(quoteBlock).toEqual(quote(richText(quoteBlock), payload(quoteBlock).children as NotionBlock[]));
  });
  test("a table cell that needs more than 100 items falls back to the table's text", () => {
    const source = `| ${manyItems(60)} |\n|---|`;
    const blocks = markdownToBlocks(source);
    expect(blocks.every((b) => (b as unknown as Json).type === "paragraph")).toBe(true);
    expect(plainText(blocks)).toBe(source);
  });
});

describe("per-block size budget", () => {
  test("wide characters: no block's text exceeds the byte budget, nothing is lost", () => {
    const text = "漢".repeat(150_000); // 450 KB of UTF-8 in one paragraph
    const blocks = markdownToBlocks(text);
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect(Buffer.byteLength(JSON.stringify(richText(b)))).toBeLessThanOrEqual(MAX_BLOCK_CONTENT_BYTES);
    expect(plainText(blocks)).toBe(text);
  });
  test("plain ASCII fills a block's 100 items", () => {
    const text = "a".repeat(250_000);
    const blocks = markdownToBlocks(text);
    expect(blocks.map((b) => richText(b).length)).toEqual([100, 25]);
  });
});

describe("code", () => {
  test("code over 2000 characters is split into several items of the same block", () => {
    const body = "x".repeat(4100);
    expect(markdownToBlocks(`\`\`\`js\n${body}\n\`\`\``)).toEqual([code("javascript", [t("x".repeat(2000)), t("x".repeat(2000)), t("x".repeat(100))])]);
  });
  test("code needing more than 100 items continues in code blocks of the same language", () => {
    const body = "y".repeat(100 * 2000 + 10);
    const blocks = markdownToBlocks(`\`\`\`py\n${body}\n\`\`\``);
    expect(blocks.map((b) => [(b as unknown as Json).type, payload(b).language, richText(b).length])).toEqual([
      ["code", "python", 100],
      ["code", "python", 1],
    ]);
    expect(plainText(blocks)).toBe(body);
  });
  test("emoji in long code are not split", () => {
    const body = "🙂".repeat(2500);
    const items = richText(markdownToBlocks(`\`\`\`\n${body}\n\`\`\``)[0] as NotionBlock);
    expect(items.map((i) => contentOf(i).length)).toEqual([2000, 2000, 1000]);
    expect(items.map(contentOf).join("")).toBe(body);
  });
});

describe("equations", () => {
  test("display math of exactly 1000 characters is an equation", () => {
    const expr = "x".repeat(MAX_EQUATION_EXPRESSION_LENGTH);
    expect(markdownToBlocks(`$$\n${expr}\n$$`)).toEqual([equation(expr)]);
  });
  test("longer display math falls back to a LaTeX code block", () => {
    const expr = "x".repeat(MAX_EQUATION_EXPRESSION_LENGTH + 1);
    expect(markdownToBlocks(`$$\n${expr}\n$$`)).toEqual([code("latex", [t(expr)])]);
  });
  test("longer inline math falls back to code-formatted text", () => {
    const expr = "y".repeat(MAX_EQUATION_EXPRESSION_LENGTH + 1);
    expect(markdownToBlocks(`a $${expr}$ b`)).toEqual([p([t("a "), t(expr, { code: true }), t(" b")])]);
  });
});

describe("code languages", () => {
  test.each([
    ["js", "javascript"], ["JS", "javascript"], ["jsx", "javascript"], ["ts", "typescript"], ["tsx", "typescript"],
    ["py", "python"], ["python3", "python"], ["sh", "shell"], ["zsh", "shell"], ["bash", "bash"], ["console", "shell"],
    ["yml", "yaml"], ["yaml", "yaml"], ["c++", "c++"], ["cpp", "c++"], ["c#", "c#"], ["cs", "c#"], ["csharp", "c#"],
    ["golang", "go"], ["go", "go"], ["md", "markdown"], ["rs", "rust"], ["rb", "ruby"], ["kt", "kotlin"],
    ["dockerfile", "docker"], ["Dockerfile", "docker"], ["ps1", "powershell"], ["objc", "objective-c"],
    ["tex", "latex"], ["json", "json"], ["jsonc", "json"], ["html", "html"], ["svg", "xml"], ["sql", "sql"],
    ["postgresql", "sql"], ["tf", "hcl"], ["diff", "diff"], ["mermaid", "mermaid"], ["vb", "vb.net"],
    ["text", "plain text"], ["txt", "plain text"], ["{python}", "python"], ["language-rust", "rust"],
    ["klingon", "plain text"], ["", "plain text"], [null, "plain text"], [undefined, "plain text"],
  ])("%j → %j", (lang, expected) => {
    expect(toNotionLanguage(lang)).toBe(expected);
  });
  test("the language list is Notion's, and each name maps to itself", () => {
    expect(new Set(NOTION_CODE_LANGUAGES)).toEqual(NOTION_LANGUAGES_FROM_DOCS);
    for (const name of NOTION_CODE_LANGUAGES) expect(toNotionLanguage(name)).toBe(name);
  });
  test("the fence language goes through the mapping", () => {
    expect(markdownToBlocks("```c++\nint a;\n```\n\n```zsh\nls\n```")).toEqual([code("c++", [t("int a;")]), code("shell", [t("ls")])]);
  });
});

describe("countBlocks", () => {
  test("counts nested blocks and table rows", () => {
    const blocks = markdownToBlocks("- a\n  - b\n    - c\n\n| x |\n|---|\n| y |");
    expect(countBlocks(blocks)).toBe(3 + 1 + 2);
    expect(countBlocks([])).toBe(0);
  });
});
