/**
 * The gateway's context reads and typed writes against the Notion emulator, through the scheduler as
 * the extension wires it:
 * - readPageContent: Notion's page-markdown endpoint translated for a prompt, capped; the blocks
 *   fallback when the endpoint is refused gives the same content;
 * - readStandingInstructions: database and property descriptions;
 * - writeTypedProperties / restoreProperties: one update, previous values saved first, a stop between
 *   the save and the update (or after the update) resumed without losing the original values.
 */
import { afterEach, describe, expect, it } from "vitest";
import { InkwellError } from "../../src/core/errors";
import type { RestorePatch } from "../../src/core/property-restore";
import { readPageContent } from "../../src/notion/page-content";
import { readStandingInstructions } from "../../src/notion/standing-instructions";
import { restoreProperties, writeTypedProperties } from "../../src/notion/typed-properties";
import type { NotionEmulatorOptions } from "../sandbox/notion/emulator";
import { notionUnderTest, TOKEN, type NotionUnderTest } from "./helpers";

let env: NotionUnderTest;
afterEach(async () => env?.close());

const start = async (options: NotionEmulatorOptions = {}) => (env = await notionUnderTest({ rateLimit: false, ...options }));
const text = (content: string) => [{ type: "text", text: { content } }];
const notes = [
  { heading_2: { rich_text: text("Meeting") } },
  "Decisions were made.",
  { bulleted_list_item: { rich_text: text("Ship it"), children: [{ to_do: { rich_text: text("Write the post"), checked: false } }] } },
  { callout: { rich_text: text("Budget is tight"), icon: { type: "emoji", emoji: "💰" } } },
];

describe("readPageContent", () => {
  it("reads a row's body through the markdown endpoint, translated for a prompt", async () => {
    await start();
    const page = env.notion.createPage({ title: "Notes", sharedWith: [TOKEN], blocks: notes });
    const content = await readPageContent(env.client, page, { maxChars: 10_000 });
    expect(content).toMatchObject({ source: "markdown", truncated: false, incomplete: false });
    expect(content.markdown).toBe("## Meeting\nDecisions were made.\n- Ship it\n\t- [ ] Write the post\n> 💰 Budget is tight");
    expect(content.chars).toBe(content.markdown.length);
    expect(content.estimatedTokens).toBeGreaterThan(0);
  });

  it("falls back to the blocks when the endpoint is refused, with the same text", async () => {
    await start({ markdownEndpoint: false });
    const page = env.notion.createPage({ title: "Notes", sharedWith: [TOKEN], blocks: notes });
    const content = await readPageContent(env.client, page, { maxChars: 10_000 });
    expect(content.source).toBe("blocks");
    expect(content.markdown).toContain("## Meeting");
    expect(content.markdown).toContain("Write the post");
    expect(content.markdown).toContain("Budget is tight");
    expect(env.notion.requestLog().some((entry) => entry.path.endsWith("/markdown") && entry.status === 400)).toBe(true);
  });

  it.each([true, false])("cuts a long body at a line or block boundary and says so (markdown endpoint: %s)", async (endpoint) => {
    await start({ markdownEndpoint: endpoint });
    const lines = Array.from({ length: 300 }, (_, i) => `Line number ${i + 1} of a long page.`);
    const page = env.notion.createPage({ title: "Long", sharedWith: [TOKEN], blocks: lines });
    const content = await readPageContent(env.client, page, { maxChars: 500 });
    expect(content.truncated).toBe(true);
    expect(content.chars).toBeLessThanOrEqual(500);
    expect(content.markdown.startsWith("Line number 1 of a long page.")).toBe(true);
    expect(content.markdown).toMatch(/page\.$/);
  });

  it("the blocks fallback reads only as much nested content as the budget needs (one request per toggle, not per page)", async () => {
    await start({ markdownEndpoint: false });
    const toggle = (n: number) => ({ toggle: { rich_text: text(`Section ${n}`), children: Array.from({ length: 5 }, (_, i) => ({ paragraph: { rich_text: text(`Section ${n}, paragraph ${i + 1} with some words in it.`) } })) } });
    const page = env.notion.createPage({ title: "Nested", sharedWith: [TOKEN], blocks: Array.from({ length: 60 }, (_, i) => toggle(i + 1)) });
    env.notion.clearRequestLog();
    const content = await readPageContent(env.client, page, { maxChars: 600 });
    expect(content.truncated).toBe(true);
    expect(content.markdown).toContain("Section 1, paragraph 5");
    const listings = env.notion.requestLog().filter((entry) => entry.method === "GET" && /\/children/.test(entry.path));
    // The page's blocks, then toggles' children only until the Markdown passes 600 characters (61 without the budget).
    expect(listings.length).toBeLessThanOrEqual(6);
  });

  it("reports content Notion left out (past its record limit) as incomplete", async () => {
    await start({ markdownRecordLimit: 5 });
    const page = env.notion.createPage({ title: "Big", sharedWith: [TOKEN], blocks: ["1", "2", "3", "4", "5", "6", "7"] });
    const content = await readPageContent(env.client, page, { maxChars: 10_000 });
    expect(content).toMatchObject({ markdown: "1\n2\n3\n4\n5", truncated: true, incomplete: true });
  });

  it("a page the token can't see is a not-shared error, not a fallback", async () => {
    await start();
    const page = env.notion.createPage({ title: "Private", blocks: ["secret"] });
    const failure = await readPageContent(env.client, page, { maxChars: 100 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InkwellError);
    expect((failure as InkwellError).code).toBe("notion_not_shared");
  });
});

describe("readStandingInstructions", () => {
  it("reads the database's description and the descriptions of the properties asked for", async () => {
    await start();
    const db = env.notion.createDatabase({
      title: "Articles",
      description: "Blog articles, British English.",
      sharedWith: [TOKEN],
      properties: { Name: { title: {} }, Tags: { multi_select: {}, description: "1–3 topics" }, Score: { number: {}, description: "0 to 10" } },
    });
    const instructions = await readStandingInstructions(env.client, { databaseId: db.databaseId, dataSourceId: db.dataSourceId, propertyNames: ["Tags", "Name"] });
    expect(instructions).toEqual({ database: "Blog articles, British English.", properties: [{ name: "Tags", description: "1–3 topics" }] });
  });
});

describe("writeTypedProperties", () => {
  const database = () =>
    env.notion.createDatabase({
      title: "Typed",
      sharedWith: [TOKEN],
      properties: {
        Name: { title: {} },
        Tags: { multi_select: { options: [{ name: "news" }] } },
        Sentiment: { select: { options: [{ name: "positive" }, { name: "negative" }] } },
        Score: { number: {} },
        Due: { date: {} },
        Status: { status: {} },
      },
      rows: [{ Name: "Row", Tags: ["news"], Sentiment: "negative", Score: 2, Due: { date: { start: "2026-01-05", end: "2026-01-06" } } }],
    });
  const read = async (rowId: string) => (await env.client.pages.retrieve({ page_id: rowId })) as unknown as { properties: Record<string, Record<string, unknown>> };

  it("writes every value in one update after saving the previous ones; Undo restores them exactly", async () => {
    await start();
    const db = database();
    const row = db.rowIds[0]!;
    const before = await read(row);
    let saved: Record<string, RestorePatch> | undefined;
    const result = await writeTypedProperties(
      env.client,
      row,
      { Tags: { multi_select: [{ name: "science" }] }, Sentiment: { select: { name: "positive" } }, Score: { number: 9 }, Due: { date: { start: "2026-12-24" } } },
      { savePrevious: async (previous) => void (saved = previous), also: { Status: { status: { name: "Done" } } } },
    );
    expect(saved).toEqual(result.previous);
    expect(env.notion.requestLog().filter((entry) => entry.method === "PATCH")).toHaveLength(1);
    const after = await read(row);
    expect(after.properties.Tags!.multi_select).toEqual([expect.objectContaining({ name: "science" })]);
    expect(after.properties.Score!.number).toBe(9);
    expect(after.properties.Status!.status).toMatchObject({ name: "Done" });

    await restoreProperties(env.client, row, saved!);
    const restored = await read(row);
    for (const name of ["Tags", "Sentiment", "Score", "Due"]) expect(restored.properties[name]).toEqual(before.properties[name]);
  });

  it("Undo given what was written leaves a property the user edited since as the user left it, and restores the rest", async () => {
    await start();
    const row = database().rowIds[0]!;
    const before = await read(row);
    const patches = { Score: { number: 9 }, Sentiment: { select: { name: "positive" } } };
    const { previous } = await writeTypedProperties(env.client, row, patches, { savePrevious: async () => {} });
    await env.client.pages.update({ page_id: row, properties: { Score: { number: 7 } } });
    expect(await restoreProperties(env.client, row, previous, patches)).toEqual({ restored: ["Sentiment"], kept: ["Score"] });
    const after = await read(row);
    expect(after.properties.Score!.number).toBe(7);
    expect(after.properties.Sentiment).toEqual(before.properties.Sentiment);
  });

  it("a write Notion refuses changes nothing (all or nothing), though the previous values were saved", async () => {
    await start();
    const db = database();
    const row = db.rowIds[0]!;
    const before = await read(row);
    const failure = await writeTypedProperties(env.client, row, { Score: { number: 1 }, Status: { status: { name: "Shipped" } } } as never, { savePrevious: async () => {} }).catch((error: unknown) => error);
    expect((failure as InkwellError).code).toBe("notion_validation");
    expect(await read(row)).toEqual(before);
  });

  it("resumed after a stop (the update landed, its answer lost), it does not read its own output as the previous values", async () => {
    await start();
    const db = database();
    const row = db.rowIds[0]!;
    const before = await read(row);
    let saved: Record<string, RestorePatch> | undefined;
    // The first attempt: previous values saved, then the update lands but the worker stops before its answer.
    env.notion.injectFault({ kind: "drop", timing: "after", method: "PATCH", path: "/v1/pages/", times: 3 });
    await writeTypedProperties(env.client, row, { Score: { number: 5 } }, { savePrevious: async (previous) => void (saved = previous) }).catch(() => undefined);
    env.notion.faults.clear();
    expect((await read(row)).properties.Score!.number).toBe(5);
    // The resumed attempt is given the saved values and writes again (the same values: no change).
    const result = await writeTypedProperties(env.client, row, { Score: { number: 5 } }, { previous: saved!, savePrevious: async () => expect.fail("must not read and save again") });
    expect(result.previous).toEqual({ Score: { number: 2 } });
    await restoreProperties(env.client, row, result.previous);
    expect((await read(row)).properties.Score).toEqual(before.properties.Score);
  });

  it("resumed after the update landed and the user then edited the row, it does not overwrite the edit", async () => {
    await start();
    const row = database().rowIds[0]!;
    let saved: Record<string, RestorePatch> | undefined;
    env.notion.injectFault({ kind: "drop", timing: "after", method: "PATCH", path: "/v1/pages/", times: 3 });
    const patches = { Score: { number: 5 }, Sentiment: { select: { name: "positive" } } };
    await writeTypedProperties(env.client, row, patches, { savePrevious: async (previous) => void (saved = previous), also: { Status: { status: { name: "Done" } } } }).catch(() => undefined);
    env.notion.faults.clear();
    // The user changes the score by hand (and the status back) before the worker resumes.
    await env.client.pages.update({ page_id: row, properties: { Score: { number: 7 }, Status: { status: { name: "Not started" } } } });
    env.notion.clearRequestLog();
    const resumed = await writeTypedProperties(env.client, row, patches, { previous: saved!, savePrevious: async () => {}, also: { Status: { status: { name: "Done" } } } }).catch((error: unknown) => error);
    expect((resumed as InkwellError).code).toBe("notion_conflict");
    expect(env.notion.requestLog().filter((entry) => entry.method === "PATCH")).toHaveLength(0);
    const now = await read(row);
    expect(now.properties.Score!.number).toBe(7);
    expect(now.properties.Status!.status).toMatchObject({ name: "Not started" });
  });

  it("resumed after the update landed (nothing edited since), it sends nothing again; resumed before it landed, it writes", async () => {
    await start();
    const [landed, notLanded] = [database().rowIds[0], database().rowIds[0]];
    const patches = { Score: { number: 5 }, Tags: { multi_select: [{ name: "b" }, { name: "a" }] } };
    let saved: Record<string, RestorePatch> | undefined;
    env.notion.injectFault({ kind: "drop", timing: "after", method: "PATCH", path: "/v1/pages/", times: 3 });
    await writeTypedProperties(env.client, landed!, patches, { savePrevious: async (previous) => void (saved = previous) }).catch(() => undefined);
    env.notion.faults.clear();
    env.notion.clearRequestLog();
    await writeTypedProperties(env.client, landed!, patches, { previous: saved!, savePrevious: async () => {} });
    expect(env.notion.requestLog().filter((entry) => entry.method === "PATCH")).toHaveLength(0);

    const untouched = await read(notLanded!);
    const previous = { Score: { number: untouched.properties.Score!.number as number }, Tags: { multi_select: (untouched.properties.Tags!.multi_select as { name: string }[]).map(({ name }) => ({ name })) } };
    await writeTypedProperties(env.client, notLanded!, patches, { previous, savePrevious: async () => {} });
    const written = await read(notLanded!);
    expect(written.properties.Score!.number).toBe(5);
    expect((written.properties.Tags!.multi_select as { name: string }[]).map(({ name }) => name)).toEqual(["b", "a"]);
  });
});
