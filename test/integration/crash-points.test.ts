/**
 * The crash-point matrix: a database run is stopped at every boundary of its
 * rows' lives (after each storage write and after each Notion write landed,
 * before the worker saw its answer), then a new runner resumes over the same
 * storage and emulator. Every case must end with each row's answer present
 * exactly once and complete (nested children included), and Undo must remove
 * exactly what the run wrote: an identical answer from an earlier run stays.
 * Covered for body and property output, over HTTP/2 and HTTP/1.1 (where the
 * client silently resends a write whose connection dropped).
 */
import type { Client } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import { Agent, fetch as undiciFetch } from "undici";
import type { Storage } from "webextension-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GeminiEngine } from "../../src/ai/gemini";
import { runDatabase } from "../../src/background/runs/database-run";
import { RecordStore } from "../../src/background/connections/records";
import { undoRun } from "../../src/background/runs/undo";
import { markdownToBlocks, planAppends } from "../../src/core/markdown";
import { answerToPropertyRichText } from "../../src/core/property-output";
import { defaultGenerationOptions, type Connection, type DatabaseSettings, type Run } from "../../src/shared/storage/schema";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import { listenHttp, listenTls, type Listening, type SandboxProtocol } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { sandboxCertificate } from "../sandbox/tls";
import { startedRun } from "../support/runs";
import { resendingLikeHttp1, StopSwitch } from "../support/stoppable";
import { fastClient, outline, requestOutline, TOKEN } from "./helpers";

/**
 * Twelve checklist groups of 90 nested items (over Notion's 1,000 blocks per
 * request, so two requests at the top level: the first one's nested items
 * arrive with it) and a list nested four deep (follow-up requests): four
 * append requests, with few top-level blocks so each case stays quick.
 */
export function multiRequestAnswer(topic: string): string {
  const groups = Array.from({ length: 12 }, (_, g) => [`- [ ] Group ${g + 1} for ${topic}`, ...Array.from({ length: 90 }, (_, i) => `  - [ ] Task ${g + 1}.${i + 1}`)].join("\n")).join("\n");
  return `## ${topic}\n\n${groups}\n\n- Level 1 of ${topic}\n  - Level 2\n    - Level 3\n      - Level 4 of ${topic}\n`;
}

/** Row 1's answer needs several requests; row 2's one. */
function bodyAnswer(topic: string): string {
  return topic === "Topic 1" ? multiRequestAnswer(topic) : `## ${topic}\n\nBody for ${topic}.`;
}

/** A property answer longer than one text item, with an emoji straddling the 2000-character cut. */
function propertyAnswer(topic: string): string {
  return `**${topic}**: ${"x".repeat(1985 - topic.length)}😀 and more about ${topic}.`;
}

const ROWS = 2;
type Output = "body" | "property";

interface World {
  notion: NotionEmulator;
  server: Listening;
  db: { databaseId: string; dataSourceId: string; rowIds: string[] };
  area: Storage.StorageArea;
  before: Map<string, { body: string[]; summary: unknown }>;
}

describe.each<SandboxProtocol>(["h2", "http/1.1"])("crash points over %s", (protocol) => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let credentials: { key: string; cert: string };
  let agent: Agent;

  beforeAll(async () => {
    credentials = await sandboxCertificate();
    gemini = new GeminiEmulator({ timing: { ttftMs: 1, tokensPerSecond: 200_000, tokensPerEvent: 400 } });
    gemini.answerWhen(/Body: (.+)/, (request) => bodyAnswer(/Body: (.+)/.exec(request.prompt)![1]!.trim()));
    gemini.answerWhen(/Property: (.+)/, (request) => propertyAnswer(/Property: (.+)/.exec(request.prompt)![1]!.trim()));
    aiServer = await listenHttp(gemini.handle);
    agent = new Agent({ allowH2: protocol === "h2", connect: { rejectUnauthorized: false } });
  });
  afterAll(async () => {
    await aiServer.close();
    await agent.close();
  });

  const transport: typeof fetch = (input, init) => undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never) as unknown as Promise<Response>;

  async function world(output: Output): Promise<World> {
    fakeBrowser.reset();
    const notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    const server = await listenTls(notion.handle, credentials, protocol);
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({
      parentPageId: home,
      title: "Topics",
      properties: { Name: { title: {} }, Generate: { checkbox: {} }, Summary: { rich_text: {} }, "AI status": { select: {} } },
      rows: Array.from({ length: ROWS }, (_, i) => ({ Name: `Topic ${i + 1}`, Generate: true })),
    });
    const setup = client(server, transport);
    // Row 1 already holds this very answer from an earlier run (body), or a formatted value (property).
    if (output === "body") {
      const earlier = markdownToBlocks(multiRequestAnswer("Topic 1"));
      const created: string[][] = [];
      for (const step of planAppends(earlier)) {
        const parent = step.parent.kind === "root" ? db.rowIds[0]! : created[step.parent.step]![step.parent.index]!;
        created.push((await setup.blocks.children.append({ block_id: parent, children: step.children as never })).results.map((block) => block.id));
      }
    } else {
      await setup.pages.update({
        page_id: db.rowIds[0]!,
        properties: {
          Summary: {
            rich_text: [
              { type: "text", text: { content: "Earlier ", link: null }, annotations: { bold: true } },
              { type: "text", text: { content: "notes", link: { url: "https://example.com/notes" } }, annotations: { italic: true, color: "blue" } },
            ],
          },
        } as never,
      });
    }
    const before = new Map(db.rowIds.map((rowId) => [rowId, { body: outline(notion.blockTree(rowId) as never), summary: summaryOf(notion, db.databaseId, rowId) }]));
    return { notion, server, db, area: fakeBrowser.storage.local as never, before };
  }

  function client(server: Listening, base: typeof fetch): Client {
    return fastClient(server.url, protocol === "http/1.1" ? resendingLikeHttp1(base) : base, { maxConcurrent: 8 });
  }

  function connection(w: World, output: Output): Connection & { database: DatabaseSettings } {
    return {
      id: "c1",
      name: "Topics",
      kind: "database",
      url: `https://www.notion.so/${w.db.databaseId.replace(/-/g, "")}`,
      targetId: w.db.databaseId,
      targetTitle: "Topics",
      prompt: output === "body" ? "Body: {{Name}}" : "Property: {{Name}}",
      options: defaultGenerationOptions(),
      createdAt: 0,
      updatedAt: 0,
      runIds: [],
      database: {
        dataSourceId: w.db.dataSourceId,
        selectionProperty: "Generate",
        output: output === "body" ? { type: "body" } : { type: "property", property: "Summary", overwrite: "always" },
        statusProperty: "AI status",
      },
    };
  }

  /** Starts (or resumes) the run with a worker that `stop` may stop; resolves with the final run, or never if stopped. */
  function runner(w: World, output: Output, run: Run, stop: StopSwitch) {
    const records = new RecordStore(stop.storage(w.area));
    return runDatabase({
      run,
      connection: connection(w, output),
      client: client(w.server, stop.fetch(transport)),
      engine: new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url }),
      records,
      signal: new AbortController().signal,
      concurrency: 1,
      save: (next) => records.saveRun(next),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
      // What Resource Timing's nextHopProtocol tells the worker.
      writer: { resendPossible: () => protocol === "http/1.1" },
    });
  }

  /** Runs until `stopAt` boundaries passed (or to the end), then resumes with a new runner to the end. */
  async function runWithStop(w: World, output: Output, stopAt: number | undefined): Promise<{ final: Run; boundaries: number }> {
    const first = new StopSwitch();
    if (stopAt !== undefined) first.stopAt(stopAt);
    const start = startedRun({ id: "run-1", targetId: w.db.databaseId });
    await w.area.set({ [`run:${start.id}`]: start });
    const outcome = await Promise.race([runner(w, output, start, first), until(() => first.stopped)]);
    if (outcome !== undefined) return { final: outcome, boundaries: first.boundaries };
    // The worker was stopped: a new one resumes the run from storage, as RunManager.resumeInterrupted does.
    const stored = (await w.area.get("run:run-1"))["run:run-1"] as Run;
    return { final: await runner(w, output, stored, new StopSwitch()), boundaries: first.boundaries };
  }

  async function expectExactlyOnceThenUndo(w: World, output: Output, final: Run, label: string) {
    expect(final.status, label).toBe("succeeded");
    expect(final.rows?.map((row) => row.state), label).toEqual(Array(ROWS).fill("done"));
    for (const [index, rowId] of w.db.rowIds.entries()) {
      const topic = `Topic ${index + 1}`;
      const row = w.notion.rows(w.db.databaseId).find((candidate) => candidate.id === rowId)!;
      expect(row.properties.Generate, label).toMatchObject({ checkbox: false });
      const earlier = w.before.get(rowId)!;
      if (output === "body") {
        const answer = requestOutline(markdownToBlocks(bodyAnswer(topic)));
        expect(outline(w.notion.blockTree(rowId) as never), label).toEqual([...earlier.body, ...answer]);
      } else {
        const expected = answerToPropertyRichText(propertyAnswer(topic)).richText.map((item) => ("text" in item ? item.text.content : "")).join("");
        const summary = summaryOf(w.notion, w.db.databaseId, rowId) as { plain_text: string }[];
        expect(summary.map((item) => item.plain_text).join(""), label).toBe(expected);
      }
    }
    // Undo removes exactly what this run wrote (with a client that is never stopped).
    await undoRun(client(w.server, transport), final, connection(w, output));
    for (const rowId of w.db.rowIds) {
      const earlier = w.before.get(rowId)!;
      expect(outline(w.notion.blockTree(rowId) as never), `${label}, after Undo`).toEqual(earlier.body);
      expect(summaryOf(w.notion, w.db.databaseId, rowId), `${label}, after Undo`).toEqual(earlier.summary);
    }
  }

  for (const output of ["body", "property"] as const) {
    it(`${output} output: stopped at every boundary, each row ends exactly once and complete, and Undo removes exactly the run's writes`, async () => {
      const clean = await world(output);
      const { final, boundaries } = await runWithStop(clean, output, undefined);
      await expectExactlyOnceThenUndo(clean, output, final, "no stop");
      await clean.server.close();
      // Body: row 1 passes through several append requests, each journaled before the next.
      if (output === "body") expect(planAppends(markdownToBlocks(multiRequestAnswer("Topic 1"))).length).toBeGreaterThanOrEqual(4);
      for (let stopAt = 1; stopAt <= boundaries; stopAt++) {
        const w = await world(output);
        try {
          const { final: resumed } = await runWithStop(w, output, stopAt);
          await expectExactlyOnceThenUndo(w, output, resumed, `stopped after boundary ${stopAt} of ${boundaries}`);
        } finally {
          await w.server.close();
        }
      }
    }, 240_000);
  }
});

function summaryOf(notion: NotionEmulator, databaseId: string, rowId: string): unknown {
  const row = notion.rows(databaseId).find((candidate) => candidate.id === rowId)!;
  const summary = row.properties.Summary as unknown as { rich_text: unknown[] };
  return summary.rich_text;
}

/** Resolves (with undefined) once `condition()` holds. */
async function until(condition: () => boolean): Promise<undefined> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
  return undefined;
}
