/**
 * Property-based tests: for generated Markdown, every planned request satisfies
 * all of Notion's limits (checked by an independent validator), executing the
 * plan rebuilds the converted tree, no text is lost, and streaming in random
 * chunks gives exactly the one-shot conversion.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { StreamingMarkdownConverter, markdownToBlocks, planAppends, type NotionBlock } from "../../../../src/core/markdown";
import { executePlan, literalTags, plainText } from "./helpers/executor";
import { validatePlan } from "./helpers/notion-validator";

// ---------------------------------------------------------------------------
// A document model that renders to Markdown *and* knows its visible text.
// Words never contain Markdown syntax, so the expected text is exact.

interface Doc {
  readonly markdown: string;
  readonly text: string;
}

const letters = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
const wideChars = fc.constantFrom("é", "ß", "漢", "字", "😀", "👍🏽", "🇫🇷", "👨‍👩‍👧", "𝔸", "Ω");
const word = fc
  .tuple(letters, fc.array(fc.oneof({ weight: 4, arbitrary: letters }, { weight: 1, arbitrary: wideChars }), { maxLength: 12 }))
  .map(([first, rest]) => first + rest.join(""));
const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(" "));
/** A long run of words: several thousand characters, to cross the 2000 limit. */
const longWords = fc.tuple(words(8), fc.integer({ min: 40, max: 200 })).map(([w, n]) => Array.from({ length: n }, () => w).join(" "));

const longUrl = fc.integer({ min: 10, max: 2600 }).map((n) => `https://example.com/${"p".repeat(n)}`);
const mathExpr = (max: number) =>
  fc
    .array(fc.constantFrom("x", "y", "^", "2", "{", "}", "+", "=", "\\alpha", "\\frac{a}{b}", "_i"), { minLength: 1, maxLength: max })
    .map((parts) => `x${parts.join("")}`);

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** Inline HTML as models write it: the tags never show, their text does. */
const inlineHtml: fc.Arbitrary<Doc> = fc.oneof(
  fc.tuple(fc.constantFrom("kbd", "u", "mark", "b", "em", "ins", "del", "code", "span", "small", "abbr", "sub"), words(3)).map(
    ([tag, w]) => ({ markdown: `<${tag}>${w}</${tag}>`, text: w }),
  ),
  fc.integer({ min: 0, max: 999 }).map((n) => ({ markdown: `x<sup>${n}</sup>`, text: `x${[...String(n)].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join("")}` })),
  words(2).map((w) => ({ markdown: `<a href="https://a.io/x?y=1&amp;z=2">${w}</a>`, text: w })),
  words(2).map((w) => ({ markdown: `${w}<br>${w}`, text: `${w}\n${w}` })),
  fc.constantFrom({ markdown: "a &amp; b &lt; c &copy;", text: "a & b < c ©" }, { markdown: "x<!-- hidden -->y", text: "xy" }),
);

/** An inline segment: rendered Markdown and the text it shows. */
const segment: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 6, arbitrary: words(6).map((w) => ({ markdown: w, text: w })) },
  { weight: 1, arbitrary: longWords.map((w) => ({ markdown: w, text: w })) },
  { weight: 2, arbitrary: words(4).map((w) => ({ markdown: `**${w}**`, text: w })) },
  { weight: 2, arbitrary: words(4).map((w) => ({ markdown: `*${w}*`, text: w })) },
  { weight: 1, arbitrary: words(4).map((w) => ({ markdown: `***${w}***`, text: w })) },
  { weight: 1, arbitrary: words(4).map((w) => ({ markdown: `~~${w}~~`, text: w })) },
  { weight: 2, arbitrary: words(3).map((w) => ({ markdown: `\`${w}\``, text: w })) },
  { weight: 2, arbitrary: fc.tuple(words(4), longUrl).map(([w, u]) => ({ markdown: `[${w}](${u})`, text: w })) },
  { weight: 1, arbitrary: fc.tuple(words(2), longUrl).map(([w, u]) => ({ markdown: `**[\`${w}\`](${u})**`, text: w })) },
  { weight: 1, arbitrary: mathExpr(8).map((e) => ({ markdown: `$${e}$`, text: e })) },
  { weight: 1, arbitrary: fc.integer({ min: 990, max: 1100 }).map((n) => "x".repeat(n)).map((e) => ({ markdown: `$${e}$`, text: e })) },
  { weight: 1, arbitrary: inlineHtml },
);
/** Many short formatted segments, to exceed 100 rich_text items. */
const manySegments = fc.array(words(2).map((w) => ({ markdown: `**${w}**`, text: w })), { minLength: 60, maxLength: 120 });

const inline = fc.oneof({ weight: 5, arbitrary: fc.array(segment, { minLength: 1, maxLength: 8 }) }, { weight: 1, arbitrary: manySegments }).map(
  (segs): Doc => ({ markdown: segs.map((s) => s.markdown).join(" "), text: segs.map((s) => s.text).join(" ") }),
);

const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([level, d]): Doc => ({ markdown: `${"#".repeat(level)} ${d.markdown}`, text: d.text }));

const codeLine = fc.array(fc.constantFrom(..."abc xyz(){};=<>*_#$|-+.,'\"0123456789", "😀", "漢"), { maxLength: 60 }).map((c) => c.join(""));
const codeBlock = fc
  .tuple(
    fc.constantFrom("", "js", "ts", "py", "sh", "zsh", "yml", "c++", "cs", "golang", "md", "rust", "klingon", "Python"),
    fc.oneof(fc.array(codeLine, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 6 }).map((n) => Array.from({ length: n }, () => "z".repeat(1500)))),
  )
  .map(([lang, lines]): Doc => ({ markdown: `\`\`\`${lang}\n${lines.join("\n")}\n\`\`\``, text: lines.join("\n") }));

const displayMath = fc
  .oneof(mathExpr(40), fc.integer({ min: 900, max: 1200 }).map((n) => "y".repeat(n)))
  .map((e): Doc => ({ markdown: `$$\n${e}\n$$`, text: e }));

const tableBlock = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(words(3), { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 12 }))
  .chain(([width, rows]) =>
    fc.array(words(2), { minLength: width, maxLength: width }).map((header): Doc => {
      const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
      return {
        markdown: [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n"),
        text: [...header, ...rows.flat()].join(""),
      };
    }),
  );

const htmlBlock = words(4).map((w): Doc => ({ markdown: `<div>${w}</div>`, text: w }));
const quoteBlock = inline.map((d): Doc => ({ markdown: `> ${d.markdown}`, text: d.text }));
const imageBlock = words(3).map((alt): Doc => ({ markdown: `![${alt}](https://img.example.com/a.png)`, text: alt }));
const dividerBlock = fc.constant<Doc>({ markdown: "---", text: "" });

/** Lists nested to random depth; markers vary (bullets, numbers, tasks). */
const list: fc.Arbitrary<Doc> = fc.letrec<{ list: Doc }>((tie) => ({
  list: fc
    .tuple(
      fc.constantFrom("- ", "* ", "1. ", "- [ ] ", "- [x] "),
      fc.array(
        fc.tuple(
          fc.oneof({ weight: 6, arbitrary: words(6).map((w) => ({ markdown: w, text: w })) }, { weight: 1, arbitrary: inline }),
          fc.option(tie("list"), { freq: 3, depthSize: "small" }),
        ),
        { minLength: 1, maxLength: 5 },
      ),
    )
    .map(([marker, items]): Doc => {
      const indent = " ".repeat(marker.startsWith("1") ? 3 : 2);
      const lines: string[] = [];
      let text = "";
      for (const [head, sub] of items) {
        lines.push(`${marker}${head.markdown}`);
        text += head.text;
        if (sub !== null) {
          lines.push(...sub.markdown.split("\n").map((l) => indent + l));
          text += sub.text;
        }
      }
      return { markdown: lines.join("\n"), text };
    }),
})).list;

const block: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 2, arbitrary: heading },
  { weight: 5, arbitrary: inline },
  { weight: 3, arbitrary: list },
  { weight: 2, arbitrary: codeBlock },
  { weight: 1, arbitrary: displayMath },
  { weight: 2, arbitrary: tableBlock },
  { weight: 1, arbitrary: htmlBlock },
  { weight: 1, arbitrary: quoteBlock },
  { weight: 1, arbitrary: imageBlock },
  { weight: 1, arbitrary: dividerBlock },
);

const joinBlocks = (blocks: readonly Doc[]): Doc => ({ markdown: blocks.map((b) => b.markdown).join("\n\n"), text: blocks.map((b) => b.text).join("") });

/**
 * `<details>` sections as models write them: Markdown content between blank
 * lines, or text written tight inside the HTML; possibly nested.
 */
function detailsOf(content: fc.Arbitrary<Doc>): fc.Arbitrary<Doc> {
  return fc.oneof(
    fc.tuple(words(4), fc.array(content, { maxLength: 4 })).map(([summary, inner]): Doc => {
      const body = joinBlocks(inner);
      return { markdown: `<details>\n<summary>${summary}</summary>\n\n${body.markdown}\n\n</details>`, text: summary + body.text };
    }),
    fc.tuple(words(4), words(8)).map(([summary, w]): Doc => ({
      markdown: `<details>\n  <summary><b>${summary}</b></summary>\n  ${w}\n</details>`,
      text: summary + w,
    })),
  );
}
const detailsBlock = detailsOf(fc.oneof({ weight: 4, arbitrary: block }, { weight: 1, arbitrary: detailsOf(block) }));

const document = fc
  .array(fc.oneof({ weight: 12, arbitrary: block }, { weight: 1, arbitrary: detailsBlock }), { maxLength: 12 })
  .map(joinBlocks);

// ---------------------------------------------------------------------------
// Markdown-ish noise: fragments of syntax in any order, to shake the parser
// (and the streaming converter's idea of when a block is final).

const fragment = fc.constantFrom(
  "#", "# ", "## ", "###### ", "\n", "\n\n", "\r\n", " ", "  ", "    ", "\t", "-", "- ", "* ", "+ ", "1. ", "2) ",
  "- [ ] ", "- [x] ", ">", "> ", "```", "```js\n", "~~~", "$", "$$", "$$\n", "|", "| a | b |\n", "|---|---|\n",
  "---", "***", "===", "**", "*", "_", "~~", "`", "[", "]", "(", ")", "![", "](https://i.io/x.png)",
  "[l](https://l.io)", "<div>", "</div>", "<br>", "<!--", "-->", "<https://a.b>", "www.x.org", "[^1]", "[^1]: ",
  "<details>", "</details>", "<details>\n", "</details>\n", "<summary>", "</summary>", "<kbd>", "</kbd>", "<sup>", "</sup>",
  "<mark>", "</mark>", "<pre>", "</pre>", "<u>", "</u>", "<a href=\"https://a.io\">", "</a>", "&lt;", "&nbsp;",
  "[ref]: https://r.io", "\\", "&amp;", "word", "Wörd", "😀", "漢字", "x^2", "5", "0",
);
const noise = fc.array(fragment, { maxLength: 80 }).map((f) => f.join(""));

// ---------------------------------------------------------------------------

function plannedTree(blocks: NotionBlock[]): { errors: string[]; rebuilt: NotionBlock[] } {
  const steps = planAppends(blocks);
  return { errors: validatePlan(steps), rebuilt: executePlan(steps) };
}

/** Cut `text` at random points (surrogate pairs may be cut: the stream must cope). */
function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * (text.length + 1))))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let last = 0;
  for (const point of points) {
    pieces.push(text.slice(last, point));
    last = point;
  }
  pieces.push(text.slice(last));
  return pieces;
}

function stream(pieces: string[]): NotionBlock[] {
  const s = new StreamingMarkdownConverter();
  const out = pieces.flatMap((piece) => s.push(piece));
  return [...out, ...s.end()];
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 60 });

// Generated documents reach tens of kilobytes (the parser handles ~1 MB/s).
const SLOW = 120_000;

describe("properties", () => {
  test("generated documents: every request respects Notion's limits, the plan rebuilds the blocks, no text is lost", () => {
    fc.assert(
      fc.property(document, (doc) => {
        const blocks = markdownToBlocks(doc.markdown);
        const { errors, rebuilt } = plannedTree(blocks);
        expect(errors).toEqual([]);
        expect(rebuilt).toEqual(blocks);
        expect(plainText(blocks)).toBe(doc.text);
        expect(literalTags(blocks)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, SLOW);

  test("generated documents: streaming in random chunks equals one-shot conversion", () => {
    fc.assert(
      fc.property(document, cuts, (doc, at) => {
        expect(stream(chunked(doc.markdown, at))).toEqual(markdownToBlocks(doc.markdown));
      }),
      { numRuns: 100 },
    );
  }, SLOW);

  test("Markdown noise: limits hold and the plan rebuilds the blocks", () => {
    fc.assert(
      fc.property(noise, (text) => {
        const blocks = markdownToBlocks(text);
        const { errors, rebuilt } = plannedTree(blocks);
        expect(errors).toEqual([]);
        expect(rebuilt).toEqual(blocks);
      }),
      { numRuns: 1000 },
    );
  }, SLOW);

  test("Markdown noise: streaming in random chunks (down to single characters) equals one-shot conversion", () => {
    fc.assert(
      fc.property(noise, cuts, fc.boolean(), (text, at, perChar) => {
        const pieces = perChar ? [...text] : chunked(text, at);
        expect(stream(pieces)).toEqual(markdownToBlocks(text));
      }),
      { numRuns: 1500 },
    );
  }, SLOW);

  test("arbitrary strings never throw and respect the limits", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        const blocks = markdownToBlocks(text);
        expect(validatePlan(planAppends(blocks))).toEqual([]);
        expect(stream([...text])).toEqual(blocks);
      }),
      { numRuns: 500 },
    );
  }, SLOW);
});
