/**
 * Page runs with the page's own content and the connection's placement,
 * through executePageRun against the Notion and Gemini emulators: the preview
 * shows exactly what the run sends; "top" inserts the summary above the page's
 * content; "replace" swaps this connection's previous output for the new one
 * (removed only once the new one is complete) and Undo brings it back.
 */
import type { Client } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GeminiEngine } from "../../src/ai/gemini";
import { RecordStore } from "../../src/background/connections/records";
import { notionContextReaders } from "../../src/background/runs/context-readers";
import { executePageRun } from "../../src/background/runs/page-execution";
import { forgetUndoneOutput } from "../../src/background/runs/placed-output";
import { previewSend } from "../../src/background/runs/send-preview";
import { undoRun } from "../../src/background/runs/undo";
import { defaultGenerationOptions, type Connection, type OutputPlacement, type Run } from "../../src/shared/storage/schema";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import type { AnswerRequest } from "../sandbox/ai/script";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { startedRun } from "../support/runs";
import { StopSwitch } from "../support/stoppable";
import { fastClient, outline, TOKEN } from "./helpers";

describe("page runs: the page's content in, output where it belongs", () => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let notion: NotionEmulator;
  let server: Listening;
  let records: RecordStore;
  let page: string;
  let sent: AnswerRequest[];
  let version = 0;

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 1, tokensPerSecond: 200_000, tokensPerEvent: 400 } });
    gemini.answerWhen(
      (request) => request.prompt.startsWith("Summarise this page.") && sent.push(request) > 0,
      () => `## Summary ${++version}\n\nThe notes say: ship it.`,
    );
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    sent = [];
    version = 0;
    records = new RecordStore(fakeBrowser.storage.local as never);
    notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    server = await listenHttp(notion.handle);
    page = notion.createPage({ title: "Meeting notes", sharedWith: [TOKEN], blocks: ["Decisions were made.", "Ship it on Friday."] });
  });
  afterEach(() => server.close());

  function client(base: typeof fetch = fetch): Client {
    return fastClient(server.url, base);
  }

  function connection(placement: OutputPlacement): Connection {
    return {
      id: "c1",
      name: "Summarise",
      kind: "page",
      url: `https://www.notion.so/${page.replace(/-/g, "")}`,
      targetId: page,
      targetTitle: "Meeting notes",
      prompt: "Summarise this page.",
      options: defaultGenerationOptions(),
      placement,
      context: { pageContent: true },
      createdAt: 0,
      updatedAt: 0,
      runIds: [],
    };
  }

  async function run(placement: OutputPlacement, id: string, stop?: StopSwitch): Promise<Run> {
    let saved = startedRun({ id, kind: "page", targetId: page });
    const store = stop ? new RecordStore(stop.storage(fakeBrowser.storage.local as never)) : records;
    return executePageRun({
      run: saved,
      connection: connection(placement),
      client: client(stop ? stop.fetch(fetch) : fetch),
      engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }),
      records: store,
      readers: notionContextReaders,
      signal: new AbortController().signal,
      now: Date.now,
      save: async (next) => {
        saved = next;
        await store.saveRun(next);
      },
    });
  }

  const body = () => outline(notion.blockTree(page) as never);

  it("the preview shows exactly the system instruction and prompt the run sends, with the page's content", async () => {
    const preview = await previewSend(client(), connection("top"), notionContextReaders, new Date());
    expect(preview.included).toMatchObject({ source: "page", truncated: false });
    expect(preview.included?.text).toContain("Ship it on Friday.");
    await run("top", "run-1");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.prompt).toBe(preview.prompt);
    expect(sent[0]!.system).toBe(preview.systemInstruction);
  });

  it("top: the summary goes above the page's content", async () => {
    const final = await run("top", "run-1");
    expect(final.status).toBe("succeeded");
    expect(body()).toEqual(["heading_2:Summary 1", "paragraph:The notes say: ship it.", "paragraph:Decisions were made.", "paragraph:Ship it on Friday."]);
  });

  it("replace: the new output takes the previous one's place; Undo brings the previous one back", async () => {
    await run("replace", "run-1");
    expect(body()).toEqual(["paragraph:Decisions were made.", "paragraph:Ship it on Friday.", "heading_2:Summary 1", "paragraph:The notes say: ship it."]);
    const second = await run("replace", "run-2");
    expect(second.status).toBe("succeeded");
    expect(body()).toEqual(["paragraph:Decisions were made.", "paragraph:Ship it on Friday.", "heading_2:Summary 2", "paragraph:The notes say: ship it."]);
    expect(second.replacedBlockIds).toHaveLength(2);

    await undoRun(client(), second, connection("replace"));
    await forgetUndoneOutput(records, second);
    expect(body()).toEqual(["paragraph:Decisions were made.", "paragraph:Ship it on Friday.", "heading_2:Summary 1", "paragraph:The notes say: ship it."]);
    // The restored output is what the connection wrote last again: the next replace removes it.
    expect((await records.getPlaced("c1", page))?.blockIds).toEqual(second.replacedBlockIds);
    await run("replace", "run-3");
    expect(body()).toEqual(["paragraph:Decisions were made.", "paragraph:Ship it on Friday.", "heading_2:Summary 3", "paragraph:The notes say: ship it."]);
  });

  it("replace, stopped at any boundary: the next replace leaves exactly its own output, nothing of the earlier ones", async () => {
    const summary = () => body().filter((line) => !["paragraph:Decisions were made.", "paragraph:Ship it on Friday."].includes(line));
    let boundaries = Number.POSITIVE_INFINITY;
    for (let stopAt = 1; stopAt <= boundaries; stopAt++) {
      await server.close();
      fakeBrowser.reset();
      records = new RecordStore(fakeBrowser.storage.local as never);
      notion = new NotionEmulator({ rateLimit: false });
      notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
      server = await listenHttp(notion.handle);
      page = notion.createPage({ title: "Meeting notes", sharedWith: [TOKEN], blocks: ["Decisions were made.", "Ship it on Friday."] });
      const original = (notion.blockTree(page) as { id: string }[]).map((block) => block.id);
      const first = await run("replace", "run-1");
      const counting = new StopSwitch();
      if (boundaries === Number.POSITIVE_INFINITY) {
        await run("replace", "run-2", counting);
        boundaries = counting.boundaries;
        continue;
      }
      const stop = new StopSwitch();
      stop.stopAt(stopAt);
      await Promise.race([run("replace", "run-2", stop), until(() => stop.stopped)]);
      const third = await run("replace", "run-3");
      expect(third.status).toBe("succeeded");
      const label = `stopped after boundary ${stopAt} of ${boundaries}`;
      expect(summary().slice(0, 2), label).toEqual([`heading_2:Summary ${version}`, "paragraph:The notes say: ship it."]);
      // Left on the page: at most what the stopped worker sent but never heard back about (so never recorded).
      const recorded = new Set([...first.writtenBlockIds, ...((await records.getRun("run-2"))?.writtenBlockIds ?? [])]);
      const leftover = (notion.blockTree(page) as { id: string }[]).map((block) => block.id).filter((id) => !original.includes(id) && !third.writtenBlockIds.includes(id));
      expect(leftover.filter((id) => recorded.has(id)), label).toEqual([]);
    }
    expect(boundaries).toBeGreaterThan(3);
  }, 120_000);

  it("replace: a previous block the user deleted stays deleted (not counted as replaced, not brought back by Undo)", async () => {
    const first = await run("replace", "run-1");
    await client().blocks.delete({ block_id: first.writtenBlockIds[0]! });
    const second = await run("replace", "run-2");
    expect(second.replacedBlockIds).toEqual([first.writtenBlockIds[1]]);
    await undoRun(client(), second, connection("replace"));
    expect(body()).toEqual(["paragraph:Decisions were made.", "paragraph:Ship it on Friday.", "paragraph:The notes say: ship it."]);
  });

  it("Undo of a replace whose previous output Notion no longer has keeps the new output and says so", async () => {
    await run("replace", "run-1");
    const second = await run("replace", "run-2");
    const emptied = { ...second, replacedBlockIds: ["00000000-0000-4000-8000-000000000000"] };
    const failure = await undoRun(client(), emptied, connection("replace")).catch((error: unknown) => error);
    expect((failure as { code?: string }).code).toBe("notion_conflict");
    expect(body()).toEqual(["paragraph:Decisions were made.", "paragraph:Ship it on Friday.", "heading_2:Summary 2", "paragraph:The notes say: ship it."]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
