import { describe, expect, test } from "vitest";
import { StreamingMarkdownConverter, markdownToBlocks, type NotionBlock } from "../../../../src/core/markdown";
import { bullet, code, divider, h1, p, t, table } from "./helpers/builders";

/** Push the pieces one by one; returns what each push returned, then what end() returned. */
function run(pieces: string[]): NotionBlock[][] {
  const s = new StreamingMarkdownConverter();
  return [...pieces.map((piece) => s.push(piece)), s.end()];
}

describe("StreamingMarkdownConverter: when blocks become final", () => {
  test("a heading is final as soon as its line ends", () => {
    expect(run(["# Ti", "tle", "\n", "Body"])).toEqual([[], [], [h1([t("Title")])], [], [p([t("Body")])]]);
  });

  test("a paragraph waits (it may become a setext heading or a table) until a blank line or the next block", () => {
    expect(run(["one\n", "two\n", "\n", "x"])).toEqual([[], [], [p([t("one\ntwo")])], [], [p([t("x")])]]);
    expect(run(["Title\n", "===\n", "x"])).toEqual([[], [h1([t("Title")])], [], [p([t("x")])]]);
    expect(run(["a\n", "# b\n"])).toEqual([[], [p([t("a")]), h1([t("b")])], []]);
  });

  test("a partial line is never trusted: '#' then 'tag' is text, not a heading", () => {
    expect(run(["para\n#", "tag\n", "\n"])).toEqual([[], [], [p([t("para\n#tag")])], []]);
  });

  test("a fenced code block is final at its closing fence, not before", () => {
    expect(run(["```js\n", "let a\n", "\n", "``", "`\n", "after"])).toEqual([
      [],
      [],
      [],
      [],
      [code("javascript", [t("let a\n")])],
      [],
      [p([t("after")])],
    ]);
  });

  test("an unclosed code block is flushed by end()", () => {
    expect(run(["```\n", "x\n", "y"])).toEqual([[], [], [], [code("plain text", [t("x\ny")])]]);
  });

  test("a shorter fence does not close a longer one", () => {
    expect(run(["````\n", "```\n", "x\n", "````\n"])).toEqual([[], [], [], [code("plain text", [t("```\nx")])], []]);
  });

  test("a list is held until the next top-level block starts (blank lines do not end it)", () => {
    expect(run(["- a\n", "- b\n", "\n", "  more\n", "\n", "After\n"])).toEqual([
      [],
      [],
      [],
      [],
      [],
      [bullet([t("a")]), bullet([t("b")], [p([t("more")])])],
      [p([t("After")])],
    ]);
  });

  test("a table grows row by row and is final after a blank line", () => {
    expect(run(["| a |\n", "|---|\n", "| 1 |\n", "| 2 |\n", "\n"])).toEqual([
      [],
      [],
      [],
      [],
      [table(1, [[[t("a")]], [[t("1")]], [[t("2")]]])],
      [],
    ]);
  });

  test("a divider is final at once", () => {
    expect(run(["---\n"])).toEqual([[divider()], []]);
  });

  test("CRLF line endings, including a CR and LF split across pushes", () => {
    expect(run(["# A\r", "\nb\r\n\r\n"])).toEqual([[], [h1([t("A")]), p([t("b")])], []]);
  });

  test("several blocks in one push", () => {
    expect(run(["# A\n\nb\n\n- c\n"])).toEqual([[h1([t("A")]), p([t("b")])], [bullet([t("c")])]]);
  });

  test("push after end throws; end is idempotent", () => {
    const s = new StreamingMarkdownConverter();
    s.push("a");
    expect(s.end()).toEqual([p([t("a")])]);
    expect(s.end()).toEqual([]);
    expect(() => s.push("b")).toThrow(/after end/);
  });

  test("an empty stream yields nothing", () => {
    expect(run([])).toEqual([[]]);
    expect(run(["", "\n", "  "])).toEqual([[], [], [], []]);
  });

  test("character-by-character equals one-shot on a typical answer", () => {
    const answer =
      "## Plan\n\nFirst, **install**:\n\n```bash\nnpm i\n```\n\n1. Step one\n   - detail\n2. Step two\n\n| k | v |\n|---|---|\n| a | 1 |\n\n> Done. $x^2$\n\n$$\nE = mc^2\n$$\n\nThanks!";
    const s = new StreamingMarkdownConverter();
    const out: NotionBlock[] = [];
    for (const ch of answer) out.push(...s.push(ch));
    out.push(...s.end());
    expect(out).toEqual(markdownToBlocks(answer));
  });
});
