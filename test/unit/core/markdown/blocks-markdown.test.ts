/**
 * Blocks → Markdown: unit tests per block type, and the round-trip property:
 * for generated Markdown in the converter's subset, converting the blocks
 * back to Markdown and converting that again gives the same blocks.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { blocksToMarkdown, markdownToBlocks, type NotionBlock, type ReadableBlock } from "../../../../src/core/markdown";
import { HTML_ANSWERS } from "./fixtures/html-answers";
import { bullet, code, divider, eq, equation, h1, h2, image, numbered, p, quote, t, table, todo, toggle } from "./helpers/builders";

const toMd = (blocks: readonly NotionBlock[]) => blocksToMarkdown(blocks as unknown as ReadableBlock[]);
const roundTrip = (markdown: string) => {
  const blocks = markdownToBlocks(markdown);
  return { blocks, markdown: toMd(blocks), again: markdownToBlocks(toMd(blocks)) };
};

describe("blocksToMarkdown: each block type", () => {
  test("paragraphs, headings, an empty paragraph", () => {
    expect(toMd([h1([t("Title")]), p([t("a\nb")]), p([]), h2([t("C# #")])])).toBe("# Title\n\na\nb\n\n<br>\n\n## C# \\#");
  });

  test("annotations and links", () => {
    expect(
      toMd([
        p([
          t("b", { bold: true }),
          t(" "),
          t("i", { italic: true }),
          t(" "),
          t("s", { strikethrough: true }),
          t(" "),
          t("c`d", { code: true }),
          t(" "),
          t("u", { underline: true }),
          t(" "),
          t("m", { color: "yellow_background" }),
          t(" "),
          t("l", { bold: true }, "https://x.io/a_(b)"),
          t(" "),
          eq("x^2"),
        ]),
      ]),
    ).toBe("**b** *i* ~~s~~ ``c`d`` <u>u</u> <mark>m</mark> [**l**](<https://x.io/a_(b)>) $x^2$");
  });

  test("text never turns into syntax", () => {
    expect(toMd([p([t("# not a heading\n- not a list\n1. not a list *a* _b_ [c](d) <kbd> $5 ~x~ &amp; \\")])])).toBe(
      "\\# not a heading\n\\- not a list\n1\\. not a list \\*a\\* \\_b\\_ \\[c\\](d) \\<kbd> \\$5 \\~x\\~ \\&amp; \\\\",
    );
  });

  test("a mark whose text starts or ends with a space, or with punctuation inside a word, uses its HTML tag", () => {
    expect(toMd([p([t("a"), t(" b ", { bold: true }), t("c")])])).toBe("a<b> b </b>c");
    expect(toMd([p([t("a"), t("(b)", { italic: true }), t("c")])])).toBe("a<i>(b)</i>c");
    expect(toMd([p([t("a "), t("(b)", { italic: true }), t(" c")])])).toBe("a *(b)* c");
  });

  test("lists: nesting, numbering, to-dos, content under an item", () => {
    expect(
      toMd([
        bullet([t("a")], [bullet([t("b")]), numbered([t("n")])]),
        todo(true, [t("done")]),
        numbered([t("one")], [p([t("more")]), code("python", [t("x = 1")])]),
        numbered([t("two")]),
      ]),
    ).toBe("- a\n  - b\n\n  1. n\n- [x] done\n\n1. one\n\n   more\n\n   ```python\n   x = 1\n   ```\n2. two");
  });

  test("toggles, quotes, callouts", () => {
    expect(toMd([toggle([t("S", { bold: true })], [p([t("x")])]), toggle([t("Empty")]), quote([t("q")], [bullet([t("i")])])])).toBe(
      "<details>\n<summary>**S**</summary>\n\nx\n\n</details>\n\n<details>\n<summary>Empty</summary>\n</details>\n\n> q\n>\n> - i",
    );
    const callout = { type: "callout", callout: { rich_text: [t("Note")], icon: { type: "emoji", emoji: "💡" } } };
    expect(blocksToMarkdown([callout])).toBe("> 💡 Note");
  });

  test("code fences outgrow the backticks inside; equations; dividers; tables; images", () => {
    expect(toMd([code("plain text", [t("```\nx")]), code("visual basic", [t("y")]), equation("E=mc^2"), divider()])).toBe(
      "````\n```\nx\n````\n\n```vba\ny\n```\n\n$$\nE=mc^2\n$$\n\n***",
    );
    expect(toMd([table(2, [[[t("h")], [t("a|b")]], [[t("x\ny")], []]])])).toBe("| h | a\\|b |\n| --- | --- |\n| x<br>y |  |");
    expect(toMd([image("https://i.io/a.png", [t("A [cap]")]), image("https://i.io/b.png")])).toBe("![A \\[cap\\]](https://i.io/a.png)\n\n![](https://i.io/b.png)");
  });

  test("blocks as the API returns them: full annotations, href, children attached, files and bookmarks, unknown types", () => {
    const plainAnnotations = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" };
    const item = (content: string, extra: Record<string, unknown> = {}) => ({
      type: "text",
      text: { content, link: null },
      plain_text: content,
      href: null,
      annotations: { ...plainAnnotations, ...extra },
    });
    const blocks: ReadableBlock[] = [
      { object: "block", type: "paragraph", paragraph: { rich_text: [item("Hi "), item("there", { bold: true, color: "red" })], color: "default" } },
      { object: "block", type: "bulleted_list_item", bulleted_list_item: { rich_text: [item("parent")] }, children: [{ type: "paragraph", paragraph: { rich_text: [item("kid")] } }] },
      { type: "paragraph", paragraph: { rich_text: [{ type: "mention", plain_text: "@Ada", href: "https://notion.so/u", annotations: plainAnnotations }] } },
      { type: "bookmark", bookmark: { url: "https://example.com", caption: [] } },
      { type: "file", file: { type: "file", file: { url: "https://s3/x.pdf" }, name: "x.pdf", caption: [] } },
      { type: "child_page", child_page: { title: "Sub page" } },
      { type: "template", template: { rich_text: [item("kept text")] } },
      { type: "unsupported", unsupported: {} },
    ];
    expect(blocksToMarkdown(blocks)).toBe("Hi **there**\n\n- parent\n\n  kid\n\n[@Ada](https://notion.so/u)\n\n[https://example.com](https://example.com)\n\n[x.pdf](https://s3/x.pdf)\n\nSub page\n\nkept text");
  });
});

describe("round trips", () => {
  test.each(HTML_ANSWERS.map((a) => [a.name, a.markdown]))("corpus: %s", (_name, markdown) => {
    const { blocks, again } = roundTrip(markdown);
    expect(again).toEqual(blocks);
  });

  // ---- generated Markdown in the converter's subset ----
  const letters = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFXYZ");
  const wide = fc.constantFrom("é", "漢", "😀", "Ω");
  /** Characters that are Markdown syntax, written escaped in the source so they are text. */
  const escaped = fc.constantFrom("\\*", "\\_", "\\#", "\\[", "\\]", "\\<", "\\>", "\\$", "\\~", "\\`", "\\\\", "&amp;", "&lt;b&gt;", "\\|", "\\-", "1\\.", "\\+", "!", "(", ")", ":", ",", ".", "'", '"', "?", "/", "=");
  const word = fc
    .tuple(letters, fc.array(fc.oneof({ weight: 5, arbitrary: letters }, { weight: 1, arbitrary: wide }, { weight: 1, arbitrary: escaped }), { maxLength: 8 }))
    .map(([a, rest]) => a + rest.join(""));
  const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(" "));
  const url = fc.constantFrom("https://example.com/a", "https://x.io/path_(1)?q=a&b=c", "https://ex.org/ü");

  const inline: fc.Arbitrary<string> = fc.letrec<{ span: string }>((tie) => ({
    span: fc.oneof(
      { weight: 6, arbitrary: words(5) },
      { weight: 2, arbitrary: tie("span").map((s) => `**${s}**`) },
      { weight: 2, arbitrary: tie("span").map((s) => `*${s}*`) },
      { weight: 1, arbitrary: tie("span").map((s) => `~~${s}~~`) },
      { weight: 1, arbitrary: fc.tuple(tie("span"), tie("span")).map(([a, b]) => `${a} **${b}**`) },
      { weight: 1, arbitrary: fc.constantFrom("`code`", "``a ` b``", "` `` `", "`x|y`") },
      { weight: 1, arbitrary: fc.tuple(words(3), url).map(([w, u]) => `[${w}](${u})`) },
      { weight: 1, arbitrary: fc.constantFrom("$x^2$", "$\\alpha+1$", "https://auto.link/x") },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom("kbd", "u", "mark", "ins"), words(2)).map(([tag, w]) => `<${tag}>${w}</${tag}>`) },
    ),
  })).span.filter((s) => s.trim() !== "");

  const line = fc.array(inline, { minLength: 1, maxLength: 4 }).map((s) => s.join(" "));
  const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join("\n"));
  const heading = fc.tuple(fc.integer({ min: 1, max: 4 }), line).map(([n, l]) => `${"#".repeat(n)} ${l}`);
  const codeBlock = fc
    .tuple(fc.constantFrom("", "js", "python", "c++", "visual basic", "text", "rust"), fc.array(fc.constantFrom("let a = 1;", "  indented", "", "```", "<div>", "# x", "$$"), { minLength: 1, maxLength: 5 }))
    .map(([lang, lines]) => `\`\`\`\`${lang}\n${lines.join("\n")}\n\`\`\`\``);
  const math = fc.constantFrom("$$\nE = mc^2\n$$", "$$\n\\frac{a}{b}\n$$");
  const tableBlock = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(words(2), { minLength: 1, maxLength: 3 }), { maxLength: 3 }))
    .map(([width, rows]) => {
      const cells = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? "x").join(" | ")} |`;
      return [cells(Array.from({ length: width }, (_, i) => `h${i}`)), cells(Array.from({ length: width }, () => "---")), ...rows.map(cells)].join("\n");
    });
  const simpleBlock = fc.oneof(
    { weight: 5, arbitrary: paragraph },
    { weight: 2, arbitrary: heading },
    { weight: 2, arbitrary: codeBlock },
    { weight: 1, arbitrary: math },
    { weight: 1, arbitrary: tableBlock },
    { weight: 1, arbitrary: fc.constant("---") },
    { weight: 1, arbitrary: fc.constant("<br>") },
    { weight: 1, arbitrary: words(2).map((w) => `![${w}](https://i.io/a.png)`) },
  );
  const list: fc.Arbitrary<string> = fc.letrec<{ list: string }>((tie) => ({
    list: fc
      .tuple(
        fc.constantFrom("- ", "1. ", "- [ ] ", "- [x] "),
        fc.array(fc.tuple(line, fc.option(fc.oneof(tie("list"), simpleBlock), { freq: 3, depthSize: "small" })), { minLength: 1, maxLength: 3 }),
      )
      .map(([marker, items]) => {
        const pad = " ".repeat(marker.startsWith("1") ? 3 : 2);
        return items
          .map(([head, sub]) => (sub === null ? `${marker}${head}` : `${marker}${head}\n\n${sub.split("\n").map((l) => (l === "" ? "" : pad + l)).join("\n")}`))
          .join("\n");
      }),
  })).list;
  const quoteBlock = fc.oneof(paragraph, list).map((b) => b.split("\n").map((l) => `> ${l}`).join("\n"));
  const block = fc.oneof({ weight: 6, arbitrary: simpleBlock }, { weight: 2, arbitrary: list }, { weight: 1, arbitrary: quoteBlock });
  const details = fc
    .tuple(line, fc.array(block, { maxLength: 3 }))
    .map(([summary, content]) => `<details>\n<summary>${summary}</summary>\n\n${content.join("\n\n")}\n\n</details>`);
  const document = fc.array(fc.oneof({ weight: 8, arbitrary: block }, { weight: 1, arbitrary: details }), { maxLength: 8 }).map((b) => b.join("\n\n"));

  test("generated Markdown: blocks → Markdown → blocks gives the same blocks", () => {
    fc.assert(
      fc.property(document, (markdown) => {
        const { blocks, again } = roundTrip(markdown);
        expect(again).toEqual(blocks);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  test("and Markdown is a fixed point after one trip", () => {
    fc.assert(
      fc.property(document, (markdown) => {
        const once = roundTrip(markdown).markdown;
        expect(toMd(markdownToBlocks(once))).toBe(once);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
