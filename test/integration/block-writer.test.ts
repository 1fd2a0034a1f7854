import { afterEach, describe, expect, it } from "vitest";
import { markdownToBlocks } from "../../src/core/markdown";
import { NotionBlockWriter } from "../../src/notion/block-writer";
import { NotionScheduler } from "../../src/notion/scheduler";
import { notionUnderTest, outline, requestOutline, TOKEN, type NotionUnderTest } from "./helpers";

/** An answer with more than 100 top-level blocks, deep nesting, a table and a long paragraph. */
function longAnswer(): string {
  // 120 top-level blocks (more than one append can hold) and three lists nested four deep (follow-up appends).
  const sections = Array.from({ length: 40 }, (_, i) => `## Section ${i + 1}\n\nParagraph ${i + 1} with **bold** text.\n\n> Quote ${i + 1}`);
  const nested = Array.from({ length: 3 }, (_, i) => `- item ${i}\n  - nested ${i}\n    - deeper ${i}\n      - deepest ${i}`);
  return [
    "# Title",
    "x".repeat(4500),
    "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |",
    "```ts\nconst answer = 42;\n```",
    ...sections,
    ...nested,
  ].join("\n\n");
}

describe("NotionBlockWriter against the emulator (rate limit on)", () => {
  let env: NotionUnderTest;
  afterEach(async () => env?.close());

  it("writes every block once, in order, within Notion's limits", async () => {
    env = await notionUnderTest();
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Existing first line"] });
    const blocks = markdownToBlocks(longAnswer());
    const writer = new NotionBlockWriter(env.client, pageId);
    await writer.prime();
    const result = await writer.write(blocks);

    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Existing first line", ...requestOutline(blocks)]);
    expect(result.topLevelIds).toHaveLength(blocks.length);
    expect(env.notion.requestLog().filter((entry) => entry.status === 400)).toEqual([]);
    // No budget assumed: at most the refusal that reveals Notion's limit (and a probe), then a learned pace.
    expect(env.scheduler.stats().rateLimited).toBeLessThanOrEqual(2);
  });

  it("never writes a batch twice when appends fail after Notion applied them", async () => {
    env = await notionUnderTest({ faults: { rate: 0.35, kinds: ["500", "502", "503", "529", "drop"], timing: "after", seed: 7, methods: ["PATCH"], path: /^\/v1\/blocks\/[^/]+\/children$/ } });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN] });
    const blocks = markdownToBlocks(longAnswer());
    const writer = new NotionBlockWriter(env.client, pageId);
    await writer.prime();
    await writer.write(blocks);
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(requestOutline(blocks));
    expect(env.scheduler.stats().ambiguous).toBeGreaterThan(0);
  });

  it("sends a batch again when the failed append was not applied", async () => {
    env = await notionUnderTest({ faults: { rate: 0.35, kinds: ["500", "503", "drop"], timing: "before", seed: 11, methods: ["PATCH"], path: /^\/v1\/blocks\/[^/]+\/children$/ } });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN] });
    const blocks = markdownToBlocks(longAnswer());
    const writer = new NotionBlockWriter(env.client, pageId);
    await writer.prime();
    await writer.write(blocks);
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(requestOutline(blocks));
    expect(env.scheduler.stats().ambiguous).toBeGreaterThan(0);
  });

  it("stops with a clear error instead of guessing when someone else edits the page mid-write", async () => {
    // Our append is lost on the wire while another editor adds a block to the same page.
    let interfere: (() => Promise<void>) | undefined;
    const scheduler = new NotionScheduler({
      fetch: async (input, init) => {
        if (init?.method === "PATCH" && interfere) {
          const act = interfere;
          interfere = undefined;
          await act();
          throw new TypeError("Failed to fetch");
        }
        return fetch(input, init);
      },
    });
    env = await notionUnderTest({ rateLimit: false }, scheduler);
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN] });
    const writer = new NotionBlockWriter(env.client, pageId);
    await writer.prime();
    interfere = async () => {
      await fetch(`${env.server.url}/v1/blocks/${pageId}/children`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${TOKEN}`, "notion-version": "2026-03-11", "content-type": "application/json" },
        body: JSON.stringify({ children: [{ paragraph: { rich_text: [{ text: { content: "someone else" } }] } }] }),
      });
    };
    await expect(writer.write(markdownToBlocks("Our paragraph"))).rejects.toMatchObject({ code: "notion_conflict" });
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:someone else"]);
  });
});
