import { describe, expect, it } from "vitest";
import { enhancedMarkdownForPrompt } from "../../../../src/core/markdown/enhanced-markdown";

describe("Notion's enhanced markdown for a prompt", () => {
  it("drops attribute lists, empty-block, unknown and table-of-contents tags; keeps standard Markdown as it is", () => {
    const input = ['# Plan {color="blue"}', "Some **bold** text \\* escaped", "<empty-block/>", "<table_of_contents/>", '<unknown url="https://x" alt="bookmark"/>', "- item", "\t- child {color=\"red\"}"].join("\n");
    expect(enhancedMarkdownForPrompt(input)).toBe(["# Plan", "Some **bold** text \\* escaped", "", "- item", "\t- child"].join("\n"));
  });

  it("turns callouts into quotes led by their icon, pages into links, mentions into their text", () => {
    const input = ['::: callout {icon="⚠️" color="red_bg"}', "Careful", "Second line", ":::", '<page url="https://www.notion.so/abc">Specs</page>', 'See <mention-page url="https://www.notion.so/def">Roadmap</mention-page> on <mention-date start="2026-12-24"/> by <mention-user url="user://1"/>, <span color="red">red</span>'].join("\n");
    expect(enhancedMarkdownForPrompt(input)).toBe(["> ⚠️ Careful", "> Second line", "[Specs](https://www.notion.so/abc)", "See Roadmap on 2026-12-24 by , red"].join("\n"));
  });

  it("copies code fences verbatim, tags and braces inside included", () => {
    const input = ["```html", '<span color="red">x</span> {color="blue"}', "<empty-block/>", "```", "<columns>", "\t<column>", "\t\tLeft", "\t</column>", "</columns>"].join("\n");
    expect(enhancedMarkdownForPrompt(input)).toBe(["```html", '<span color="red">x</span> {color="blue"}', "<empty-block/>", "```", "\t\tLeft"].join("\n"));
  });
});
