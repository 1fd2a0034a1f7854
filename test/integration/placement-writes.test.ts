/**
 * Output placement against the Notion emulator, exactly once through stops and ambiguous answers:
 * - "top": the answer goes before the page's existing content (Notion's `position: start`, then after
 *   the blocks already written), stopped after any boundary and resumed from the saved journal;
 * - "replace": the new output is written in place of the previous one, then the previous blocks are
 *   trashed; stopped anywhere and resumed; then Undo (restore the previous, trash the new), also stopped.
 * In every case the page ends with each answer exactly once, nothing else lost, and the recorded ids are
 * exactly the blocks written.
 */
import { Client, LogLevel } from "@notionhq/client";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InkwellError } from "../../src/core/errors";
import type { AppendJournal } from "../../src/core/exactly-once/append-journal";
import type { ReplaceJournal } from "../../src/core/exactly-once/replace-journal";
import { markdownToBlocks, planAppends, type NotionBlock } from "../../src/core/markdown";
import { NotionBlockWriter, writeBlocks } from "../../src/notion/block-writer";
import { NOTION_VERSION } from "../../src/notion/client";
import { replacePrevious, undoReplace } from "../../src/notion/replace-output";
import type { Listening } from "../sandbox/http";
import type { NotionEmulator } from "../sandbox/notion/emulator";
import { StopSwitch } from "../support/stoppable";
import { fastClient, item, notionUnderTest, outline, requestOutline, richText, task, TOKEN, type NotionUnderTest } from "./helpers";

const paragraph = (content: string) => ({ paragraph: { rich_text: [{ text: { content } }] } });

/** Answers needing 1–6 append requests: many top-level blocks (over 100 split) and lists nested past Notion's two levels. */
const answers = (label: string) =>
  fc
    .record({ tasks: fc.integer({ min: 1, max: 230 }), depth: fc.integer({ min: 0, max: 5 }) })
    .map(({ tasks, depth }) => {
      const blocks = Array.from({ length: tasks }, (_, i) => task(`${label} ${i + 1}`));
      let nested: NotionBlock | undefined;
      for (let level = depth; level >= 1; level--) nested = item(`${label} level ${level}`, nested ? [nested] : []);
      if (nested) blocks.push(nested);
      return blocks;
    })
    .filter((blocks) => planAppends(blocks).length <= 6);

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe("placement, stopped at random points (emulator)", () => {
  let notion: NotionEmulator;
  let server: Listening;

  beforeAll(async () => {
    ({ notion, server } = await notionUnderTest({ rateLimit: false }));
  });
  afterAll(() => server.close());

  const client = (fetchImpl: typeof fetch) => fastClient(server.url, fetchImpl);
  const plainFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
  const tree = (pageId: string) => outline(notion.blockTree(pageId) as never);

  /** Runs `start(stoppableClient, save)` until the stop switch trips after boundary `stopAt`; returns whether it stopped and the last saved journal. */
  async function stoppedRun<J>(stopAt: number, start: (client: Client, save: (journal: J) => Promise<void>) => Promise<unknown>): Promise<{ stopped: boolean; saved: J | undefined }> {
    let saved: J | undefined;
    const stop = new StopSwitch();
    stop.stopAt(stopAt);
    const save = async (journal: J) => {
      if (stop.stopped) return new Promise<void>(() => {});
      saved = structuredClone(journal);
      await stop.storage({ set: async () => {} } as never).set({});
    };
    const run = start(client(stop.fetch(plainFetch)), save);
    const stopped = await Promise.race([run.then(() => false), until(() => stop.stopped).then(() => true)]);
    return { stopped, saved };
  }

  it("property: top, stopped after any boundary, puts the answer once before the existing content (an identical earlier answer included)", async () => {
    await fc.assert(
      fc.asyncProperty(answers("Top"), fc.nat({ max: 40 }), fc.boolean(), async (blocks, stopSeed, earlierCopy) => {
        const pageId = notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Existing 1", "Existing 2"] });
        if (earlierCopy) await new NotionBlockWriter(client(plainFetch), pageId, { placement: "top" }).write(blocks);
        const before = tree(pageId);
        const steps = planAppends(blocks).length;
        const { stopped, saved } = await stoppedRun<AppendJournal>(1 + (stopSeed % (2 * steps + 1)), (stoppable, save) =>
          new NotionBlockWriter(stoppable, pageId, { placement: "top" }).write(blocks, { record: save }),
        );
        const result = stopped
          ? // No placement given: the saved journal holds it.
            await writeBlocks(client(plainFetch), pageId, blocks, { resume: saved })
          : { topLevelIds: notion.blockTree(pageId).slice(0, blocks.length).map((block) => block.id) };
        expect(tree(pageId)).toEqual([...requestOutline(blocks), ...before]);
        expect(result.topLevelIds).toEqual(notion.blockTree(pageId).slice(0, blocks.length).map((block) => block.id));
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it("top and replace: an append the browser sent twice (HTTP/1.1 resend, one answer seen) is removed, never kept twice", async () => {
    // Every append lands twice; the writer sees the second answer only, as Chromium shows it after a silent resend.
    const twice: typeof fetch = async (input, init) => {
      if ((init?.method ?? "GET").toUpperCase() === "PATCH" && String(input).endsWith("/children")) await (await globalThis.fetch(input, init)).arrayBuffer();
      return globalThis.fetch(input, init);
    };
    const blocks = Array.from({ length: 120 }, (_, i) => task(`Twice ${i + 1}`));
    const pageId = notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Old"] });
    await new NotionBlockWriter(client(twice), pageId, { placement: "top", resendPossible: () => true }).write(blocks);
    expect(tree(pageId)).toEqual([...requestOutline(blocks), "paragraph:Old"]);

    const previous = notion.blockTree(pageId).slice(0, blocks.length).map((block) => block.id);
    const fresh = [task("Replacement")];
    await replacePrevious(client(twice), pageId, fresh, previous, { record: async () => {}, writer: { resendPossible: () => true } });
    expect(tree(pageId)).toEqual([...requestOutline(fresh), "paragraph:Old"]);
  }, 60_000);

  it("property: replace, stopped anywhere, then Undo, stopped anywhere: the new output replaces the old in place, and Undo brings the old back", async () => {
    await fc.assert(
      fc.asyncProperty(answers("Old"), answers("New"), fc.nat({ max: 40 }), fc.nat({ max: 10 }), async (old, fresh, stopSeed, undoSeed) => {
        const pageId = notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Intro"] });
        const previous = (await new NotionBlockWriter(client(plainFetch), pageId).write(old)).topLevelIds;
        await client(plainFetch).blocks.children.append({ block_id: pageId, children: [paragraph("Outro")] });
        const steps = planAppends(fresh).length;
        const replace = (c: Client, resume: ReplaceJournal | undefined, record: (journal: ReplaceJournal) => Promise<void>) => replacePrevious(c, pageId, fresh, previous, { resume, record });
        const { stopped, saved } = await stoppedRun<ReplaceJournal>(1 + (stopSeed % (2 * steps + 4)), (stoppable, save) => replace(stoppable, undefined, save));
        let journal = saved;
        const result = stopped ? await replace(client(plainFetch), saved, async (next) => void (journal = next)) : undefined;
        const written = result?.topLevelIds ?? journal!.written;

        expect(tree(pageId)).toEqual(["paragraph:Intro", ...requestOutline(fresh), "paragraph:Outro"]);
        expect(written).toEqual(notion.blockTree(pageId).slice(1, 1 + fresh.length).map((block) => block.id));
        expect(journal!.phase).toBe("done");

        // Undo, stopped after a random number of its writes, then run again in full.
        const undoStop = await stoppedRun<never>(1 + undoSeed, (stoppable) => undoReplace(stoppable, { written, previous }));
        if (undoStop.stopped) await undoReplace(client(plainFetch), { written, previous });
        expect(tree(pageId)).toEqual(["paragraph:Intro", ...requestOutline(old), "paragraph:Outro"]);
        expect(notion.blockTree(pageId).slice(1, 1 + old.length).map((block) => block.id)).toEqual(previous);
      }),
      { numRuns: 8 },
    );
  }, 180_000);
});

describe("placement with ambiguous answers (faults after Notion applied the write)", () => {
  let env: NotionUnderTest;
  afterEach(async () => env?.close());
  const answer = (paragraphs = 130) => markdownToBlocks(Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i + 1}`).join("\n\n") + "\n\n- a\n  - b\n    - c\n      - d");

  it("top: appends that fail after landing are adopted, never written twice, and the old content stays after them", async () => {
    env = await notionUnderTest({ faults: { rate: 0.4, kinds: ["500", "503", "drop"], timing: "after", seed: 5, methods: ["PATCH"], path: /^\/v1\/blocks\/[^/]+\/children$/ } });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Old 1", "Old 2"] });
    const blocks = answer();
    const writer = new NotionBlockWriter(env.client, pageId, { placement: "top" });
    // Two writes of one writer, as a streaming page run makes them: the second follows the first.
    await writer.write(blocks.slice(0, 60));
    await writer.write(blocks.slice(60));
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual([...requestOutline(blocks), "paragraph:Old 1", "paragraph:Old 2"]);
    expect(env.scheduler.stats().ambiguous).toBeGreaterThan(0);
  }, 60_000);

  it("replace: ambiguous appends and trash requests still end with the new output once, in place, and the old one in the trash", async () => {
    env = await notionUnderTest({ rateLimit: false });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Intro"] });
    const old = markdownToBlocks("Old answer\n\n- one\n- two");
    const previous = (await new NotionBlockWriter(env.client, pageId).write(old)).topLevelIds;
    await env.client.blocks.children.append({ block_id: pageId, children: [paragraph("Outro")] });
    env.notion.setFaults({ rate: 0.35, kinds: ["500", "503", "drop"], timing: "after", seed: 3, methods: ["PATCH"], path: /^\/v1\/blocks\// });
    const fresh = answer(12);
    const result = await replacePrevious(env.client, pageId, fresh, previous, { record: async () => {} });
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", ...requestOutline(fresh), "paragraph:Outro"]);
    expect(result.trashed).toEqual(previous);
    await undoReplace(env.client, { written: result.topLevelIds, previous });
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", ...requestOutline(old), "paragraph:Outro"]);
    expect(env.scheduler.stats().ambiguous).toBeGreaterThan(0);
  }, 60_000);

  it("top on a long page reads only its start (priming and checking a possibly resent append), not every block", async () => {
    env = await notionUnderTest({ rateLimit: false });
    const pageId = env.notion.createPage({ title: "Long", sharedWith: [TOKEN], blocks: Array.from({ length: 250 }, (_, i) => `Existing ${i + 1}`) });
    env.notion.clearRequestLog();
    await new NotionBlockWriter(env.client, pageId, { placement: "top", resendPossible: () => true }).write(markdownToBlocks("On top"));
    const listings = env.notion.requestLog().filter((entry) => entry.method === "GET" && /\/children/.test(entry.path));
    expect(listings).toHaveLength(2);
    expect(outline(env.notion.blockTree(pageId) as never).slice(0, 2)).toEqual(["paragraph:On top", "paragraph:Existing 1"]);
  });

  it("replace leaves a previous block the user deleted in the trash: it is not counted as replaced, and Undo does not bring it back", async () => {
    env = await notionUnderTest({ rateLimit: false });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Intro"] });
    const previous = (await new NotionBlockWriter(env.client, pageId).write(markdownToBlocks("Old A\n\nOld B\n\nOld C"))).topLevelIds;
    await env.client.blocks.delete({ block_id: previous[1]! });
    const result = await replacePrevious(env.client, pageId, markdownToBlocks("New"), previous, { record: async () => {} });
    expect(result.trashed).toEqual([previous[0], previous[2]]);
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", "paragraph:New"]);
    const undone = await undoReplace(env.client, { written: result.topLevelIds, previous: result.trashed });
    expect(undone).toEqual({ missing: [], keptWritten: false });
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", "paragraph:Old A", "paragraph:Old C"]);
  });

  it("replace keeps a previous block the user edited since (their words stay), and replaces the rest", async () => {
    env = await notionUnderTest({ rateLimit: false });
    env.notion.addPersonalToken({ token: "user-token" });
    const asUser = new Client({ auth: "user-token", baseUrl: env.server.url, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {} });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Intro"] });
    env.notion.grantAccess(pageId, env.notion.ownerId);
    const previous = (await new NotionBlockWriter(env.client, pageId).write(markdownToBlocks("Old A\n\nOld B\n\nOld C"))).topLevelIds;
    await asUser.blocks.update({ block_id: previous[1]!, paragraph: { rich_text: richText("Old B, with my note") } } as never);
    const result = await replacePrevious(env.client, pageId, markdownToBlocks("New"), previous, { record: async () => {} });
    expect(result.trashed).toEqual([previous[0], previous[2]]);
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", "paragraph:Old B, with my note", "paragraph:New"]);
  });

  it("replace with an empty answer keeps the previous output (it is never trashed for nothing)", async () => {
    env = await notionUnderTest({ rateLimit: false });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Intro"] });
    const previous = (await new NotionBlockWriter(env.client, pageId).write(markdownToBlocks("Old"))).topLevelIds;
    const failure = await replacePrevious(env.client, pageId, [], previous, { record: async () => {} }).catch((error: unknown) => error);
    expect((failure as InkwellError).code).toBe("ai_empty_answer");
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", "paragraph:Old"]);
  });

  it("Undo of a replace whose previous blocks Notion no longer has keeps the new output (never neither)", async () => {
    env = await notionUnderTest({ rateLimit: false });
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Intro"] });
    const written = (await new NotionBlockWriter(env.client, pageId).write(markdownToBlocks("New"))).topLevelIds;
    const gone = "00000000-0000-4000-8000-000000000000";
    expect(await undoReplace(env.client, { written, previous: [gone] })).toEqual({ missing: [gone], keptWritten: true });
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Intro", "paragraph:New"]);
  });

  it("replace when the previous output is gone from the page: the new output is appended at the end", async () => {
    env = await notionUnderTest();
    const pageId = env.notion.createPage({ title: "Target", sharedWith: [TOKEN], blocks: ["Kept"] });
    const result = await replacePrevious(env.client, pageId, markdownToBlocks("New"), ["00000000-0000-4000-8000-000000000000"], { record: async () => {} });
    expect(outline(env.notion.blockTree(pageId) as never)).toEqual(["paragraph:Kept", "paragraph:New"]);
    expect(result.topLevelIds).toHaveLength(1);
  });
});
