/**
 * The streaming converter must not re-parse the whole answer on every push.
 * The parser is wrapped to measure how much text it is given.
 */
import { beforeEach, describe, expect, test, vi } from "vitest";
import type * as ParseModule from "../../../../src/core/markdown/parse";

const parsed = vi.hoisted(() => ({ calls: 0, chars: 0 }));
vi.mock("../../../../src/core/markdown/parse", async (importOriginal) => {
  const original = await importOriginal<typeof ParseModule>();
  return {
    ...original,
    parseMarkdown: (markdown: string) => {
      parsed.calls += 1;
      parsed.chars += markdown.length;
      return original.parseMarkdown(markdown);
    },
  };
});

const { StreamingMarkdownConverter, markdownToBlocks } = await import("../../../../src/core/markdown");

function streamByChunks(text: string, size: number) {
  const s = new StreamingMarkdownConverter();
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  out.push(...s.end());
  return out;
}

beforeEach(() => {
  parsed.calls = 0;
  parsed.chars = 0;
});

describe("streaming cost", () => {
  test("many paragraphs, 4-character pushes: parsed text stays linear in the answer", () => {
    const answer = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} with some words in it, long enough to matter.`).join("\n\n");
    const expected = markdownToBlocks(answer);
    parsed.chars = 0;
    expect(streamByChunks(answer, 4)).toEqual(expected);
    expect(parsed.chars).toBeLessThan(3 * answer.length); // naive re-parsing: ~ answer.length² / 8
  });

  test("pushes without a line break do not parse at all", () => {
    const s = new StreamingMarkdownConverter();
    for (let i = 0; i < 500; i++) s.push("word ");
    expect(parsed.calls).toBe(0);
    s.end();
    expect(parsed.calls).toBe(1);
  });

  test("a long open <details> section is not re-parsed line after line", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Line ${i} of a long collapsible section, with **some** words.`);
    const answer = `Intro\n\n<details>\n<summary>More</summary>\n\n${lines.join("\n\n")}\n\n</details>\n\nOutro`;
    const expected = markdownToBlocks(answer);
    parsed.chars = 0;
    expect(streamByChunks(answer, 3)).toEqual(expected);
    expect(parsed.chars).toBeLessThan(3 * answer.length);
  });

  test("a long open code block is not re-parsed line after line", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `const value${i} = compute(${i});`);
    const answer = `Intro\n\n\`\`\`ts\n${lines.join("\n")}\n\`\`\`\n\nOutro`;
    const expected = markdownToBlocks(answer);
    parsed.chars = 0;
    expect(streamByChunks(answer, 3)).toEqual(expected);
    expect(parsed.chars).toBeLessThan(3 * answer.length);
  });
});
