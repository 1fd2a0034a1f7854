import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RichTextItem } from "../../../src/core/markdown";
import { utf8Length } from "../../../src/core/markdown/json-size";
import { MAX_PROPERTY_RICH_TEXT_BYTES, answerToPropertyRichText, propertyIsEmpty, type PropertyRichText } from "../../../src/core/property-output";
import type { PropertyValue } from "../../../src/core/property-text";
import { eq, t } from "./markdown/helpers/builders";

const out = (markdown: string) => answerToPropertyRichText(markdown);

function plain(items: readonly RichTextItem[]): string {
  return items.map((item) => ("text" in item ? item.text.content : "equation" in item ? item.equation.expression : "")).join("");
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every limit and invariant that must hold for any input. */
function checkLimits(result: PropertyRichText): void {
  expect(result.richText.length).toBeLessThanOrEqual(100);
  for (const item of result.richText) {
    if ("text" in item) {
      expect(item.text.content.length).toBeLessThanOrEqual(2000);
      expect(item.text.content.length).toBeGreaterThan(0);
    }
  }
  // No pair is cut between two items.
  for (let i = 1; i < result.richText.length; i++) {
    const a = plain(result.richText.slice(i - 1, i));
    const b = plain(result.richText.slice(i, i + 1));
    const high = a.charCodeAt(a.length - 1);
    const low = b.charCodeAt(0);
    expect(high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff).toBe(false);
  }
  expect(utf8Length(JSON.stringify(result.richText))).toBeLessThanOrEqual(MAX_PROPERTY_RICH_TEXT_BYTES + 100);
  expect(result.characters).toBe(plain(result.richText).length);
  if (result.truncated) expect(plain(result.richText).endsWith("…")).toBe(true);
}

describe("answerToPropertyRichText: layout", () => {
  test("an empty answer clears the property", () => {
    expect(out("")).toEqual({ richText: [], truncated: false, characters: 0 });
    expect(out("  \n\n ")).toEqual({ richText: [], truncated: false, characters: 0 });
  });
  test("one paragraph", () => {
    expect(out("Hello world")).toEqual({ richText: [t("Hello world")], truncated: false, characters: 11 });
  });
  test("paragraphs are separated by a blank line; line breaks inside are kept", () => {
    expect(out("one\ntwo\n\nthree").richText).toEqual([t("one\ntwo\n\nthree")]);
  });
  test("inline formatting and links are kept", () => {
    expect(out("a **b** *c* `d` ~~e~~ [f](https://x.io)").richText).toEqual([
      t("a "),
      t("b", { bold: true }),
      t(" "),
      t("c", { italic: true }),
      t(" "),
      t("d", { code: true }),
      t(" "),
      t("e", { strikethrough: true }),
      t(" "),
      t("f", undefined, "https://x.io"),
    ]);
  });
  test("inline math is an equation item", () => {
    expect(out("so $x^2$ grows").richText).toEqual([t("so "), eq("x^2"), t(" grows")]);
  });
  test("bulleted list items are • lines", () => {
    expect(plain(out("Intro\n\n- one\n- two\n\nOutro").richText)).toBe("Intro\n\n• one\n• two\n\nOutro");
  });
  test("numbered lists are numbered per run, to-dos get boxes", () => {
    expect(plain(out("1. a\n2. b\n\n- c\n\n1. d\n\n- [ ] e\n- [x] f").richText)).toBe("1. a\n2. b\n• c\n1. d\n☐ e\n☑ f");
  });
  test("ordered lists keep their start number", () => {
    expect(plain(out("3. c\n4. d").richText)).toBe("3. c\n4. d");
  });
  test("HTML blocks keep their text without tags, a lone <br> is dropped, footnote definitions keep their label", () => {
    expect(plain(out("<div>x &amp; <b>y</b></div>\n\n<br>\n\n<!-- c -->\n\n[^1]: note").richText)).toBe("x & y\n\n[^1]: note");
  });
  test("nested items and content inside an item are indented", () => {
    expect(plain(out("- a\n  - b\n    1. c\n  - d\n\n  more about a\n- e").richText)).toBe("• a\n  • b\n    1. c\n  • d\n  more about a\n• e");
  });
  test("list items keep their formatting", () => {
    expect(out("- **bold** item").richText).toEqual([t("• "), t("bold", { bold: true }), t(" item")]);
  });
  test("headings are bold paragraphs", () => {
    expect(out("# Title *x*\n\nBody").richText).toEqual([t("Title ", { bold: true }), t("x", { bold: true, italic: true }), t("\n\nBody")]);
  });
  test("code blocks keep their text as code", () => {
    expect(out("Run:\n\n```sh\nnpm test\nnpm run build\n```").richText).toEqual([t("Run:\n\n"), t("npm test\nnpm run build", { code: true })]);
  });
  test("display math is an equation", () => {
    expect(out("$$\nE = mc^2\n$$").richText).toEqual([eq("E = mc^2")]);
  });
  test("quotes keep their text", () => {
    expect(plain(out("> wise\n> words\n\nafter").richText)).toBe("wise\nwords\n\nafter");
  });
  test("tables: one line per row, cells joined by |", () => {
    expect(plain(out("| a | b |\n|---|---|\n| 1 | **2** |").richText)).toBe("a | b\n1 | 2");
  });
  test("images become their alt text (or URL) linked to the image", () => {
    expect(out("![A cat](https://x.io/cat.png)").richText).toEqual([t("A cat", undefined, "https://x.io/cat.png")]);
    expect(out("![](https://x.io/cat.png)").richText).toEqual([t("https://x.io/cat.png", undefined, "https://x.io/cat.png")]);
  });
  test("dividers are dropped", () => {
    expect(plain(out("a\n\n---\n\nb").richText)).toBe("a\n\nb");
  });
});

describe("answerToPropertyRichText: limits", () => {
  test("long text is split into items of at most 2000 characters", () => {
    const text = "x".repeat(4500);
    const result = out(text);
    expect(result.richText.map((i) => plain([i]).length)).toEqual([2000, 2000, 500]);
    expect(result).toMatchObject({ truncated: false, characters: 4500 });
    expect(plain(result.richText)).toBe(text);
  });
  test("a cut never falls inside a surrogate pair", () => {
    const text = "a".repeat(1999) + "😀" + "b".repeat(10);
    const result = out(text);
    expect(result.richText.map((i) => plain([i]))).toEqual(["a".repeat(1999), "😀" + "b".repeat(10)]);
    checkLimits(result);
  });
  test("more than 100 items: truncated, the last item ends with …", () => {
    const words = Array.from({ length: 80 }, (_, i) => `**w${i}** p${i}`).join(" ");
    const result = out(words);
    checkLimits(result);
    expect(result.truncated).toBe(true);
    expect(result.richText).toHaveLength(100);
    const text = plain(result.richText);
    expect(text.endsWith("…")).toBe(true);
    const expected = Array.from({ length: 80 }, (_, i) => `w${i} p${i}`).join(" ");
    expect(expected.startsWith(text.slice(0, -1))).toBe(true);
  });
  test("a paragraph longer than one block's rich text continues without a visible break", () => {
    // 101 items: the page converter would continue it in a second paragraph block.
    const result = out(`${Array.from({ length: 51 }, () => "**a**").join(" ")}\n\nnext`);
    checkLimits(result);
    expect(result.truncated).toBe(true);
    expect(plain(result.richText)).toBe(`${Array.from({ length: 50 }, () => "a").join(" ")} …`);
  });
  test("a formatted 100th item gets the … inside it", () => {
    const result = out(Array.from({ length: 60 }, (_, i) => `**b${i}**_i${i}_`).join(""));
    expect(result.truncated).toBe(true);
    expect(result.richText).toHaveLength(100);
    expect(result.richText[99]).toEqual(t("i49…", { italic: true }));
  });
  test("a trailing equation at item 100 gives way to …", () => {
    const result = out(Array.from({ length: 60 }, () => "a $x$").join(" "));
    checkLimits(result);
    expect(result.richText).toHaveLength(100);
    expect(result.richText[98]).toEqual(t(" a "));
    expect(result.richText[99]).toEqual(t("…"));
  });
  test("a formatted last item with room left: … is a separate plain item", () => {
    const result = out(`**${"漢".repeat(150_000)}**`);
    checkLimits(result);
    expect(result.truncated).toBe(true);
    expect(result.richText.at(-1)).toEqual(t("…"));
    expect(result.richText.at(-2)).toMatchObject({ annotations: { bold: true } });
  });
  test("a very long plain answer: 100 full items, the last one cut to make room for …", () => {
    const result = out("a".repeat(250_000));
    checkLimits(result);
    expect(result.truncated).toBe(true);
    expect(result.richText).toHaveLength(100);
    expect(plain(result.richText)).toBe("a".repeat(199_999) + "…");
    expect(result.characters).toBe(200_000);
  });
  test("a long answer in a 3-byte script stops at the byte budget, not at 100 items", () => {
    const result = out("漢".repeat(150_000));
    checkLimits(result);
    expect(result.truncated).toBe(true);
    expect(result.richText.length).toBeLessThan(100);
    expect(plain(result.richText)).toMatch(/^漢+…$/);
  });
  test("truncation never leaves half an emoji", () => {
    const result = out("😀".repeat(150_000));
    checkLimits(result);
    expect(result.truncated).toBe(true);
    expect(plain(result.richText)).toMatch(/^(😀)+…$/u);
  });
  test("exactly at the limit: not truncated", () => {
    const result = out("a".repeat(200_000));
    expect(result.truncated).toBe(false);
    expect(result.richText).toHaveLength(100);
    expect(result.characters).toBe(200_000);
  });
});

describe("propertyIsEmpty", () => {
  test("is the property-text rule", () => {
    const v = (x: Record<string, unknown>) => ({ id: "i", ...x }) as unknown as PropertyValue;
    expect(propertyIsEmpty(v({ type: "rich_text", rich_text: [] }))).toBe(true);
    expect(propertyIsEmpty(v({ type: "rich_text", rich_text: [{ type: "text", text: { content: "x", link: null }, plain_text: "x" }] }))).toBe(false);
    expect(propertyIsEmpty(undefined)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Property-based: a document model that renders to Markdown and knows the
// exact text the property should hold.

interface Doc {
  readonly markdown: string;
  readonly text: string;
  readonly kind: "paragraph" | "list";
}

const letters = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
const wideChars = fc.constantFrom("é", "漢", "😀", "👍🏽", "🇫🇷", "👨‍👩‍👧", "𝔸");
const word = fc
  .tuple(letters, fc.array(fc.oneof({ weight: 4, arbitrary: letters }, { weight: 1, arbitrary: wideChars }), { maxLength: 10 }))
  .map(([first, rest]) => first + rest.join(""));
/** A word, sometimes bold (each bold word is a separate rich-text item). */
const styledWord = fc.tuple(word, fc.boolean()).map(([w, bold]) => ({ markdown: bold ? `**${w}**` : w, text: w }));
const sentence = (maxWords: number) =>
  fc.array(styledWord, { minLength: 1, maxLength: maxWords }).map((ws) => ({ markdown: ws.map((w) => w.markdown).join(" "), text: ws.map((w) => w.text).join(" ") }));
/** Several thousand characters, to cross the 2000 limit (and sometimes the 100-item one). */
const longSentence = fc
  .tuple(sentence(8), fc.integer({ min: 20, max: 400 }))
  .map(([s, n]) => ({ markdown: Array.from({ length: n }, () => s.markdown).join(" "), text: Array.from({ length: n }, () => s.text).join(" ") }));

const paragraph: fc.Arbitrary<Doc> = fc
  .oneof({ weight: 4, arbitrary: sentence(30) }, { weight: 1, arbitrary: longSentence })
  .map((s) => ({ ...s, kind: "paragraph" as const }));
const list: fc.Arbitrary<Doc> = fc.array(sentence(10), { minLength: 1, maxLength: 8 }).map((items) => ({
  markdown: items.map((s) => `- ${s.markdown}`).join("\n"),
  text: items.map((s) => `• ${s.text}`).join("\n"),
  kind: "list" as const,
}));
const doc = fc.array(fc.oneof({ weight: 2, arbitrary: paragraph }, { weight: 1, arbitrary: list }), { minLength: 1, maxLength: 6 }).map((blocks) => {
  let text = "";
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    if (previous !== undefined) text += previous.kind === "list" && block.kind === "list" ? "\n" : "\n\n";
    text += block.text;
  });
  return { markdown: blocks.map((b) => b.markdown).join("\n\n"), text };
});

describe("answerToPropertyRichText: properties", { timeout: 60_000 }, () => {
  test("limits hold, and the text is exactly the expected text (or a prefix of it + …)", () => {
    let truncated = 0;
    fc.assert(
      fc.property(doc, ({ markdown, text }) => {
        const result = out(markdown);
        if (result.truncated) truncated++;
        checkLimits(result);
        const written = plain(result.richText);
        if (!result.truncated) {
          expect(written).toBe(text);
        } else {
          const kept = written.slice(0, -1);
          expect(text.startsWith(kept)).toBe(true);
          expect(kept.length).toBeLessThan(text.length);
          expect(LONE_SURROGATE.test(kept)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
    expect(truncated).toBeGreaterThan(0); // the generator does reach the limits
  });

  test("unformatted text is truncated only beyond 100 full items", () => {
    fc.assert(
      fc.property(doc, ({ markdown, text }) => {
        const result = out(markdown.replaceAll("**", ""));
        if (text.length <= 100 * 1999) expect(result.truncated).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  test("any input: limits hold and no surrogate pair is broken", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 3000 }), (markdown) => {
        const result = out(markdown);
        checkLimits(result);
        expect(LONE_SURROGATE.test(plain(result.richText))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  test("any input with Markdown syntax characters: limits hold", () => {
    const unit = fc.constantFrom("*", "_", "`", "[", "]", "(", ")", "-", "#", ">", "|", "$", "\n", " ", "a", "😀", "1.", "https://x.io", "**", "~~");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 400 }).map((units) => units.join("")), (markdown) => {
        checkLimits(out(markdown));
      }),
      { numRuns: 200 },
    );
  });
});
