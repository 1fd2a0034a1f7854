/**
 * Typed outputs, context, dry runs and "Write these" through the real run
 * (runDatabase) against the Notion and Gemini emulators: one answer fills a
 * row's body and its typed properties, read from {{Name}} and {{Page content}};
 * bad answers get one corrective retry, then fail the row with nothing of it
 * written; a refusal fails the row as a refusal; a dry run writes nothing and
 * "Write these" writes exactly what it previewed, without generating; and
 * stopped at every boundary, the typed run and "Write these" each end with
 * every row written exactly once, which Undo takes back exactly.
 */
import type { Client } from "@notionhq/client";
import { fakeBrowser } from "@webext-core/fake-browser";
import type { Storage } from "webextension-polyfill";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AiEngine } from "../../src/ai/engine";
import { GeminiEngine } from "../../src/ai/gemini";
import { RecordStore } from "../../src/background/connections/records";
import { runDatabase } from "../../src/background/runs/database-run";
import { previewWriteRows } from "../../src/background/runs/preview-write";
import { notionContextReaders } from "../../src/background/runs/context-readers";
import { previewSend } from "../../src/background/runs/send-preview";
import { undoRun } from "../../src/background/runs/undo";
import { InkwellError } from "../../src/core/errors";
import { canUndoRun } from "../../src/core/run-view";
import { bodyKeyFor } from "../../src/core/typed-output/row-answer";
import { defaultGenerationOptions, type Connection, type DatabaseSettings, type Run } from "../../src/shared/storage/schema";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { startedRun } from "../support/runs";
import { StopSwitch } from "../support/stoppable";
import { fastClient, outline, TOKEN } from "./helpers";

const PROPERTIES = ["Summary", "Tags", "Sentiment", "Score", "Due"];
const BODY_KEY = bodyKeyFor(PROPERTIES);
const text = (content: string) => [{ type: "text", text: { content } }];

/** The model's answer for a row: its notes (from {{Page content}}) echoed into the summary, so mix-ups show. */
function typedAnswer(topic: string, notes: string): string {
  return JSON.stringify({
    [BODY_KEY]: `## ${topic}\n\nArticle about ${topic}.\n\n- First point`,
    Summary: `Summary of ${topic}: ${notes}`,
    Tags: ["Alpha", "beta"],
    Sentiment: "Positive",
    Score: 7,
    Due: "2026-12-24",
  });
}

interface World {
  notion: NotionEmulator;
  server: Listening;
  db: { databaseId: string; dataSourceId: string; rowIds: string[] };
  area: Storage.StorageArea;
}

describe("typed outputs, context and dry runs against the emulators", () => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let w: World;

  beforeAll(async () => {
    gemini = new GeminiEmulator({ timing: { ttftMs: 1, tokensPerSecond: 200_000, tokensPerEvent: 400 } });
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.server.close());

  async function world(rows = 2): Promise<World> {
    fakeBrowser.reset();
    const notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    const server = await listenHttp(notion.handle);
    const home = notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = notion.createDatabase({
      parentPageId: home,
      title: "Reviews",
      description: "Product reviews written for customers.",
      properties: {
        Name: { title: {} },
        Generate: { checkbox: {} },
        Summary: { rich_text: {}, description: "One sentence, no jargon." },
        Tags: { multi_select: { options: [{ name: "Alpha" }, { name: "Beta" }, { name: "Gamma" }] } },
        Sentiment: { select: { options: [{ name: "Positive" }, { name: "Neutral" }, { name: "Negative" }] } },
        Score: { number: { format: "number" } },
        Due: { date: {} },
        "AI status": { select: { options: [{ name: "Done" }, { name: "Error" }] } },
      },
    });
    const rowIds = Array.from({ length: rows }, (_, i) =>
      notion.addRow(db.dataSourceId, { Name: `Topic ${i + 1}`, Generate: true, Summary: `Old summary ${i + 1}`, Tags: ["Gamma"], Score: i }, [{ paragraph: { rich_text: text(`Notes of topic ${i + 1}.`) } }]),
    );
    return { notion, server, db: { ...db, rowIds }, area: fakeBrowser.storage.local as never };
  }

  function client(base: typeof fetch = fetch): Client {
    return fastClient(w.server.url, base, { maxConcurrent: 8 });
  }

  function connection(database: Partial<DatabaseSettings> = {}): Connection & { database: DatabaseSettings } {
    return {
      id: "c1",
      name: "Reviews",
      kind: "database",
      url: `https://www.notion.so/${w.db.databaseId.replace(/-/g, "")}`,
      targetId: w.db.databaseId,
      targetTitle: "Reviews",
      prompt: "Review {{Name}} from these notes: {{Page content}}",
      options: defaultGenerationOptions(),
      context: { standingInstructions: true },
      createdAt: 0,
      updatedAt: 0,
      runIds: [],
      database: {
        dataSourceId: w.db.dataSourceId,
        selectionProperty: "Generate",
        output: { type: "body" },
        statusProperty: "AI status",
        typedProperties: PROPERTIES.map((property) => ({ property, ...(property === "Tags" ? { instruction: "1–3 of the existing options" } : {}) })),
        ...database,
      },
    };
  }

  function execute(run: Run, conn = connection(), area = w.area, base: typeof fetch = fetch, engine: AiEngine = new GeminiEngine({ apiKey: GEMINI_DEMO_KEY, baseUrl: aiServer.url })) {
    const records = new RecordStore(area);
    return runDatabase({
      run,
      connection: conn,
      client: client(base),
      engine,
      records,
      signal: new AbortController().signal,
      concurrency: 1,
      save: (next) => records.saveRun(next),
      prices: [{ model: "gemini-*", inputPerMillion: 1, outputPerMillion: 2 }],
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
    });
  }

  const row = (rowId: string) => w.notion.rows(w.db.databaseId).find((candidate) => candidate.id === rowId)!.properties as Record<string, unknown>;
  const plain = (value: unknown) => ((value as { rich_text: { plain_text: string }[] }).rich_text ?? []).map((item) => item.plain_text).join("");
  const snapshot = () => w.db.rowIds.map((rowId) => ({ body: outline(w.notion.blockTree(rowId) as never), properties: row(rowId) }));
  const writes = () => w.notion.requestLog().filter((entry) => entry.method === "PATCH" || entry.method === "DELETE" || (entry.method === "POST" && !entry.path.split("?")[0]!.endsWith("/query")));
  const answerFromNotes = () => gemini.answerWhen(/Review (Topic \d) from these notes: ([^\n]*)/, (request) => {
    const [, topic, notes] = /Review (Topic \d) from these notes: ([^\n]*)/.exec(request.prompt)!;
    return typedAnswer(topic!, notes!.trim());
  });

  function expectRowFilled(index: number) {
    const topic = `Topic ${index + 1}`;
    const rowId = w.db.rowIds[index]!;
    const properties = row(rowId);
    expect(plain(properties.Summary)).toBe(`Summary of ${topic}: Notes of topic ${index + 1}.`);
    expect(properties.Tags).toMatchObject({ multi_select: [{ name: "Alpha" }, { name: "Beta" }] });
    expect(properties.Sentiment).toMatchObject({ select: { name: "Positive" } });
    expect(properties.Score).toMatchObject({ number: 7 });
    expect(properties.Due).toMatchObject({ date: { start: "2026-12-24" } });
    expect(properties.Generate).toMatchObject({ checkbox: false });
    expect(properties["AI status"]).toMatchObject({ select: { name: "Done" } });
    expect(outline(w.notion.blockTree(rowId) as never)).toEqual([`paragraph:Notes of topic ${index + 1}.`, `heading_2:${topic}`, `paragraph:Article about ${topic}.`, "bulleted_list_item:First point"]);
  }

  it("fills the body and every typed property from one answer, with the row's content and the descriptions sent; Undo restores every previous value", async () => {
    answerFromNotes();
    const before = snapshot();
    const requestsBefore = gemini.requests.length;
    const final = await execute(startedRun({ id: "run-typed", targetId: w.db.databaseId }));
    expect(final.status).toBe("succeeded");
    expect(final.rows?.map((candidate) => candidate.state)).toEqual(["done", "done"]);
    expectRowFilled(0);
    expectRowFilled(1);
    const sent = gemini.requests.slice(requestsBefore).map((entry) => JSON.stringify(entry.body));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain("Notes of topic 1.");
    expect(sent[0]).toContain("Product reviews written for customers.");
    expect(sent[0]).toContain("One sentence, no jargon.");
    // The properties are written in one update per row (plus the schema read, queries and the body appends).
    const updates = w.notion.requestLog().filter((entry) => entry.method === "PATCH" && entry.path.startsWith("/v1/pages/"));
    expect(updates).toHaveLength(2);
    // Appended output keeps no record per row of what it wrote last (only "replace" needs one).
    expect(Object.keys(await w.area.get(null)).filter((key) => key.startsWith("placed:"))).toEqual([]);

    await undoRun(client(), final, connection());
    const after = snapshot();
    for (const [index, earlier] of before.entries()) {
      expect(after[index]!.body).toEqual(earlier.body);
      for (const name of PROPERTIES) expect(after[index]!.properties[name], name).toEqual(earlier.properties[name]);
    }
  });

  it("Undo leaves a value the user changed since the run, restores the rest, and says which it kept", async () => {
    answerFromNotes();
    const before = snapshot();
    const final = await execute(startedRun({ id: "run-typed-edited", targetId: w.db.databaseId }));
    expect(final.status).toBe("succeeded");
    const [first, second] = w.db.rowIds;
    await client().pages.update({ page_id: first!, properties: { Score: { number: 42 } } });

    const result = await undoRun(client(), final, connection());
    expect(result.kept).toEqual(["“Score” of “Topic 1”"]);
    // Three body blocks per row, and every typed value but the edited one.
    expect(result.removed).toBe(2 * 3 + PROPERTIES.length * 2 - 1);
    expect(row(first!).Score).toMatchObject({ number: 42 });
    for (const name of PROPERTIES.filter((candidate) => candidate !== "Score")) expect(row(first!)[name], name).toEqual(before[0]!.properties[name]);
    for (const name of PROPERTIES) expect(row(second!)[name], name).toEqual(before[1]!.properties[name]);
  });

  it("a row whose properties update went unanswered fails, and Undo puts back its values only where the update landed", async () => {
    answerFromNotes();
    const before = snapshot();
    const [landed, lost] = w.db.rowIds;
    // Every answer to the typed update is a 503, so its outcome is unknown: for the first row it reached Notion, for the second it didn't.
    const unavailable = () => new Response(JSON.stringify({ object: "error", status: 503, code: "service_unavailable", message: "Notion is unavailable." }), { status: 503, headers: { "content-type": "application/json" } });
    const dropping: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const typedUpdate = init?.method === "PATCH" && typeof init.body === "string" && init.body.includes('"Score"');
      if (typedUpdate && url.includes(lost!)) return unavailable();
      const response = await fetch(input, init);
      return typedUpdate && url.includes(landed!) ? unavailable() : response;
    };
    const final = await execute(startedRun({ id: "run-typed-unanswered", targetId: w.db.databaseId }), connection(), w.area, dropping);
    expect(final.rows?.map((candidate) => candidate.state)).toEqual(["failed", "failed"]);
    expect(row(landed!).Score).toMatchObject({ number: 7 });
    expect(row(lost!).Score).toEqual(before[1]!.properties.Score);
    expect(canUndoRun(final)).toBe(true);

    const updatesOfLost = () => w.notion.requestLog().filter((entry) => entry.method === "PATCH" && entry.path.replace(/-/g, "").startsWith(`/v1/pages/${lost!.replace(/-/g, "")}`)).length;
    const updatesBefore = updatesOfLost();
    expect(updatesBefore).toBeGreaterThan(0); // the row's error status was set
    await undoRun(client(), final, connection());
    for (const [index, earlier] of before.entries()) {
      expect(snapshot()[index]!.body).toEqual(earlier.body);
      for (const name of PROPERTIES) expect(snapshot()[index]!.properties[name], name).toEqual(earlier.properties[name]);
    }
    // The row the update never reached got no update from Undo either.
    expect(updatesOfLost()).toBe(updatesBefore);
  });

  it("the preview of the first ticked row is exactly what the run sends for it: system instruction, prompt with the row's content, schema", async () => {
    answerFromNotes();
    const preview = await previewSend(client(), connection(), notionContextReaders, new Date());
    expect(preview.rowTitle).toBe("Topic 1");
    expect(preview.included).toMatchObject({ source: "row", text: "Notes of topic 1.", chars: 17, truncated: false });
    const requestsBefore = gemini.requests.length;
    await execute(startedRun({ id: "run-preview", targetId: w.db.databaseId, rowLimit: 1 }));
    const body = gemini.requests[requestsBefore]!.body as { systemInstruction: { parts: { text: string }[] }; contents: { parts: { text: string }[] }[]; generationConfig: { responseJsonSchema?: unknown } };
    expect(body.systemInstruction.parts.map((part) => part.text).join("")).toBe(preview.systemInstruction);
    expect(body.contents.at(-1)!.parts.map((part) => part.text).join("")).toBe(preview.prompt);
    expect(body.generationConfig.responseJsonSchema).toEqual(preview.outputSchema);
  });

  it("an answer that breaks the schema gets one corrective retry, and the corrected answer is written", async () => {
    answerFromNotes();
    gemini.scriptAnswer(JSON.stringify({ [BODY_KEY]: "Body", Summary: "S", Tags: ["Unknown"], Sentiment: "Positive", Score: 1, Due: "2026-02-30" }));
    const requestsBefore = gemini.requests.length;
    const final = await execute(startedRun({ id: "run-retry", targetId: w.db.databaseId, rowLimit: 1 }));
    expect(final.rows?.[0]).toMatchObject({ state: "done", retried: true });
    expectRowFilled(0);
    const retry = JSON.stringify(gemini.requests.slice(requestsBefore)[1]!.body);
    expect(retry).toContain("Your previous answer could not be used");
    expect(retry).toContain("Unknown");
  });

  it("an answer still invalid after the retry fails the row with its reasons, and nothing of the row is written", async () => {
    const bad = JSON.stringify({ [BODY_KEY]: "Body", Summary: "S", Tags: ["Unknown"], Sentiment: "Positive", Score: 1, Due: "2026-12-01" });
    gemini.scriptAnswer(bad).scriptAnswer(bad);
    const before = snapshot();
    const final = await execute(startedRun({ id: "run-bad", targetId: w.db.databaseId, rowLimit: 1 }));
    expect(final.status).toBe("partial");
    expect(final.rows?.[0]?.state).toBe("failed");
    expect(final.rows?.[0]?.reason).toMatch(/even after one corrective retry.*“Tags” is "Unknown"/);
    const after = snapshot()[0]!;
    expect(after.body).toEqual(before[0]!.body);
    for (const name of [...PROPERTIES, "Generate"]) expect(after.properties[name], name).toEqual(before[0]!.properties[name]);
    expect(after.properties["AI status"]).toMatchObject({ select: { name: "Error" } });
  });

  it("a refusal fails the row as a refusal, nothing of it written", async () => {
    gemini.scriptRefusal("I can't review this product.");
    const before = snapshot();
    const final = await execute(startedRun({ id: "run-refused", targetId: w.db.databaseId, rowLimit: 1 }));
    expect(final.rows?.[0]).toMatchObject({ state: "failed", refused: true });
    expect(snapshot()[0]!.body).toEqual(before[0]!.body);
    expect(snapshot()[0]!.properties.Summary).toEqual(before[0]!.properties.Summary);
  });

  it("a refusal of the corrective retry fails the row as a refusal, and the first answer's tokens still count", async () => {
    gemini.scriptAnswer(JSON.stringify({ [BODY_KEY]: "Body", Summary: "S", Tags: ["Unknown"], Sentiment: "Positive", Score: 1, Due: "2026-12-01" })).scriptRefusal("I can't review this product.");
    const before = snapshot();
    const final = await execute(startedRun({ id: "run-refused-retry", targetId: w.db.databaseId, rowLimit: 1 }));
    expect(final.rows?.[0]).toMatchObject({ state: "failed", refused: true });
    expect(snapshot()[0]!.body).toEqual(before[0]!.body);
    expect(final.inputTokens).toBeGreaterThan(0);
    expect(final.outputTokens).toBeGreaterThan(0);
  });

  it("an engine that can't give structured output stops the whole run at the first row, saying so; every row stays ticked", async () => {
    let asked = 0;
    const unsupported: AiEngine = {
      id: "compatible",
      listModels: async () => [],
      // eslint-disable-next-line require-yield
      stream: async function* () {
        asked++;
        throw new InkwellError("ai_unsupported", "This server can't constrain its answer to a JSON schema.");
      },
    };
    const before = snapshot();
    const final = await execute(startedRun({ id: "run-unsupported", targetId: w.db.databaseId }), connection(), w.area, fetch, unsupported);
    expect(asked).toBe(1);
    expect(final.status).toBe("failed");
    expect(final.error).toMatchObject({ code: "ai_unsupported", message: "This server can't constrain its answer to a JSON schema." });
    expect(final.rows?.map((candidate) => candidate.state)).toEqual(["failed", "failed"]);
    expect(final.rows?.[1]?.reason).toBe("Not run: This server can't constrain its answer to a JSON schema.");
    expect(snapshot().map((candidate) => candidate.properties.Generate)).toEqual(before.map((candidate) => candidate.properties.Generate));
    expect(snapshot().map((candidate) => candidate.body)).toEqual(before.map((candidate) => candidate.body));
  });

  it("a dry run writes nothing and previews each row; Write these writes exactly the previews without generating", async () => {
    answerFromNotes();
    const before = snapshot();
    const dry = await execute(startedRun({ id: "run-dry", targetId: w.db.databaseId, rowLimit: 3, mode: "dry" }));
    expect(dry.status).toBe("succeeded");
    expect(writes()).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(dry.rows?.map((candidate) => candidate.state)).toEqual(["previewed", "previewed"]);
    expect(dry.rows?.[0]?.preview).toEqual({
      body: { excerpt: "## Topic 1\n\nArticle about Topic 1.\n\n- First point", chars: "## Topic 1\n\nArticle about Topic 1.\n\n- First point".length },
      properties: [
        { name: "Summary", type: "rich_text", display: "Summary of Topic 1: Notes of topic 1." },
        { name: "Tags", type: "multi_select", display: "Alpha, Beta" },
        { name: "Sentiment", type: "select", display: "Positive" },
        { name: "Score", type: "number", display: "7" },
        { name: "Due", type: "date", display: "2026-12-24" },
      ],
      newOptions: [],
    });
    const tokens = dry.rows!.reduce((sum, candidate) => sum + (candidate.inputTokens ?? 0), 0);
    expect(dry.estimate).toMatchObject({ rows: 2, rowsIsLowerBound: false, inputTokens: tokens });
    expect(dry.estimate?.cost).toBeGreaterThan(0);

    const generations = gemini.requests.length;
    const rows = await previewWriteRows(new RecordStore(w.area), dry);
    const written = await execute(startedRun({ id: "run-write", targetId: w.db.databaseId, rows, previewOf: dry.id }));
    expect(written.status).toBe("succeeded");
    expect(gemini.requests.length).toBe(generations);
    expectRowFilled(0);
    expectRowFilled(1);
  });

  it("Write these after an option the previews use was removed: the rows fail naming it, nothing of them is written, and the option isn't created again", async () => {
    answerFromNotes();
    const dry = await execute(startedRun({ id: "run-dry", targetId: w.db.databaseId, rowLimit: 3, mode: "dry" }));
    expect(dry.rows?.map((candidate) => candidate.state)).toEqual(["previewed", "previewed"]);
    await client().dataSources.update({ data_source_id: w.db.dataSourceId, properties: { Tags: { multi_select: { options: [{ name: "Alpha" }, { name: "Gamma" }] } } } as never });
    const before = snapshot();
    const rows = await previewWriteRows(new RecordStore(w.area), dry);
    const written = await execute(startedRun({ id: "run-write", targetId: w.db.databaseId, rows, previewOf: dry.id }));
    expect(written.rows?.map((candidate) => candidate.state)).toEqual(["failed", "failed"]);
    expect(written.rows?.[0]?.reason).toMatch(/Nothing of this row was written: “Tags” no longer has the option “Beta”/);
    const after = snapshot();
    for (const [index, earlier] of before.entries()) {
      expect(after[index]!.body).toEqual(earlier.body);
      for (const name of PROPERTIES) expect(after[index]!.properties[name], name).toEqual(earlier.properties[name]);
    }
    const tags = (await client().dataSources.retrieve({ data_source_id: w.db.dataSourceId })).properties.Tags as { multi_select: { options: { name: string }[] } };
    expect(tags.multi_select.options.map((option) => option.name)).toEqual(["Alpha", "Gamma"]);
  });

  it("Write these after the connection stopped filling typed properties: the rows fail saying so, and the stored answers are not written as text", async () => {
    answerFromNotes();
    const dry = await execute(startedRun({ id: "run-dry", targetId: w.db.databaseId, rowLimit: 3, mode: "dry" }));
    const before = snapshot();
    const rows = await previewWriteRows(new RecordStore(w.area), dry);
    const written = await execute(startedRun({ id: "run-write", targetId: w.db.databaseId, rows, previewOf: dry.id }), connection({ typedProperties: [] }));
    expect(written.rows?.map((candidate) => candidate.state)).toEqual(["failed", "failed"]);
    expect(written.rows?.[0]?.reason).toMatch(/outputs changed since this answer was generated/);
    expect(snapshot().map((candidate) => candidate.body)).toEqual(before.map((candidate) => candidate.body));
  });

  it("row bodies with replace: a second run swaps each row's previous output for its new one, and Undo brings the previous one back", async () => {
    let version = 0;
    gemini.answerWhen(/^Write about (Topic \d)/, (request) => `## Version ${++version} of ${/^Write about (Topic \d)/.exec(request.prompt)![1]}`);
    const replacing = { ...connection({ typedProperties: [] }), prompt: "Write about {{Name}}", placement: "replace" as const, context: {} };
    const notes = (index: number) => `paragraph:Notes of topic ${index + 1}.`;
    await execute(startedRun({ id: "run-a", targetId: w.db.databaseId }), replacing);
    expect(w.db.rowIds.map((rowId) => outline(w.notion.blockTree(rowId) as never))).toEqual([
      [notes(0), "heading_2:Version 1 of Topic 1"],
      [notes(1), "heading_2:Version 2 of Topic 2"],
    ]);
    for (const rowId of w.db.rowIds) await client().pages.update({ page_id: rowId, properties: { Generate: { checkbox: true } } });
    const second = await execute(startedRun({ id: "run-b", targetId: w.db.databaseId }), replacing);
    expect(second.status).toBe("succeeded");
    expect(w.db.rowIds.map((rowId) => outline(w.notion.blockTree(rowId) as never))).toEqual([
      [notes(0), "heading_2:Version 3 of Topic 1"],
      [notes(1), "heading_2:Version 4 of Topic 2"],
    ]);
    await undoRun(client(), second, replacing);
    expect(w.db.rowIds.map((rowId) => outline(w.notion.blockTree(rowId) as never))).toEqual([
      [notes(0), "heading_2:Version 1 of Topic 1"],
      [notes(1), "heading_2:Version 2 of Topic 2"],
    ]);
  });

  describe("stopped at every boundary", () => {
    /** Runs until `stopAt` boundaries passed, then resumes with a new runner over the same storage and emulator. */
    async function runWithStop(start: Run, stopAt: number | undefined, conn = connection()): Promise<{ final: Run; boundaries: number }> {
      const first = new StopSwitch();
      if (stopAt !== undefined) first.stopAt(stopAt);
      await w.area.set({ [`run:${start.id}`]: start });
      const outcome = await Promise.race([execute(start, conn, first.storage(w.area), first.fetch(fetch)), until(() => first.stopped)]);
      if (outcome !== undefined) return { final: outcome, boundaries: first.boundaries };
      const stored = (await w.area.get(`run:${start.id}`))[`run:${start.id}`] as Run;
      return { final: await execute(stored, conn), boundaries: first.boundaries };
    }

    async function expectOnceThenUndo(final: Run, before: ReturnType<typeof snapshot>, label: string) {
      expect(final.status, label).toBe("succeeded");
      expect(final.rows?.map((candidate) => candidate.state), label).toEqual(["done", "done"]);
      expectRowFilled(0);
      expectRowFilled(1);
      await undoRun(client(), final, connection());
      const after = snapshot();
      for (const [index, earlier] of before.entries()) {
        expect(after[index]!.body, label).toEqual(earlier.body);
        for (const name of PROPERTIES) expect(after[index]!.properties[name], `${label}: ${name}`).toEqual(earlier.properties[name]);
      }
    }

    it("typed + body output: each row is written exactly once and Undo restores it exactly", async () => {
      answerFromNotes();
      const clean = snapshot();
      const { final, boundaries } = await runWithStop(startedRun({ id: "run-1", targetId: w.db.databaseId }), undefined);
      await expectOnceThenUndo(final, clean, "no stop");
      for (let stopAt = 1; stopAt <= boundaries; stopAt++) {
        await w.server.close();
        w = await world();
        const before = snapshot();
        const { final: resumed } = await runWithStop(startedRun({ id: "run-1", targetId: w.db.databaseId }), stopAt);
        await expectOnceThenUndo(resumed, before, `stopped after boundary ${stopAt} of ${boundaries}`);
      }
    }, 240_000);

    it("row bodies with replace: whatever boundary a replacing run stopped at, the next replace leaves exactly one output per row", async () => {
      let version = 0;
      gemini.answerWhen(/^Rewrite (Topic \d)/, (request) => `## Version ${++version} of ${/^Rewrite (Topic \d)/.exec(request.prompt)![1]}`);
      const replacing = () => ({ ...connection({ typedProperties: [] }), prompt: "Rewrite {{Name}}", placement: "replace" as const, context: {} });
      const tickAll = async () => {
        for (const rowId of w.db.rowIds) await client().pages.update({ page_id: rowId, properties: { Generate: { checkbox: true } } });
      };
      const bodies = () => w.db.rowIds.map((rowId) => outline(w.notion.blockTree(rowId) as never));
      const replaceStoppedAt = async (stopAt: number | undefined) => {
        await execute(startedRun({ id: "run-a", targetId: w.db.databaseId }), replacing());
        await tickAll();
        return runWithStop(startedRun({ id: "run-b", targetId: w.db.databaseId }), stopAt, replacing());
      };
      const { boundaries } = await replaceStoppedAt(undefined);
      for (let stopAt = 1; stopAt <= boundaries; stopAt++) {
        await w.server.close();
        w = await world();
        const { final } = await replaceStoppedAt(stopAt);
        expect(final.status, `stopped after boundary ${stopAt}`).toBe("succeeded");
        await tickAll();
        const third = await execute(startedRun({ id: "run-c", targetId: w.db.databaseId }), replacing());
        expect(third.status).toBe("succeeded");
        const last = version;
        expect(bodies(), `stopped after boundary ${stopAt} of ${boundaries}`).toEqual([
          ["paragraph:Notes of topic 1.", `heading_2:Version ${last - 1} of Topic 1`],
          ["paragraph:Notes of topic 2.", `heading_2:Version ${last} of Topic 2`],
        ]);
      }
    }, 240_000);

    it("a dry run stopped at any boundary and resumed never writes to Notion, and ends with every row previewed", async () => {
      answerFromNotes();
      const { boundaries } = await runWithStop(startedRun({ id: "run-dry", targetId: w.db.databaseId, rowLimit: 3, mode: "dry" }), undefined);
      for (let stopAt = 1; stopAt <= boundaries; stopAt++) {
        await w.server.close();
        w = await world();
        const before = snapshot();
        const { final } = await runWithStop(startedRun({ id: "run-dry", targetId: w.db.databaseId, rowLimit: 3, mode: "dry" }), stopAt);
        const label = `stopped after boundary ${stopAt} of ${boundaries}`;
        expect(writes(), label).toEqual([]);
        expect(snapshot(), label).toEqual(before);
        expect(final.rows?.map((candidate) => candidate.state), label).toEqual(["previewed", "previewed"]);
      }
    }, 120_000);

    it("Write these: each previewed row is written exactly once, never generated again", async () => {
      answerFromNotes();
      const prepare = async () => {
        const dry = await execute(startedRun({ id: "run-dry", targetId: w.db.databaseId, rowLimit: 3, mode: "dry" }));
        return startedRun({ id: "run-write", targetId: w.db.databaseId, rows: await previewWriteRows(new RecordStore(w.area), dry), previewOf: dry.id });
      };
      const first = await prepare();
      const clean = snapshot();
      const { final, boundaries } = await runWithStop(first, undefined);
      await expectOnceThenUndo(final, clean, "no stop");
      for (let stopAt = 1; stopAt <= boundaries; stopAt++) {
        await w.server.close();
        w = await world();
        const start = await prepare();
        const before = snapshot();
        const generations = gemini.requests.length;
        const { final: resumed } = await runWithStop(start, stopAt);
        expect(gemini.requests.length).toBe(generations);
        await expectOnceThenUndo(resumed, before, `stopped after boundary ${stopAt} of ${boundaries}`);
      }
    }, 240_000);
  });
});

/** Resolves (with undefined) once `condition()` holds. */
async function until(condition: () => boolean): Promise<undefined> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
  return undefined;
}
