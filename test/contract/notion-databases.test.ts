/**
 * Contract: databases, data sources (schema, query, pagination, the ~10,000 row
 * cap) and search, driven by the official SDK.
 */
import { collectPaginatedAPI, type DataSourceObjectResponse, type PageObjectResponse } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
beforeAll(async () => {
  h = await startNotion();
});
afterAll(() => h.close());

const title = (page: unknown) => ((page as PageObjectResponse).properties.Name as { title: { plain_text: string }[] }).title.map((t) => t.plain_text).join("");

function queue(rows: number) {
  return h.notion.createDatabase({
    title: "Queue",
    sharedWith: [h.token],
    properties: { Name: { title: {} }, Generate: { checkbox: {} }, Summary: { rich_text: {} }, Priority: { number: {} } },
    rows: Array.from({ length: rows }, (_, i) => ({ Name: `Row ${i}`, Generate: i % 2 === 0, Summary: i % 3 === 0 ? "" : `s${i}`, Priority: i % 5 })),
  });
}

describe("databases", () => {
  test("retrieve returns data_sources [{ id, name }]; a page id is refused with a pointer to the pages API", async () => {
    const { databaseId, dataSourceId } = queue(1);
    const client = h.client();
    const db = await client.databases.retrieve({ database_id: databaseId });
    expect(db).toMatchObject({ object: "database", id: databaseId, in_trash: false, is_inline: false, data_sources: [{ id: dataSourceId, name: "Queue" }] });
    const page = h.notion.createPage({ title: "P", sharedWith: [h.token] });
    await expect(client.databases.retrieve({ database_id: page })).rejects.toMatchObject({
      code: "validation_error",
      message: `Provided ID ${page} is a page, not a database. Use the retrieve page API instead, \`/v1/pages/${page}\`.`,
    });
  });

  test("a database in the trash is still retrieved, with in_trash true, until restored", async () => {
    const { databaseId } = queue(1);
    const client = h.client();
    await expect(client.databases.update({ database_id: databaseId, in_trash: true })).resolves.toMatchObject({ in_trash: true });
    await expect(client.databases.retrieve({ database_id: databaseId })).resolves.toMatchObject({ object: "database", in_trash: true });
    await client.databases.update({ database_id: databaseId, in_trash: false });
    await expect(client.databases.retrieve({ database_id: databaseId })).resolves.toMatchObject({ in_trash: false });
  });

  test("create with initial_data_source.properties makes a database, its data source and a child_database block", async () => {
    const parent = h.notion.createPage({ title: "Home", sharedWith: [h.token] });
    const client = h.client();
    const db = await client.databases.create({
      parent: { type: "page_id", page_id: parent },
      title: [{ text: { content: "Drafts" } }],
      initial_data_source: { properties: { Topic: { title: {} }, Generate: { checkbox: {} }, Stage: { select: { options: [{ name: "Todo" }] } } } },
    });
    if (!("data_sources" in db)) throw new Error("full database expected");
    expect(db.data_sources).toHaveLength(1);
    const ds = (await client.dataSources.retrieve({ data_source_id: db.data_sources[0]!.id })) as DataSourceObjectResponse;
    expect(ds).toMatchObject({ object: "data_source", parent: { type: "database_id", database_id: db.id }, database_parent: { type: "page_id", page_id: parent } });
    expect(Object.keys(ds.properties)).toEqual(["Topic", "Generate", "Stage"]);
    expect(ds.properties.Topic).toMatchObject({ id: "title", type: "title", name: "Topic" });
    expect(ds.properties.Stage).toMatchObject({ type: "select", select: { options: [{ name: "Todo", color: "default" }] } });
    expect(h.notion.blockTree(parent)).toEqual([{ id: db.id, type: "child_database", child_database: { title: "Drafts" } }]);
  });

  test("a database with several data sources lists them all; creating via database_id is then refused", async () => {
    const seeded = h.notion.createDatabase({
      title: "Multi",
      sharedWith: [h.token],
      properties: { Name: { title: {} } },
      rows: [{ Name: "a1" }],
      moreDataSources: [{ title: "Second", properties: { Title: { title: {} }, Done: { checkbox: {} } }, rows: [{ Title: "b1", Done: true }] }],
    });
    const client = h.client();
    const db = await client.databases.retrieve({ database_id: seeded.databaseId });
    expect("data_sources" in db && db.data_sources.map((d) => d.name)).toEqual(["Multi", "Second"]);
    await expect(client.pages.create({ parent: { database_id: seeded.databaseId }, properties: {} })).rejects.toMatchObject({ code: "validation_error" });
    expect(h.notion.rows(seeded.databaseId)).toHaveLength(2);
  });
});

describe("data sources", () => {
  test("update adds, renames and deletes properties; rows follow", async () => {
    const { dataSourceId, rowIds } = queue(2);
    const client = h.client();
    const ds = (await client.dataSources.update({
      data_source_id: dataSourceId,
      properties: { Output: { rich_text: {} }, Summary: { name: "Abstract" }, Priority: null },
    })) as DataSourceObjectResponse;
    expect(Object.keys(ds.properties)).toEqual(["Name", "Generate", "Abstract", "Output"]);
    const row = (await client.pages.retrieve({ page_id: rowIds[1]! })) as PageObjectResponse;
    expect(row.properties.Abstract).toMatchObject({ type: "rich_text", rich_text: [{ plain_text: "s1" }] });
    expect(row.properties.Output).toMatchObject({ rich_text: [] });
    expect(row.properties).not.toHaveProperty("Priority");
    await expect(client.dataSources.update({ data_source_id: dataSourceId, properties: { Name: null } })).rejects.toMatchObject({ code: "validation_error" });
    await expect(client.dataSources.update({ data_source_id: dataSourceId, properties: { Ghost: { name: "Boo" } } })).rejects.toMatchObject({
      message: "Ghost is not a property that exists.",
    });
  });

  test("query with a checkbox filter", async () => {
    const { dataSourceId } = queue(10);
    const res = await h.client().dataSources.query({ data_source_id: dataSourceId, filter: { property: "Generate", checkbox: { equals: true } } });
    expect(res).toMatchObject({ object: "list", type: "page_or_data_source", has_more: false, next_cursor: null, request_status: { type: "complete" } });
    expect(res.results.map(title)).toEqual(["Row 0", "Row 2", "Row 4", "Row 6", "Row 8"]);
  });

  test("query with and/or compounds and rich_text/title is_empty / is_not_empty", async () => {
    const { dataSourceId } = queue(10);
    const client = h.client();
    const and = await client.dataSources.query({
      data_source_id: dataSourceId,
      filter: { and: [{ property: "Generate", checkbox: { equals: true } }, { property: "Summary", rich_text: { is_empty: true } }] },
    });
    expect(and.results.map(title)).toEqual(["Row 0", "Row 6"]);
    const or = await client.dataSources.query({
      data_source_id: dataSourceId,
      filter: { or: [{ property: "Generate", checkbox: { equals: true } }, { property: "Summary", rich_text: { is_not_empty: true } }] },
    });
    expect(or.results.map(title)).toEqual(["Row 0", "Row 1", "Row 2", "Row 4", "Row 5", "Row 6", "Row 7", "Row 8"]);
    const titled = await client.dataSources.query({ data_source_id: dataSourceId, filter: { property: "Name", title: { is_not_empty: true } } });
    expect(titled.results).toHaveLength(10);
    const untitled = await client.dataSources.query({ data_source_id: dataSourceId, filter: { property: "Name", title: { is_empty: true } } });
    expect(untitled.results).toHaveLength(0);
  });

  test("query by last_edited_time (as a watch's check does): times are whole minutes, and an edit moves a row past the watermark", async () => {
    let now = Date.parse("2026-12-07T10:00:40Z");
    const timed = await startNotion({ clock: () => now });
    try {
      const { dataSourceId, rowIds } = timed.notion.createDatabase({
        title: "Timed",
        sharedWith: [timed.token],
        properties: { Name: { title: {} }, Generate: { checkbox: {} }, Summary: { rich_text: {} } },
        rows: [{ Name: "Old", Generate: true }, { Name: "Edited", Generate: true }, { Name: "Unticked", Generate: false }],
      });
      const client = timed.client();
      now = Date.parse("2026-12-07T10:05:59Z");
      await client.pages.update({ page_id: rowIds[1]!, properties: { Summary: { rich_text: [] } } });
      await client.pages.update({ page_id: rowIds[2]!, properties: { Summary: { rich_text: [] } } });
      const edited = (await client.pages.retrieve({ page_id: rowIds[1]! })) as PageObjectResponse;
      expect(edited.last_edited_time).toBe("2026-12-07T10:05:00.000Z");
      const since = (iso: string) =>
        client.dataSources.query({
          data_source_id: dataSourceId,
          filter: { and: [{ property: "Generate", checkbox: { equals: true } }, { timestamp: "last_edited_time", last_edited_time: { on_or_after: iso } }] },
        });
      expect((await since("2026-12-07T10:05:00.000Z")).results.map(title)).toEqual(["Edited"]);
      expect((await since("2026-12-07T10:00:00.000Z")).results.map(title)).toEqual(["Old", "Edited"]);
      expect((await since("2026-12-07T10:06:00.000Z")).results).toEqual([]);
      await expect(
        client.dataSources.query({ data_source_id: dataSourceId, filter: { timestamp: "last_edited_time", last_edited_time: { on_or_after: "yesterday" } } as never }),
      ).rejects.toMatchObject({ code: "validation_error" });
    } finally {
      await timed.close();
    }
  });

  test("query sorts by a property and by timestamp", async () => {
    const { dataSourceId } = queue(6);
    const res = await h.client().dataSources.query({
      data_source_id: dataSourceId,
      sorts: [
        { property: "Priority", direction: "descending" },
        { timestamp: "created_time", direction: "ascending" },
      ],
    });
    expect(res.results.map(title)).toEqual(["Row 4", "Row 3", "Row 2", "Row 1", "Row 0", "Row 5"]);
  });

  test("query pages past 100 rows with start_cursor", async () => {
    const { dataSourceId } = queue(250);
    const client = h.client();
    const first = await client.dataSources.query({ data_source_id: dataSourceId });
    expect(first.results).toHaveLength(100);
    expect(first.has_more).toBe(true);
    const second = await client.dataSources.query({ data_source_id: dataSourceId, start_cursor: first.next_cursor!, page_size: 100 });
    expect(title(second.results[0])).toBe("Row 100");
    const generate = await collectPaginatedAPI(client.dataSources.query, { data_source_id: dataSourceId, filter: { property: "Generate", checkbox: { equals: true } } });
    expect(generate.map(title)).toEqual(Array.from({ length: 125 }, (_, i) => `Row ${i * 2}`));
  });

  test("a cursor stays valid when rows before it stop matching (the client unticks what it processed)", async () => {
    const { dataSourceId } = queue(250);
    const client = h.client();
    const filter = { property: "Generate", checkbox: { equals: true } } as const;
    const first = await client.dataSources.query({ data_source_id: dataSourceId, filter });
    for (const row of first.results.slice(0, 10)) await client.pages.update({ page_id: row.id, properties: { Generate: { checkbox: false } } });
    const second = await client.dataSources.query({ data_source_id: dataSourceId, filter, start_cursor: first.next_cursor! });
    expect(title(second.results[0])).toBe("Row 200");
  });

  test("the result cap ends a query with request_status incomplete (cap set to 150 here; Notion's is ~10,000)", async () => {
    const { dataSourceId } = queue(250);
    h.notion.setQueryResultCap(150);
    try {
      const client = h.client();
      const first = await client.dataSources.query({ data_source_id: dataSourceId });
      expect(first).toMatchObject({ has_more: true, request_status: { type: "complete" } });
      const second = await client.dataSources.query({ data_source_id: dataSourceId, start_cursor: first.next_cursor! });
      expect(second.results).toHaveLength(50);
      expect(second).toMatchObject({ has_more: false, next_cursor: null, request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" } });
      const all = await collectPaginatedAPI(client.dataSources.query, { data_source_id: dataSourceId });
      expect(all).toHaveLength(150);
      const few = await client.dataSources.query({ data_source_id: dataSourceId, filter: { property: "Priority", number: { equals: 0 } } });
      expect(few.request_status).toEqual({ type: "complete" });
    } finally {
      h.notion.setQueryResultCap(10_000);
    }
  });

  test("query errors: unknown property, filter of the wrong type, page_size over 100", async () => {
    const { dataSourceId } = queue(1);
    const client = h.client();
    await expect(client.dataSources.query({ data_source_id: dataSourceId, filter: { property: "Nope", checkbox: { equals: true } } })).rejects.toMatchObject({
      code: "validation_error",
      message: "Could not find property with name or id: Nope",
    });
    await expect(client.dataSources.query({ data_source_id: dataSourceId, filter: { property: "Summary", checkbox: { equals: true } } })).rejects.toMatchObject({
      code: "validation_error",
      message: "database property rich_text does not match filter checkbox",
    });
    await expect(client.dataSources.query({ data_source_id: dataSourceId, page_size: 500 })).rejects.toMatchObject({
      message: "body failed validation: body.page_size should be ≤ `100`, instead was `500`.",
    });
  });
});

describe("search", () => {
  test("finds shared pages and data sources by title, filters by object, pages through results", async () => {
    const { notion } = h;
    const root = notion.createPage({ title: "Searchable root", sharedWith: [h.token] });
    for (let i = 0; i < 5; i++) notion.createPage({ parentPageId: root, title: `Searchable note ${i}` });
    const db = notion.createDatabase({ parentPageId: root, title: "Searchable table", properties: { Name: { title: {} } } });
    notion.createPage({ title: "Searchable but private" });
    const client = h.client();
    const all = await collectPaginatedAPI(client.search, { query: "searchable", page_size: 2 });
    expect(all).toHaveLength(7);
    const pages = await client.search({ query: "searchable", filter: { property: "object", value: "page" } });
    expect(pages.results).toHaveLength(6);
    expect(pages).toMatchObject({ object: "list", type: "page_or_data_source" });
    const sources = await client.search({ query: "searchable", filter: { property: "object", value: "data_source" } });
    expect(sources.results).toEqual([expect.objectContaining({ object: "data_source", id: db.dataSourceId })]);
    await expect(client.search({ filter: { property: "object", value: "database" as never } })).rejects.toMatchObject({
      code: "validation_error",
      message: 'body failed validation: body.filter.value should be `"page"` or `"data_source"`, instead was `"database"`.',
    });
  });
});
