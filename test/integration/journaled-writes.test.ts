/**
 * The block writer against the Notion emulator, stopped at random points:
 * random answers whose plans need 1–6 append requests, a stop after a random
 * boundary (a journal save, or an append that landed before the worker saw
 * its answer), then a new writer resumes from the saved journal. The page
 * must end with the answer exactly once, nested children included, and the
 * recorded ids must be exactly what the write added.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppendJournal } from "../../src/core/exactly-once/append-journal";
import { planAppends, type NotionBlock } from "../../src/core/markdown";
import { NotionBlockWriter } from "../../src/notion/block-writer";
import type { Listening } from "../sandbox/http";
import type { NotionEmulator } from "../sandbox/notion/emulator";
import { StopSwitch } from "../support/stoppable";
import { fastClient, item, notionUnderTest, outline, requestOutline, task, TOKEN } from "./helpers";


const answers = fc
  .record({ tasks: fc.integer({ min: 1, max: 260 }), depth: fc.integer({ min: 0, max: 6 }), lists: fc.integer({ min: 0, max: 2 }) })
  .map(({ tasks, depth, lists }) => {
    const blocks = Array.from({ length: tasks }, (_, i) => task(`Task ${i + 1}`));
    for (let list = 0; list < lists && depth > 0; list++) {
      let nested: NotionBlock | undefined;
      for (let level = depth; level >= 1; level--) nested = item(`List ${list} level ${level}`, nested ? [nested] : []);
      blocks.push(nested!);
    }
    return blocks;
  })
  .filter((blocks) => planAppends(blocks).length <= 6);

describe("journaled block writes, stopped at random points (emulator)", () => {
  let notion: NotionEmulator;
  let server: Listening;

  beforeAll(async () => {
    ({ notion, server } = await notionUnderTest({ rateLimit: false }));
  });
  afterAll(() => server.close());

  const client = (fetchImpl: typeof fetch) => fastClient(server.url, fetchImpl);
  const plainFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

  it("property: answers needing 1–6 requests, stopped after any boundary, end exactly once and complete", async () => {
    await fc.assert(
      fc.asyncProperty(answers, fc.nat({ max: 40 }), fc.boolean(), async (blocks, stopSeed, earlierCopy) => {
        const pageId = notion.createPage({ title: "Target", sharedWith: [TOKEN] });
        if (earlierCopy) await new NotionBlockWriter(client(plainFetch), pageId).write(blocks);
        const before = outline(notion.blockTree(pageId) as never);
        const topLevelBefore = notion.blockTree(pageId).length;

        // The first writer saves its journal "to storage" (a variable) at every step, and is stopped after boundary k.
        let saved: AppendJournal | undefined;
        const stop = new StopSwitch();
        const steps = planAppends(blocks).length;
        stop.stopAt(1 + (stopSeed % (2 * steps + 1)));
        const record = async (journal: AppendJournal) => {
          if (stop.stopped) return new Promise<void>(() => {});
          saved = journal;
          await stop.storage({ set: async () => {} } as never).set({});
        };
        const first = new NotionBlockWriter(client(stop.fetch(plainFetch)), pageId).write(blocks, { record });
        const stoppedEarly = await Promise.race([first.then(() => false), until(() => stop.stopped).then(() => true)]);
        const result = stoppedEarly ? await new NotionBlockWriter(client(plainFetch), pageId).write(blocks, { resume: saved }) : await first;

        expect(outline(notion.blockTree(pageId) as never)).toEqual([...before, ...requestOutline(blocks)]);
        // What Undo would remove is exactly what this write added.
        expect(result.topLevelIds).toEqual(notion.blockTree(pageId).slice(topLevelBefore).map((block) => block.id));
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
