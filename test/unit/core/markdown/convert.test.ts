import { describe, expect, test } from "vitest";
import { markdownToBlocks } from "../../../../src/core/markdown";
import { bullet, code, divider, eq, equation, h1, h2, h3, h4, image, numbered, p, quote, t, table, todo } from "./helpers/builders";

const md = (s: string) => markdownToBlocks(s);

describe("empty input", () => {
  test.each(["", "   ", "\n\n\n", " \t \n "])("%j → no blocks", (s) => {
    expect(md(s)).toEqual([]);
  });
});

describe("headings", () => {
  test("# to #### map to heading_1..heading_4", () => {
    expect(md("# A\n## B\n### C\n#### D")).toEqual([h1([t("A")]), h2([t("B")]), h3([t("C")]), h4([t("D")])]);
  });
  test("##### and ###### fold into heading_4", () => {
    expect(md("##### E\n###### F")).toEqual([h4([t("E")]), h4([t("F")])]);
  });
  test("setext headings", () => {
    expect(md("Big\n===\n\nSmall\n---")).toEqual([h1([t("Big")]), h2([t("Small")])]);
  });
  test("inline formatting inside a heading", () => {
    expect(md("## A *b* `c`")).toEqual([h2([t("A "), t("b", { italic: true }), t(" "), t("c", { code: true })])]);
  });
  test("an empty heading stays a heading", () => {
    expect(md("#")).toEqual([h1([])]);
  });
});

describe("paragraphs and inline formatting", () => {
  test("plain paragraphs", () => {
    expect(md("one\n\ntwo")).toEqual([p([t("one")]), p([t("two")])]);
  });
  test("spaces inside an inline code span at a paragraph's ends are kept", () => {
    expect(md("` foo` is code, so is `bar `")).toEqual([p([t(" foo", { code: true }), t(" is code, so is "), t("bar ", { code: true })])]);
    expect(md("- [ ] ` a` b")).toEqual([todo(false, [t(" a", { code: true }), t(" b")])]);
  });
  test("bold, italic, strikethrough, inline code", () => {
    expect(md("**b** *i* _i2_ ~~s~~ `c`")).toEqual([
      p([
        t("b", { bold: true }),
        t(" "),
        t("i", { italic: true }),
        t(" "),
        t("i2", { italic: true }),
        t(" "),
        t("s", { strikethrough: true }),
        t(" "),
        t("c", { code: true }),
      ]),
    ]);
  });
  test("nested annotations combine", () => {
    expect(md("***bi*** **bold ~~both~~**")).toEqual([
      p([t("bi", { bold: true, italic: true }), t(" "), t("bold ", { bold: true }), t("both", { bold: true, strikethrough: true })]),
    ]);
  });
  test("links, with formatting and code inside", () => {
    expect(md("see [**the** `docs`](https://x.dev/a) now")).toEqual([
      p([
        t("see "),
        t("the", { bold: true }, "https://x.dev/a"),
        t(" ", undefined, "https://x.dev/a"),
        t("docs", { code: true }, "https://x.dev/a"),
        t(" now"),
      ]),
    ]);
  });
  test("a link inside bold keeps both", () => {
    expect(md("**[x](https://a.b)**")).toEqual([p([t("x", { bold: true }, "https://a.b")])]);
  });
  test("autolinks and bare URLs (GFM)", () => {
    expect(md("<https://a.b/c> and www.x.org and me@x.org")).toEqual([
      p([
        t("https://a.b/c", undefined, "https://a.b/c"),
        t(" and "),
        t("www.x.org", undefined, "http://www.x.org"),
        t(" and "),
        t("me@x.org", undefined, "mailto:me@x.org"),
      ]),
    ]);
  });
  test("relative links keep their text but not the link (Notion rejects them)", () => {
    expect(md("[a](#top) [b](./f.md) [c](javascript:alert(1))")).toEqual([p([t("a b c")])]);
  });
  test("a link without text shows its URL", () => {
    expect(md("[](https://x.y/z)")).toEqual([p([t("https://x.y/z", undefined, "https://x.y/z")])]);
  });
  test("unsafe URL characters are percent-encoded", () => {
    expect(md("[a](<https://x.y/a b>)")).toEqual([p([t("a", undefined, "https://x.y/a%20b")])]);
  });
  test("hard breaks become newlines; soft breaks stay newlines", () => {
    expect(md("a  \nb\\\nc\nd")).toEqual([p([t("a\nb\nc\nd")])]);
  });
  test("backslash escapes and entities are decoded", () => {
    expect(md("\\*not\\* &amp; &copy;")).toEqual([p([t("*not* & ©")])]);
  });
});

describe("lists", () => {
  test("bulleted and numbered", () => {
    expect(md("- a\n- b\n\n1. c\n2. d")).toEqual([bullet([t("a")]), bullet([t("b")]), numbered([t("c")]), numbered([t("d")])]);
  });
  test("nested to any depth", () => {
    expect(md("- a\n  - b\n    1. c\n       - d\n- e")).toEqual([
      bullet([t("a")], [bullet([t("b")], [numbered([t("c")], [bullet([t("d")])])])]),
      bullet([t("e")]),
    ]);
  });
  test("further paragraphs of an item become child paragraphs", () => {
    expect(md("- first\n\n  second\n\n  third\n- next")).toEqual([
      bullet([t("first")], [p([t("second")]), p([t("third")])]),
      bullet([t("next")]),
    ]);
  });
  test("task lists → to_do", () => {
    expect(md("- [ ] open\n- [x] done\n  - [X] nested")).toEqual([
      todo(false, [t("open")]),
      todo(true, [t("done")], [todo(true, [t("nested")])]),
    ]);
  });
  test("code and quotes inside items", () => {
    expect(md("1. step\n\n   ```sh\n   ls\n   ```\n\n   > note")).toEqual([
      numbered([t("step")], [code("shell", [t("ls")]), quote([t("note")])]),
    ]);
  });
  test("an empty item", () => {
    expect(md("-\n- b")).toEqual([bullet([]), bullet([t("b")])]);
  });
  test("an item starting with a block other than a paragraph", () => {
    expect(md("- ```\n  x\n  ```")).toEqual([bullet([], [code("plain text", [t("x")])])]);
  });
});

describe("block quotes", () => {
  test("first paragraph is the quote's text, the rest are children", () => {
    expect(md("> a **b**\n>\n> c\n>\n> - d")).toEqual([quote([t("a "), t("b", { bold: true })], [p([t("c")]), bullet([t("d")])])]);
  });
  test("a quote starting with a heading", () => {
    expect(md("> # H\n> text")).toEqual([quote([], [h1([t("H")]), p([t("text")])])]);
  });
  test("nested quotes", () => {
    expect(md("> a\n>\n> > b")).toEqual([quote([t("a")], [quote([t("b")])])]);
  });
});

describe("code", () => {
  test("fenced with a language", () => {
    expect(md("```python\nprint(1)\n\nx = 2\n```")).toEqual([code("python", [t("print(1)\n\nx = 2")])]);
  });
  test("info string extras are ignored", () => {
    expect(md("```ts title=\"a.ts\"\nlet a;\n```")).toEqual([code("typescript", [t("let a;")])]);
  });
  test("indented code and fences without language → plain text", () => {
    expect(md("    x = 1\n\n~~~\ny\n~~~")).toEqual([code("plain text", [t("x = 1")]), code("plain text", [t("y")])]);
  });
  test("unknown language → plain text", () => {
    expect(md("```brainfuck\n+\n```")).toEqual([code("plain text", [t("+")])]);
  });
  test("unclosed fence runs to the end", () => {
    expect(md("```js\nlet a\n\nlet b")).toEqual([code("javascript", [t("let a\n\nlet b")])]);
  });
  test("empty code block", () => {
    expect(md("```\n```")).toEqual([code("plain text", [])]);
  });
});

describe("tables", () => {
  test("header and rows", () => {
    expect(md("| a | *b* |\n|---|:-:|\n| 1 | 2 |")).toEqual([
      table(2, [
        [[t("a")], [t("b", { italic: true })]],
        [[t("1")], [t("2")]],
      ]),
    ]);
  });
  test("ragged rows are padded to the widest row", () => {
    expect(md("| a | b |\n|---|---|\n| 1 |\n| x | y | z |")).toEqual([
      table(3, [
        [[t("a")], [t("b")], []],
        [[t("1")], [], []],
        [[t("x")], [t("y")], [t("z")]],
      ]),
    ]);
  });
  test("escaped pipes and links in cells", () => {
    expect(md("| a \\| b | [l](https://l.io) |\n|-|-|")).toEqual([table(2, [[[t("a | b")], [t("l", undefined, "https://l.io")]]])]);
  });
  test("<br> in a cell is a line break", () => {
    expect(md("| a<br>b |\n|-|")).toEqual([table(1, [[[t("a\nb")]]])]);
  });
});

describe("dividers and math", () => {
  test("thematic breaks", () => {
    expect(md("a\n\n---\n\n***\n\n___")).toEqual([p([t("a")]), divider(), divider(), divider()]);
  });
  test("display math", () => {
    expect(md("$$\n\\frac{a}{b}\n$$")).toEqual([equation("\\frac{a}{b}")]);
  });
  test("$$…$$ on one line alone is display math", () => {
    expect(md("$$ e^{i\\pi} + 1 = 0 $$")).toEqual([equation("e^{i\\pi} + 1 = 0")]);
  });
  test("```math fences are display math", () => {
    expect(md("```math\nx^2\n```")).toEqual([equation("x^2")]);
  });
  test("inline math", () => {
    expect(md("so $x^2$ and $$y$$ here")).toEqual([p([t("so "), eq("x^2"), t(" and "), eq("y"), t(" here")])]);
  });
  test("inline math keeps the surrounding annotations", () => {
    expect(md("**a $b$**")).toEqual([p([t("a ", { bold: true }), { type: "equation", equation: { expression: "b" }, annotations: { bold: true } }])]);
  });
  test("dollar amounts are not math", () => {
    expect(md("from $5 to $10, or $ x$")).toEqual([p([t("from $5 to $10, or $ x$")])]);
  });
  test("empty display math produces nothing", () => {
    expect(md("$$\n$$")).toEqual([]);
  });
});

describe("images", () => {
  test("an image alone → image block with its alt text as caption", () => {
    expect(md("![A cat](https://img.io/cat.png)")).toEqual([image("https://img.io/cat.png", [t("A cat")])]);
  });
  test("no alt → no caption", () => {
    expect(md("![](https://img.io/cat.png)")).toEqual([image("https://img.io/cat.png")]);
  });
  test("an image inside text splits the paragraph around it", () => {
    expect(md("before ![c](https://i.io/c.png) after **bold**")).toEqual([
      p([t("before")]),
      image("https://i.io/c.png", [t("c")]),
      p([t("after "), t("bold", { bold: true })]),
    ]);
  });
  test("consecutive images", () => {
    expect(md("![a](https://i.io/a.png)\n![b](https://i.io/b.png)")).toEqual([
      image("https://i.io/a.png", [t("a")]),
      image("https://i.io/b.png", [t("b")]),
    ]);
  });
  test("relative or data: images stay text", () => {
    expect(md("![logo](./logo.png) ![](data:image/png;base64,AAA)")).toEqual([p([t("logo data:image/png;base64,AAA")])]);
  });
  test("an image URL over 2000 characters stays text (alt, not linked)", () => {
    const url = `https://i.io/${"a".repeat(2000)}.png`;
    expect(md(`![alt](${url})`)).toEqual([p([t("alt")])]);
  });
  test("an image inside a link or heading becomes its linked alt text", () => {
    expect(md("[![badge](https://i.io/b.svg)](https://ci.io)\n\n# T ![i](https://i.io/i.png)")).toEqual([
      p([t("badge", undefined, "https://ci.io")]),
      h1([t("T "), t("i", undefined, "https://i.io/i.png")]),
    ]);
  });
  test("an image in a list item becomes a child of the item", () => {
    expect(md("- see ![x](https://i.io/x.png) there")).toEqual([
      bullet([t("see")], [image("https://i.io/x.png", [t("x")]), p([t("there")])]),
    ]);
  });
});

describe("HTML, footnotes, references", () => {
  test("block HTML keeps its text, never its tags (details: html.test.ts)", () => {
    expect(md("<div align=\"center\">\n  <b>hi</b>\n</div>")).toEqual([p([t("hi", { bold: true })])]);
  });
  test("HTML comments are not shown", () => {
    expect(md("<!-- note -->")).toEqual([]);
  });
  test("inline HTML becomes formatting", () => {
    expect(md("press <kbd>Ctrl</kbd>")).toEqual([p([t("press "), t("Ctrl", { code: true })])]);
  });
  test("a lone <br> line is an empty paragraph", () => {
    expect(md("a\n\n<br>\n\nb")).toEqual([p([t("a")]), p([]), p([t("b")])]);
  });
  test("footnote calls stay as written; definitions become labelled paragraphs", () => {
    expect(md("Claim[^1].\n\n[^1]: Source *here*.\n\n    More.")).toEqual([
      p([t("Claim[^1].")]),
      p([t("[^1]: Source "), t("here", { italic: true }), t(".")], [p([t("More.")])]),
    ]);
  });
  test("reference links and definitions stay as written (the URL still links)", () => {
    expect(md("[text][ref]\n\n[ref]: https://r.io")).toEqual([
      p([t("[text][ref]")]),
      p([t("[ref]: "), t("https://r.io", undefined, "https://r.io")]),
    ]);
  });
});

describe("a typical AI answer", () => {
  test("mixed document", () => {
    const answer = [
      "## Summary",
      "",
      "Use **Vite** with `--host`:",
      "",
      "1. Install:",
      "   ```bash",
      "   npm i",
      "   ```",
      "2. Run it.",
      "",
      "| Flag | Meaning |",
      "| --- | --- |",
      "| `--host` | expose |",
      "",
      "> **Note:** done.",
    ].join("\n");
    expect(md(answer)).toEqual([
      h2([t("Summary")]),
      p([t("Use "), t("Vite", { bold: true }), t(" with "), t("--host", { code: true }), t(":")]),
      numbered([t("Install:")], [code("bash", [t("npm i")])]),
      numbered([t("Run it.")]),
      table(2, [
        [[t("Flag")], [t("Meaning")]],
        [[t("--host", { code: true })], [t("expose")]],
      ]),
      quote([t("Note:", { bold: true }), t(" done.")]),
    ]);
  });
});
