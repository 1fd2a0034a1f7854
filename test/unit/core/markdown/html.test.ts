import { describe, expect, test } from "vitest";
import { StreamingMarkdownConverter, markdownToBlocks, planAppends, type NotionBlock } from "../../../../src/core/markdown";
import { toScript, tokenizeHtml } from "../../../../src/core/markdown/html";
import { HTML_ANSWERS } from "./fixtures/html-answers";
import { bullet, code, h2, p, quote, t, toggle } from "./helpers/builders";
import { literalTags } from "./helpers/executor";
import { validatePlan } from "./helpers/notion-validator";

const md = (s: string) => markdownToBlocks(s);

function streamByChar(text: string): NotionBlock[][] {
  const s = new StreamingMarkdownConverter();
  return [...[...text].map((c) => s.push(c)), s.end()];
}

describe("inline HTML → Notion formatting", () => {
  test.each([
    ["<kbd>Ctrl</kbd>", [t("Ctrl", { code: true })]],
    ["<code>x</code> <samp>y</samp> <tt>z</tt>", [t("x", { code: true }), t(" "), t("y", { code: true }), t(" "), t("z", { code: true })]],
    ["<u>u</u> <ins>i</ins>", [t("u", { underline: true }), t(" "), t("i", { underline: true })]],
    ["<mark>m</mark>", [t("m", { color: "yellow_background" })]],
    ["<b>b</b><strong>s</strong>", [t("bs", { bold: true })]],
    ["<i>i</i> <em>e</em>", [t("i", { italic: true }), t(" "), t("e", { italic: true })]],
    ["<del>d</del> <s>s</s> <strike>k</strike>", [t("d", { strikethrough: true }), t(" "), t("s", { strikethrough: true }), t(" "), t("k", { strikethrough: true })]],
    ["**<u>both</u>**", [t("both", { bold: true, underline: true })]],
    ['<a href="https://x.io/?a=1&amp;b=2">x</a>', [t("x", undefined, "https://x.io/?a=1&b=2")]],
    ['<a href="/relative">kept text</a>', [t("kept text")]],
    ['<img src="https://i.io/a.png" alt="A &amp; B">', [t("A & B", undefined, "https://i.io/a.png")]],
  ])("%s", (input, expected) => {
    expect(md(input)).toEqual([p(expected)]);
  });

  test("<br> is a line break; the source line ending after it is not a second one", () => {
    expect(md("a<br>b<br/>\nc<br />")).toEqual([p([t("a\nb\nc")])]);
  });

  test("<sup>/<sub> become Unicode where every character has a form, plain text otherwise", () => {
    expect(md("x<sup>2</sup> 10<sup>-3</sup> H<sub>2</sub>O 1<sup>st</sup> a<sub>ij</sub>")).toEqual([p([t("x² 10⁻³ H₂O 1st aij")])]);
    expect(toScript("(n+1)", "sup")).toBe("⁽ⁿ⁺¹⁾");
    expect(toScript("", "sub")).toBe("");
  });

  test("entities are decoded", () => {
    expect(md("&lt;tag&gt; &amp; &nbsp;&copy; &#169; &#x27;")).toEqual([p([t("<tag> & \u00a0© © '")])]);
  });

  test("tags of elements without Notion formatting are dropped with their text kept; comments vanish", () => {
    expect(md('<span style="x">a</span> <small>b</small> c<!-- d -->e')).toEqual([p([t("a b ce")])]);
  });

  test("tag syntax naming no HTML element is text: generics and placeholders in prose are kept", () => {
    expect(md("Use List<String> or Vec<u8>; replace <your-api-key> in Map<Object>, not <b>Box<T></b>")).toEqual([
      p([t("Use List<String> or Vec<u8>; replace <your-api-key> in Map<Object>, not "), t("Box<T>", { bold: true })]),
    ]);
    expect(md("<T>\n\n<Details>x</Details>")).toEqual([p([t("<T>")]), p([t("<Details>x</Details>")])]);
  });

  test("an unknown element's closing tag does not close an outer known one", () => {
    expect(md("<b>a <span>b</span> c</b> d")).toEqual([p([t("a b c", { bold: true }), t(" d")])]);
  });

  test("unclosed formatting ends with its paragraph; a stray closing tag is dropped", () => {
    expect(md("<kbd>a\n\nb</kbd>")).toEqual([p([t("a", { code: true })]), p([t("b")])]);
  });

  test("dollar amounts around tags are not math, and their tags still count", () => {
    expect(md("<del>$20</del> <ins>$15</ins>")).toEqual([p([t("$20", { strikethrough: true }), t(" "), t("$15", { underline: true })])]);
  });

  test("HTML inside code stays as written", () => {
    expect(md("`<kbd>x</kbd>`\n\n```html\n<br>\n```")).toEqual([p([t("<kbd>x</kbd>", { code: true })]), code("html", [t("<br>")])]);
  });

  test("a paragraph that is only tags is no paragraph", () => {
    expect(md("a\n\n<span></span>\n\nb")).toEqual([p([t("a")]), p([t("b")])]);
  });
});

describe("<details> → toggle", () => {
  test("summary is the toggle's text, the Markdown between blank lines its children", () => {
    expect(md("<details>\n<summary>Title <kbd>K</kbd></summary>\n\n- **a**\n\n</details>\n\nafter")).toEqual([
      toggle([t("Title "), t("K", { code: true })], [bullet([t("a", { bold: true })])]),
      p([t("after")]),
    ]);
  });

  test("content written tight inside the HTML is parsed as Markdown (indentation is not code)", () => {
    expect(md("<details>\n    <summary>S</summary>\n    Some *text*\n</details>")).toEqual([toggle([t("S")], [p([t("Some "), t("text", { italic: true })])])]);
  });

  test("nested details nest", () => {
    expect(md("<details><summary>A</summary>\n\n<details><summary>B</summary>\n\nx\n\n</details>\n\ny\n\n</details>")).toEqual([
      toggle([t("A")], [toggle([t("B")], [p([t("x")])]), p([t("y")])]),
    ]);
  });

  test("without a summary the toggle is titled as browsers show it", () => {
    expect(md("<details>\n\nx\n\n</details>")).toEqual([toggle([t("Details")], [p([t("x")])])]);
  });

  test("an unclosed details ends with its container; a stray </details> or <summary> is dropped", () => {
    expect(md("</details>\n\n<summary>s</summary>\n\n<details><summary>T</summary>\n\nrest")).toEqual([
      p([t("s")]),
      toggle([t("T")], [p([t("rest")])]),
    ]);
    expect(md("> <details><summary>Q</summary>\n\nout\n\n</details>")).toEqual([quote([], [toggle([t("Q")])]), p([t("out")])]);
  });

  test("a summary split over blank lines takes the first paragraph", () => {
    expect(md("<details><summary>\n\n**Title**\n\n</summary>\n\nbody\n\n</details>")).toEqual([
      toggle([t("Title", { bold: true })], [p([t("body")])]),
    ]);
  });

  test("details inside a list item become the item's children", () => {
    expect(md("- step\n  <details><summary>Why</summary>because</details>")).toEqual([bullet([t("step")], [toggle([t("Why")], [p([t("because")])])])]);
  });

  test("<pre> blocks become code blocks, in the language their class names", () => {
    expect(md('<pre><code class="language-js">if (a &lt; b) {}\n</code></pre>')).toEqual([code("javascript", [t("if (a < b) {}")])]);
    expect(md("<pre>\n  x\n</pre>")).toEqual([code("plain text", [t("  x")])]);
  });

  test("a summary too long for one rich_text array continues in child paragraphs, within Notion's limits", () => {
    const summary = Array.from({ length: 150 }, (_, i) => `<b>w${i}</b> w`).join("");
    const blocks = md(`<details><summary>${summary}</summary>\n\nbody\n\n</details>`);
    expect(blocks).toHaveLength(1);
    expect(validatePlan(planAppends(blocks))).toEqual([]);
    const children = (blocks[0] as unknown as { toggle: { children: NotionBlock[] } }).toggle.children;
    const head = (blocks[0] as unknown as { toggle: { rich_text: unknown[] } }).toggle.rich_text;
    expect(head).toHaveLength(100);
    expect(children.map((c) => c.type)).toEqual(["paragraph", "paragraph", "paragraph"]); // 300 items: 100 + 100 + 100, then the body
  });
});

describe("streaming with HTML", () => {
  test("a details section is returned whole, once its closing tag's line is final", () => {
    const out = streamByChar("<details>\n<summary>S</summary>\n\nhello\n\n</details>\n\n# H\n");
    const nonEmpty = out.filter((x) => x.length > 0);
    expect(nonEmpty).toEqual([[toggle([t("S")], [p([t("hello")])]), { type: "heading_1", heading_1: { rich_text: [t("H")] } }]]);
  });

  test("blocks before a details section are not held back by it", () => {
    const s = new StreamingMarkdownConverter();
    expect(s.push("## A\n\n<details>\n<summary>S</summary>\n\nx\n\n")).toEqual([h2([t("A")])]);
    expect(s.push("y\n\n")).toEqual([]);
    expect(s.push("</details>\n\nz\n\n")).toEqual([toggle([t("S")], [p([t("x")]), p([t("y")])]), p([t("z")])]);
  });

  test("after a details section closes, the blocks that follow are streamed, not held until the end", () => {
    const s = new StreamingMarkdownConverter();
    expect(s.push("<details>\n<summary>S</summary>\n\nx\n\n</details>\n")).toEqual([]);
    expect(s.push("\nOne\n\n")).toEqual([toggle([t("S")], [p([t("x")])]), p([t("One")])]);
    expect(s.push("Two\n\n")).toEqual([p([t("Two")])]);
    expect(s.end()).toEqual([]);
  });
});

describe("a corpus of model answers with HTML", () => {
  test.each(HTML_ANSWERS.map((a) => [a.name, a.markdown]))("%s: no literal tag, valid requests, streaming equals one-shot", (_name, markdown) => {
    const blocks = md(markdown);
    expect(blocks.length).toBeGreaterThan(0);
    expect(literalTags(blocks)).toEqual([]);
    expect(validatePlan(planAppends(blocks))).toEqual([]);
    expect(streamByChar(markdown).flat()).toEqual(blocks);
  });

  test("toggles and formatting the corpus should produce", () => {
    const all = JSON.stringify(HTML_ANSWERS.map((a) => md(a.markdown)));
    expect(all.match(/"type":"toggle"/g)?.length).toBe(8);
    expect(all).toContain('"underline":true');
    expect(all).toContain('"color":"yellow_background"');
    expect(all).toContain("H₂O");
  });
});

describe("tokenizer", () => {
  test("concatenating the raw tokens gives the input back", () => {
    const html = '<a href="x" data-y=\'1\' z>t</a><!-- c --><br/><![CDATA[d]]><?pi?><!DOCTYPE html>tail';
    expect(tokenizeHtml(html).map((x) => x.raw).join("")).toBe(html);
    expect(tokenizeHtml(html).map((x) => x.kind)).toEqual(["open", "text", "close", "hidden", "open", "cdata", "hidden", "hidden", "text"]);
  });
});
