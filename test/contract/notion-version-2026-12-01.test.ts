/**
 * Contract: Notion-Version 2026-12-01 as the emulator serves it. The one change of
 * its upgrade guide that touches what Inkwell sends: Search and Query a data source
 * return only the title in each page's properties unless the request passes
 * filter_properties; with it, the answer is the same on 2026-03-11 and 2026-12-01.
 */
import { Client, LogLevel } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
let db: { databaseId: string; dataSourceId: string; rowIds: string[] };
let ids: Record<string, string>;
beforeAll(async () => {
  h = await startNotion();
  db = h.notion.createDatabase({
    title: "Tasks",
    sharedWith: [h.token],
    properties: { Name: { title: {} }, Done: { checkbox: {} }, Notes: { rich_text: {} } },
    rows: [{ Name: "Write", Done: true, Notes: "soon" }],
  });
  ids = Object.fromEntries(Object.entries(h.notion.getDataSource(db.dataSourceId)!.properties as Record<string, { id: string }>).map(([name, p]) => [name, p.id]));
});
afterAll(() => h.close());

const at = (notionVersion: string) => h.client({ notionVersion });

describe("Notion-Version 2026-12-01", () => {
  test("is accepted; a data source query lists each page with its title only", async () => {
    const answer = await at("2026-12-01").dataSources.query({ data_source_id: db.dataSourceId });
    const page = answer.results[0] as { id: string; url: string; properties: Record<string, unknown> };
    expect(Object.keys(page.properties)).toEqual(["Name"]);
    expect(page).toMatchObject({ id: db.rowIds[0], url: expect.stringContaining("notion.so") });
  });

  test("filter_properties gives the same answer on 2026-03-11 and 2026-12-01", async () => {
    const ask = { data_source_id: db.dataSourceId, filter_properties: [ids.Name!, ids.Notes!] };
    const [before, after] = await Promise.all([at("2026-03-11").dataSources.query(ask), at("2026-12-01").dataSources.query(ask)]);
    expect(Object.keys((after.results[0] as { properties: object }).properties).sort()).toEqual(["Name", "Notes"]);
    expect(after.results).toEqual(before.results);
    // Without it, 2026-03-11 still lists every property.
    const all = await at("2026-03-11").dataSources.query({ data_source_id: db.dataSourceId });
    expect(Object.keys((all.results[0] as { properties: object }).properties).sort()).toEqual(["Done", "Name", "Notes"]);
  });

  test("search lists pages with their title only; retrieving one page still gives every property", async () => {
    const found = await at("2026-12-01").search({ query: "Write" });
    expect(Object.keys((found.results[0] as { properties: object }).properties)).toEqual(["Name"]);
    const page = await at("2026-12-01").pages.retrieve({ page_id: db.rowIds[0]! });
    expect(Object.keys((page as { properties: object }).properties).sort()).toEqual(["Done", "Name", "Notes"]);
  });

  test("keeps 2026-03-11's renames: `archived` and `after` are refused", async () => {
    await expect(at("2026-12-01").pages.update({ page_id: db.rowIds[0]!, archived: true } as never)).rejects.toMatchObject({ status: 400, code: "validation_error" });
    const client = new Client({ auth: h.token, baseUrl: h.server.url, notionVersion: "2026-12-01", retry: false, logLevel: LogLevel.ERROR });
    await expect(client.blocks.children.append({ block_id: db.rowIds[0]!, children: [], after: db.rowIds[0]! } as never)).rejects.toMatchObject({ status: 400 });
  });
});
