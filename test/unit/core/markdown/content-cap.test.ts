import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { blocksToMarkdown, blocksToMarkdownParts, capBlocksMarkdown, capMarkdown, estimateContentTokens, type ReadableBlock } from "../../../../src/core/markdown";
import { code, h1, p, t, table } from "./helpers/builders";

const blocks = [h1([t("Title")]), p([t("First paragraph.")]), code("python", [t("a = 1\n\nb = 2")]), p([t("Last.")])] as unknown as ReadableBlock[];

describe("estimateContentTokens", () => {
  test("a quarter token per ASCII character, one per other character, rounded up", () => {
    expect(estimateContentTokens("")).toBe(0);
    expect(estimateContentTokens("abcd")).toBe(1);
    expect(estimateContentTokens("abcde")).toBe(2);
    expect(estimateContentTokens("漢字😀")).toBe(3);
    expect(estimateContentTokens("abcd漢")).toBe(2);
  });
});

describe("capBlocksMarkdown", () => {
  test("everything fits: not truncated", () => {
    const whole = blocksToMarkdown(blocks);
    expect(capBlocksMarkdown(blocks, 10_000)).toEqual({ text: whole, truncated: false, chars: whole.length, estimatedTokens: estimateContentTokens(whole) });
  });

  test("cut between blocks, never inside a code block", () => {
    const whole = blocksToMarkdown(blocks);
    const codeEnd = whole.indexOf("```\n\nLast");
    const result = capBlocksMarkdown(blocks, codeEnd);
    expect(result.text).toBe("# Title\n\nFirst paragraph.");
    expect(result.truncated).toBe(true);
    expect(result.chars).toBe(result.text.length);
  });

  test("a first block larger than the budget is cut at a line break, else at the budget (never inside a surrogate pair)", () => {
    expect(capBlocksMarkdown([p([t("line one\nline two")])] as unknown as ReadableBlock[], 12).text).toBe("line one");
    expect(capBlocksMarkdown([p([t("a😀b")])] as unknown as ReadableBlock[], 2).text).toBe("a");
    expect(capBlocksMarkdown(blocks, 0)).toEqual({ text: "", truncated: true, chars: 0, estimatedTokens: 0 });
  });

  test("property: the text is a prefix of the whole that fits the budget, ends at a block boundary, and is only cut when needed", () => {
    const paragraph = fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== "").map((s) => p([t(s.trim())]));
    const cell = fc.string({ minLength: 1, maxLength: 10 }).map((s) => [[t(s)]]);
    const tableBlock = fc.array(cell, { minLength: 1, maxLength: 3 }).map((rows) => table(1, rows));
    fc.assert(
      fc.property(fc.array(fc.oneof(paragraph, tableBlock), { maxLength: 12 }), fc.integer({ min: 1, max: 800 }), (list, budget) => {
        const readable = list as unknown as ReadableBlock[];
        const whole = blocksToMarkdown(readable);
        const result = capBlocksMarkdown(readable, budget);
        expect(result.chars).toBe(result.text.length);
        expect(result.chars).toBeLessThanOrEqual(budget);
        expect(whole.startsWith(result.text)).toBe(true);
        expect(result.truncated).toBe(whole.length > budget);
        // A block boundary: exactly the first k blocks (k ≥ 1), or else a cut inside the first block.
        const parts = blocksToMarkdownParts(readable);
        const prefixes = parts.map((_, k) => parts.slice(0, k + 1).map((x) => x.separator + x.markdown).join(""));
        const atBoundary = result.text === whole || prefixes.includes(result.text);
        expect(atBoundary || (parts[0] !== undefined && parts[0].markdown.startsWith(result.text) && parts[0].markdown.length > budget)).toBe(true);
        if (result.truncated && atBoundary) expect(prefixes[prefixes.indexOf(result.text) + 1]?.length ?? 0).toBeGreaterThan(budget);
      }),
    );
  });
});

describe("capMarkdown (Notion's own page Markdown)", () => {
  test("cuts after the last whole top-level block, keeping a fenced block with blank lines whole", () => {
    const md = "# T\n\nPara.\n\n```\na\n\nb\n```\n\nEnd.";
    expect(capMarkdown(md, 100)).toMatchObject({ text: md, truncated: false });
    expect(capMarkdown(md, md.indexOf("b\n```") + 2)).toMatchObject({ text: "# T\n\nPara.", truncated: true });
    expect(capMarkdown("x".repeat(50), 10)).toMatchObject({ text: "x".repeat(10), truncated: true, chars: 10 });
  });
});
