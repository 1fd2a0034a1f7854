/**
 * Contract: what reading context and writing typed values relies on, driven by the official SDK.
 * - GET /v1/pages/:id/markdown (pages.retrieveMarkdown): enhanced markdown, `truncated`, `unknown_block_ids`;
 * - database and property descriptions (standing instructions);
 * - restoring a trashed block (PATCH in_trash: false) puts it back where it was;
 * - typed property writes: unknown select / multi_select options are created, an unknown status is refused,
 *   and a failing update changes nothing.
 */
import { APIResponseError, type BlockObjectRequest, type Client } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { blockText, paragraph, startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
let client: Client;
beforeAll(async () => {
  h = await startNotion({ markdownRecordLimit: 50 });
  client = h.client();
});
afterAll(() => h.close());

const text = (content: string, annotations: Record<string, unknown> = {}) => ({ type: "text" as const, text: { content }, annotations });

describe("pages.retrieveMarkdown", () => {
  test("renders blocks as enhanced markdown: tabs for children, details toggles, fenced callouts, escapes", async () => {
    const page = h.notion.createPage({
      title: "Notes",
      sharedWith: [h.token],
      blocks: [
        { heading_2: { rich_text: [text("Plan")] } },
        { paragraph: { rich_text: [text("Bold", { bold: true }), text(" and 2*3 ")] } },
        { bulleted_list_item: { rich_text: [text("Parent")], children: [{ to_do: { rich_text: [text("Child")], checked: true } }] } },
        { toggle: { rich_text: [text("More")], children: [paragraph("Hidden")] } },
        { callout: { rich_text: [text("Careful")], icon: { type: "emoji", emoji: "⚠️" } } },
        { code: { rich_text: [text("let a = 1;")], language: "javascript" } },
        { paragraph: { rich_text: [] } },
        { bookmark: { url: "https://example.com/" } },
      ],
    });
    const answer = await client.pages.retrieveMarkdown({ page_id: page });
    expect(answer).toMatchObject({ object: "page_markdown", truncated: false, unknown_block_ids: [] });
    expect(answer.markdown.split("\n")).toEqual([
      "## Plan",
      "**Bold** and 2\\*3 ",
      "- Parent",
      "\t- [x] Child",
      "<details>",
      "<summary>More</summary>",
      "\tHidden",
      "</details>",
      '::: callout {icon="⚠️"}',
      "Careful",
      ":::",
      "```javascript",
      "let a = 1;",
      "```",
      "<empty-block/>",
      '<unknown url="https://example.com/" alt="bookmark"/>',
    ]);
  });

  test("past the record limit, the rest is <unknown> with its ids, and those ids can be fetched again", async () => {
    const blocks = Array.from({ length: 60 }, (_, i) => `Line ${i + 1}`);
    const page = h.notion.createPage({ title: "Long", sharedWith: [h.token], blocks });
    const answer = await client.pages.retrieveMarkdown({ page_id: page });
    expect(answer.truncated).toBe(true);
    expect(answer.unknown_block_ids).toHaveLength(10);
    expect(answer.markdown.split("\n").slice(48, 51)).toEqual(["Line 49", "Line 50", expect.stringMatching(/^<unknown url="[^"]+" alt="paragraph"\/>$/)]);
    const again = await client.pages.retrieveMarkdown({ page_id: answer.unknown_block_ids[0]! });
    expect(again).toMatchObject({ truncated: false, markdown: "" });
  });

  test("a child page the integration can't see is <unknown> and listed; an unshared page is a 404", async () => {
    const parent = h.notion.createPage({ title: "Parent", blocks: ["Intro"] });
    h.notion.share(parent, h.token);
    const visibleChild = h.notion.createPage({ title: "Seen", parentPageId: parent });
    const answer = await client.pages.retrieveMarkdown({ page_id: parent });
    expect(answer.markdown).toBe(`Intro\n<page url="https://www.notion.so/${visibleChild.replace(/-/g, "")}">Seen</page>`);
    const hidden = h.notion.createPage({ title: "Hidden" });
    await expect(client.pages.retrieveMarkdown({ page_id: hidden })).rejects.toMatchObject({ status: 404, code: "object_not_found" });
  });

  test("on Notion-Version 2025-09-03 the endpoint is refused", async () => {
    const page = h.notion.createPage({ title: "Old", sharedWith: [h.token], blocks: ["x"] });
    await expect(h.client({ notionVersion: "2025-09-03" }).pages.retrieveMarkdown({ page_id: page })).rejects.toMatchObject({ status: 400 });
  });
});

describe("descriptions for standing instructions", () => {
  test("databases.retrieve carries the description; dataSources.retrieve each property's description (null when unset)", async () => {
    const db = h.notion.createDatabase({
      title: "Articles",
      description: "Articles for the blog. Write in British English.",
      sharedWith: [h.token],
      properties: { Name: { title: {} }, Tags: { multi_select: {}, description: "1–3 topics" }, Score: { number: {} } },
    });
    const database = await client.databases.retrieve({ database_id: db.databaseId });
    expect("description" in database && database.description.map((t) => t.plain_text).join("")).toBe("Articles for the blog. Write in British English.");
    const source = await client.dataSources.retrieve({ data_source_id: db.dataSourceId });
    expect(source.properties.Tags!.description).toBe("1–3 topics");
    expect(source.properties.Score!.description).toBeNull();
  });
});

describe("restoring a trashed block", () => {
  test("PATCH in_trash: false brings the block back at its place, with its children; trashing it twice is refused", async () => {
    const page = h.notion.createPage({ title: "Restore", sharedWith: [h.token], blocks: ["A", { toggle: { rich_text: [text("B")], children: [paragraph("inside")] } }, "C"] });
    const before = await client.blocks.children.list({ block_id: page });
    const b = before.results[1]!.id;
    await client.blocks.update({ block_id: b, in_trash: true });
    await expect(client.blocks.delete({ block_id: b })).rejects.toMatchObject({ status: 400, code: "validation_error" });
    expect((await client.blocks.children.list({ block_id: page })).results.map((r) => blockText(r as never))).toEqual(["A", "C"]);
    const restored = await client.blocks.update({ block_id: b, in_trash: false });
    expect(restored).toMatchObject({ id: b, in_trash: false, has_children: true });
    const after = await client.blocks.children.list({ block_id: page });
    expect(after.results.map((r) => blockText(r as never))).toEqual(["A", "B", "C"]);
    expect((await client.blocks.children.list({ block_id: b })).results.map((r) => blockText(r as never))).toEqual(["inside"]);
    // Restoring a live block is accepted and changes nothing.
    await expect(client.blocks.update({ block_id: b, in_trash: false })).resolves.toMatchObject({ in_trash: false });
  });

  test("a block appended at the start (position start) goes before everything", async () => {
    const page = h.notion.createPage({ title: "Top", sharedWith: [h.token], blocks: ["old"] });
    await client.blocks.children.append({ block_id: page, children: [paragraph("new") as BlockObjectRequest], position: { type: "start" } });
    expect((await client.blocks.children.list({ block_id: page })).results.map((r) => blockText(r as never))).toEqual(["new", "old"]);
  });
});

describe("typed property writes (pages.update)", () => {
  const setup = () =>
    h.notion.createDatabase({
      title: "Typed",
      sharedWith: [h.token],
      properties: {
        Name: { title: {} },
        Tags: { multi_select: { options: [{ name: "news", color: "blue" }] } },
        Sentiment: { select: { options: [{ name: "positive" }] } },
        Stage: { status: {} },
        Score: { number: {} },
        Due: { date: {} },
        Done: { checkbox: {} },
        Link: { url: {} },
        Mail: { email: {} },
      },
      rows: [{ Name: "Row" }],
    });

  test("all types in one update; unknown select and multi_select options are created", async () => {
    const db = setup();
    const row = db.rowIds[0]!;
    await client.pages.update({
      page_id: row,
      properties: {
        Tags: { multi_select: [{ name: "news" }, { name: "science" }] },
        Sentiment: { select: { name: "mixed" } },
        Stage: { status: { name: "Done" } },
        Score: { number: 7.5 },
        Due: { date: { start: "2026-12-24" } },
        Done: { checkbox: true },
        Link: { url: "https://example.com/a" },
        Mail: { email: "a@example.com" },
      },
    });
    const page = (await client.pages.retrieve({ page_id: row })) as { properties: Record<string, Record<string, unknown>> };
    expect(page.properties.Tags!.multi_select).toEqual([expect.objectContaining({ name: "news", color: "blue" }), expect.objectContaining({ name: "science" })]);
    expect(page.properties.Sentiment!.select).toMatchObject({ name: "mixed" });
    expect(page.properties.Stage!.status).toMatchObject({ name: "Done" });
    expect(page.properties.Score!.number).toBe(7.5);
    expect(page.properties.Due!.date).toEqual({ start: "2026-12-24", end: null, time_zone: null });
    expect(page.properties.Done!.checkbox).toBe(true);
    expect(page.properties.Link!.url).toBe("https://example.com/a");
    expect(page.properties.Mail!.email).toBe("a@example.com");
    const source = await client.dataSources.retrieve({ data_source_id: db.dataSourceId });
    const names = (property: string) => ((source.properties[property] as unknown as { [k: string]: { options: { name: string }[] } })[source.properties[property]!.type]!.options ?? []).map((o) => o.name);
    expect(names("Tags")).toEqual(["news", "science"]);
    expect(names("Sentiment")).toEqual(["positive", "mixed"]);
  });

  test.each([
    ["an unknown status option", { Stage: { status: { name: "Shipped" } } }],
    ["a number that is not a number", { Score: { number: "7" } }],
    ["a bad date", { Due: { date: { start: "next Tuesday" } } }],
    ["a date with a time zone and a UTC offset", { Due: { date: { start: "2026-12-24T10:00:00+01:00", time_zone: "Europe/Berlin" } } }],
    ["a date with a time zone but no time", { Due: { date: { start: "2026-12-24", time_zone: "Europe/Berlin" } } }],
    ["an unknown time zone", { Due: { date: { start: "2026-12-24T10:00:00", time_zone: "Mars/Olympus" } } }],
    ["a checkbox that is not a boolean", { Done: { checkbox: "yes" } }],
    ["a URL over 2000 characters", { Link: { url: `https://example.com/${"a".repeat(2000)}` } }],
    ["an email over 200 characters", { Mail: { email: `${"a".repeat(200)}@example.com` } }],
  ])("%s is a 400 validation error and nothing of the update is written (no new option either)", async (_name, bad) => {
    const db = setup();
    const row = db.rowIds[0]!;
    const failure = await client.pages
      .update({ page_id: row, properties: { Sentiment: { select: { name: "brand-new" } }, Score: { number: 1 }, ...bad } as never })
      .then(() => undefined, (error: unknown) => error);
    expect(APIResponseError.isAPIResponseError(failure) && failure.status).toBe(400);
    const page = (await client.pages.retrieve({ page_id: row })) as { properties: Record<string, Record<string, unknown>> };
    expect(page.properties.Sentiment!.select).toBeNull();
    expect(page.properties.Score!.number).toBeNull();
    const source = await client.dataSources.retrieve({ data_source_id: db.dataSourceId });
    expect(JSON.stringify(source.properties.Sentiment)).not.toContain("brand-new");
  });

  test("a date given with a time zone is answered with that zone's UTC offset and time_zone null (and can be written back so)", async () => {
    const db = setup();
    const row = db.rowIds[0]!;
    const due = async () => ((await client.pages.retrieve({ page_id: row })) as { properties: Record<string, { date: unknown }> }).properties.Due!.date;
    await client.pages.update({ page_id: row, properties: { Due: { date: { start: "2026-07-01T09:30:00", end: "2026-12-24T18:00:00", time_zone: "America/New_York" } } } });
    const answered = await due();
    expect(answered).toEqual({ start: "2026-07-01T09:30:00.000-04:00", end: "2026-12-24T18:00:00.000-05:00", time_zone: null });
    await client.pages.update({ page_id: row, properties: { Due: { date: answered } } as never });
    expect(await due()).toEqual(answered);
  });

  test("null clears select, number, date, url and email; an empty multi_select clears tags", async () => {
    const db = setup();
    const row = db.rowIds[0]!;
    await client.pages.update({ page_id: row, properties: { Sentiment: { select: { name: "positive" } }, Score: { number: 3 }, Tags: { multi_select: [{ name: "news" }] } } });
    await client.pages.update({ page_id: row, properties: { Sentiment: { select: null }, Score: { number: null }, Tags: { multi_select: [] }, Due: { date: null }, Link: { url: null }, Mail: { email: null } } });
    const page = (await client.pages.retrieve({ page_id: row })) as { properties: Record<string, Record<string, unknown>> };
    expect([page.properties.Sentiment!.select, page.properties.Score!.number, page.properties.Tags!.multi_select, page.properties.Due!.date]).toEqual([null, null, [], null]);
  });
});
