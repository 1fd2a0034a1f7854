/**
 * Contract: the WorkspaceView the fake Notion web app renders — block order
 * after positioned appends, rows, titles, trash, and change notifications.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { blockText, paragraph, startNotion, type NotionHarness } from "../sandbox/notion/harness";
import type { WorkspaceView } from "../sandbox/notion/workspace-view";

let h: NotionHarness;
beforeAll(async () => {
  h = await startNotion();
});
afterAll(() => h.close());

describe("WorkspaceView", () => {
  test("the emulator is a WorkspaceView (and exposes itself as `view`)", () => {
    const view: WorkspaceView = h.notion.view;
    expect(view).toBe(h.notion);
  });

  test("blockTree follows appends at start, after_block and end, with nested children", async () => {
    const page = h.notion.createPage({ title: "Order", blocks: ["b"], sharedWith: [h.token] });
    const client = h.client();
    const [b] = h.notion.blockTree(page);
    await client.blocks.children.append({ block_id: page, children: [paragraph("a")], position: { type: "start" } });
    await client.blocks.children.append({ block_id: page, children: [paragraph("b2"), paragraph("b3")], position: { type: "after_block", after_block: { id: b!.id } } });
    await client.blocks.children.append({ block_id: page, children: [{ toggle: { rich_text: [{ text: { content: "z" } }], children: [paragraph("z1")] } }] });
    const tree = h.notion.blockTree(page);
    expect(tree.map(blockText)).toEqual(["a", "b", "b2", "b3", "z"]);
    expect(tree[4]).toMatchObject({ type: "toggle", children: [{ type: "paragraph" }] });
    expect(tree[0]).not.toHaveProperty("children");
    const nested = tree[4]!.children![0]!;
    await client.blocks.children.append({ block_id: nested.id, children: [paragraph("deep")] });
    expect(h.notion.blockTree(page)[4]!.children![0]!.children!.map(blockText)).toEqual(["deep"]);
  });

  test("trashed blocks and pages disappear from the view", async () => {
    const page = h.notion.createPage({ title: "Trash", blocks: ["keep", "drop"], sharedWith: [h.token] });
    const client = h.client();
    await client.blocks.delete({ block_id: h.notion.blockTree(page)[1]!.id });
    expect(h.notion.blockTree(page).map(blockText)).toEqual(["keep"]);
    expect(h.notion.getObject(page)).toEqual({ object: "page", id: page });
    await client.pages.update({ page_id: page, in_trash: true });
    expect(h.notion.getObject(page)).toBeUndefined();
    expect(h.notion.blockTree(page)).toEqual([]);
  });

  test("getObject and titleOf know pages and databases by dashed or undashed id", () => {
    const page = h.notion.createPage({ title: "Named page" });
    const db = h.notion.createDatabase({ title: "Named db", properties: { Name: { title: {} } } });
    expect(h.notion.getObject(page.replace(/-/g, ""))).toEqual({ object: "page", id: page });
    expect(h.notion.getObject(db.databaseId)).toEqual({ object: "database", id: db.databaseId });
    expect(h.notion.getObject(db.dataSourceId)).toBeUndefined();
    expect(h.notion.titleOf(page)).toBe("Named page");
    expect(h.notion.titleOf(db.databaseId)).toBe("Named db");
    expect(h.notion.getObject("00000000-0000-0000-0000-000000000000")).toBeUndefined();
  });

  test("rows are page objects with properties by name, newest last, across data sources", async () => {
    const db = h.notion.createDatabase({
      title: "Rows",
      sharedWith: [h.token],
      properties: { Name: { title: {} }, Generate: { checkbox: {} } },
      rows: [{ Name: "one", Generate: true }],
      moreDataSources: [{ title: "Other", properties: { Title: { title: {} } } }],
    });
    const client = h.client();
    await client.pages.create({ parent: { data_source_id: db.dataSourceIds[1]! }, properties: { Title: { title: [{ text: { content: "two" } }] } } });
    await client.pages.create({ parent: { data_source_id: db.dataSourceId }, properties: { Name: { title: [{ text: { content: "three" } }] } } });
    const rows = h.notion.rows(db.databaseId);
    expect(rows.map((r) => ((r.properties.Name ?? r.properties.Title) as unknown as { title: { plain_text: string }[] }).title[0]!.plain_text)).toEqual(["one", "two", "three"]);
    expect(rows[0]!.properties.Generate).toEqual({ id: expect.any(String), type: "checkbox", checkbox: true });
  });

  test("onChange fires once per write (API or seeding), not for reads or refused writes; version increases", async () => {
    const page = h.notion.createPage({ title: "Watch", sharedWith: [h.token] });
    const client = h.client();
    let calls = 0;
    const stop = h.notion.onChange(() => calls++);
    const v0 = h.notion.version();
    await client.blocks.children.append({ block_id: page, children: [paragraph("1"), paragraph("2")] });
    expect(calls).toBe(1);
    expect(h.notion.version()).toBeGreaterThan(v0);
    const v1 = h.notion.version();
    await client.blocks.children.list({ block_id: page });
    await client.pages.retrieve({ page_id: page });
    await client.blocks.children.append({ block_id: page, children: [{ code: { rich_text: [], language: "nope" as never } }] }).catch(() => undefined);
    expect(calls).toBe(1);
    expect(h.notion.version()).toBe(v1);
    h.notion.createPage({ parentPageId: page, title: "Seeded" });
    expect(calls).toBe(2);
    stop();
    await client.blocks.children.append({ block_id: page, children: [paragraph("3")] });
    expect(calls).toBe(2);
  });

  test("a listener sees the write already applied", async () => {
    const page = h.notion.createPage({ title: "Applied", sharedWith: [h.token] });
    const seen: number[] = [];
    const stop = h.notion.onChange(() => seen.push(h.notion.blockTree(page).length));
    await h.client().blocks.children.append({ block_id: page, children: [paragraph("x")] });
    stop();
    expect(seen).toEqual([1]);
  });
});
