import { describe, expect, it } from "vitest";
import { plainTextForRequest, richTextForRequest } from "../../../src/core/rich-text-restore";

describe("restoring a property's original value", () => {
  it("sends back every item as Notion returned it: text with links, mentions, equations and annotations", () => {
    const original = [
      { type: "text", text: { content: "See ", link: null }, annotations: { bold: true, italic: false, strikethrough: false, underline: false, code: false, color: "default" }, plain_text: "See ", href: null },
      { type: "text", text: { content: "notes", link: { url: "https://example.com" } }, annotations: { bold: false, italic: true, strikethrough: false, underline: false, code: false, color: "blue" }, plain_text: "notes", href: "https://example.com" },
      { type: "mention", mention: { type: "page", page: { id: "1f2e" } }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" }, plain_text: "Page", href: "https://www.notion.so/1f2e" },
      { type: "equation", equation: { expression: "x^2" }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" }, plain_text: "x^2", href: null },
    ];
    expect(richTextForRequest(original)).toEqual(original.map(({ plain_text: _plain, href: _href, ...request }) => request));
  });

  it("an empty original restores an empty value", () => {
    expect(richTextForRequest([])).toEqual([]);
    expect(plainTextForRequest("")).toEqual([]);
  });

  it("splits a long plain-text original between code points, never inside a surrogate pair", () => {
    const text = `${"a".repeat(1999)}😀${"b".repeat(10)}`;
    const items = plainTextForRequest(text);
    expect(items.map((item) => item.text.content).join("")).toBe(text);
    for (const item of items) {
      expect(item.text.content.length).toBeLessThanOrEqual(2000);
      expect(item.text.content).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });
});
