/**
 * Contract: users, pages and blocks endpoints of the Notion emulator, driven by
 * the official SDK. Shapes are checked against what Notion returns.
 */
import { APIResponseError, collectPaginatedAPI, type BlockObjectRequest, type DataSourceObjectResponse, type PageObjectResponse } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compactId } from "../sandbox/notion/ids";
import { blockText, paragraph, startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
beforeAll(async () => {
  h = await startNotion();
});
afterAll(() => h.close());

const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function freshPage(blocks: string[] = []): string {
  return h.notion.createPage({ title: "Scratch", blocks, sharedWith: [h.token] });
}

function tasks() {
  return h.notion.createDatabase({
    title: "Tasks",
    sharedWith: [h.token],
    properties: {
      Name: { title: {} },
      Generate: { checkbox: {} },
      Summary: { rich_text: {} },
      Stage: { select: { options: [{ name: "Idea", color: "blue" }] } },
      Status: { status: {} },
      Tags: { multi_select: {} },
      Words: { number: {} },
      Link: { url: {} },
      Due: { date: {} },
    },
    rows: [{ Name: "First", Generate: true }],
  });
}

describe("users", () => {
  test("users.me returns the bot user with its workspace", async () => {
    const me = await h.client().users.me({});
    expect(me).toMatchObject({ object: "user", type: "bot", name: "Inkwell", avatar_url: null });
    expect(me.id).toMatch(DASHED);
    if (me.type !== "bot" || !("owner" in me.bot)) throw new Error("expected bot info");
    expect(me.bot.owner).toEqual({ type: "workspace", workspace: true });
    expect(me.bot.workspace_name).toBe("Inkwell Sandbox");
  });

  test("users.retrieve finds the bot by id; an unknown user is a 404", async () => {
    const client = h.client();
    const me = await client.users.me({});
    await expect(client.users.retrieve({ user_id: me.id })).resolves.toMatchObject({ id: me.id, type: "bot" });
    await expect(client.users.retrieve({ user_id: "00000000000000000000000000000000" })).rejects.toMatchObject({ status: 404, code: "object_not_found" });
  });
});

describe("pages", () => {
  test("retrieve accepts dashed and undashed ids and returns the dashed id", async () => {
    const id = freshPage();
    const client = h.client();
    const byDashed = await client.pages.retrieve({ page_id: id });
    const byCompact = await client.pages.retrieve({ page_id: compactId(id) });
    expect(byCompact.id).toBe(id);
    expect(byDashed).toEqual(byCompact);
    expect(byDashed).toMatchObject({ object: "page", in_trash: false, parent: { type: "workspace", workspace: true } });
    expect((byDashed as PageObjectResponse).properties.title).toMatchObject({ id: "title", type: "title", title: [{ plain_text: "Scratch" }] });
    expect((byDashed as PageObjectResponse).url).toBe(`https://www.notion.so/Scratch-${compactId(id)}`);
  });

  test("retrieve on a database id is Notion's 400 validation_error pointing at the database API", async () => {
    const { databaseId } = tasks();
    const error = await h.client().pages.retrieve({ page_id: databaseId }).catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: "validation_error" });
    expect((error as Error).message).toBe(`Provided ID ${databaseId} is a database, not a page. Use the retrieve database API instead, \`/v1/databases/${databaseId}\`.`);
  });

  test("create under a page: title, nested children, child_page block appended to the parent", async () => {
    const parent = freshPage(["existing"]);
    const client = h.client();
    const page = await client.pages.create({
      parent: { page_id: compactId(parent) },
      properties: { title: { title: [{ text: { content: "Draft" } }] } },
      children: [
        { heading_2: { rich_text: [{ text: { content: "Intro" } }] } },
        { toggle: { rich_text: [{ text: { content: "More" } }], children: [paragraph("inside")] } },
      ],
    });
    expect(page).toMatchObject({ object: "page", parent: { type: "page_id", page_id: parent } });
    const tree = h.notion.blockTree(page.id);
    expect(tree.map((b) => b.type)).toEqual(["heading_2", "toggle"]);
    expect(tree[1]!.children!.map(blockText)).toEqual(["inside"]);
    const siblings = await client.blocks.children.list({ block_id: parent });
    expect(siblings.results.map((b) => ("type" in b ? b.type : "?"))).toEqual(["paragraph", "child_page"]);
    expect(siblings.results[1]).toMatchObject({ id: page.id, child_page: { title: "Draft" } });
  });

  test("create a row with data_source_id parent: every property type written, missing ones defaulted", async () => {
    const { dataSourceId, databaseId } = tasks();
    const page = (await h.client().pages.create({
      parent: { data_source_id: dataSourceId },
      properties: {
        Name: { title: [{ text: { content: "Row" } }] },
        Generate: { checkbox: true },
        Summary: { rich_text: [{ text: { content: "short", link: { url: "https://example.com" } } }] },
        Stage: { select: { name: "Idea" } },
        Status: { status: { name: "In progress" } },
        Tags: { multi_select: [{ name: "a" }, { name: "b" }] },
        Words: { number: 42 },
        Link: { url: "https://inkwell.example" },
        Due: { date: { start: "2026-12-01" } },
      },
    })) as PageObjectResponse;
    expect(page.parent).toEqual({ type: "data_source_id", data_source_id: dataSourceId, database_id: databaseId });
    const p = page.properties;
    expect(p.Generate).toMatchObject({ type: "checkbox", checkbox: true });
    expect(p.Summary).toMatchObject({ type: "rich_text", rich_text: [{ plain_text: "short", href: "https://example.com" }] });
    expect(p.Stage).toMatchObject({ type: "select", select: { name: "Idea", color: "blue" } });
    expect(p.Status).toMatchObject({ type: "status", status: { name: "In progress" } });
    expect(p.Tags).toMatchObject({ type: "multi_select", multi_select: [{ name: "a" }, { name: "b" }] });
    expect(p.Words).toMatchObject({ type: "number", number: 42 });
    expect(p.Link).toMatchObject({ type: "url", url: "https://inkwell.example" });
    expect(p.Due).toMatchObject({ type: "date", date: { start: "2026-12-01", end: null, time_zone: null } });

    const bare = (await h.client().pages.create({ parent: { data_source_id: dataSourceId }, properties: {} })) as PageObjectResponse;
    expect(bare.properties.Generate).toMatchObject({ checkbox: false });
    expect(bare.properties.Summary).toMatchObject({ rich_text: [] });
    expect(bare.properties.Status).toMatchObject({ status: { name: "Not started" } });
    expect(h.notion.rows(databaseId).map((r) => r.id)).toEqual([expect.any(String), page.id, bare.id]);
  });

  test("create with a database_id parent lands in its single data source", async () => {
    const { databaseId, dataSourceId } = tasks();
    const page = await h.client().pages.create({ parent: { database_id: databaseId }, properties: { Name: { title: [{ text: { content: "Via db" } }] } } });
    expect((page as PageObjectResponse).parent).toMatchObject({ type: "data_source_id", data_source_id: dataSourceId });
  });

  test("create refuses unknown properties and wrongly typed values with Notion's messages", async () => {
    const { dataSourceId } = tasks();
    const client = h.client();
    await expect(client.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Nope: { checkbox: true } } })).rejects.toMatchObject({
      code: "validation_error",
      message: "Nope is not a property that exists.",
    });
    await expect(client.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Generate: { rich_text: [] } } })).rejects.toMatchObject({
      code: "validation_error",
      message: "Generate is expected to be checkbox.",
    });
    await expect(client.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Status: { status: { name: "Bogus" } } } })).rejects.toMatchObject({
      code: "validation_error",
      message: 'Invalid status option. Status option "Bogus" does not exist.',
    });
    // A refused request leaves the schema alone, even the select option it would have created.
    await expect(
      client.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Stage: { select: { name: "Brand new" } }, Nope: { checkbox: true } } }),
    ).rejects.toMatchObject({ code: "validation_error" });
    const ds = (await client.dataSources.retrieve({ data_source_id: dataSourceId })) as DataSourceObjectResponse;
    expect(ds.properties.Stage).toMatchObject({ select: { options: [{ name: "Idea" }] } });
    expect((ds.properties.Stage as { select: { options: unknown[] } }).select.options).toHaveLength(1);
  });

  test("update writes properties (checkbox, rich_text, title, select, status, multi_select, number, url, date)", async () => {
    const { rowIds } = tasks();
    const row = rowIds[0]!;
    const updated = (await h.client().pages.update({
      page_id: row,
      properties: {
        Name: { title: [{ text: { content: "Renamed" } }] },
        Generate: { checkbox: false },
        Summary: { rich_text: [{ text: { content: "Written by AI" } }] },
        Stage: { select: { name: "New option" } },
        Status: { status: { name: "Done" } },
        Tags: { multi_select: [{ name: "x" }] },
        Words: { number: null },
        Link: { url: null },
        Due: { date: { start: "2026-01-02T10:00:00.000Z" } },
      },
    })) as PageObjectResponse;
    const p = updated.properties;
    expect(p.Name).toMatchObject({ title: [{ plain_text: "Renamed" }] });
    expect(p.Generate).toMatchObject({ checkbox: false });
    expect(p.Summary).toMatchObject({ rich_text: [{ plain_text: "Written by AI" }] });
    // Notion creates a select option it has not seen.
    expect(p.Stage).toMatchObject({ select: { name: "New option", color: "default" } });
    expect(p.Status).toMatchObject({ status: { name: "Done" } });
    expect(p.Tags).toMatchObject({ multi_select: [{ name: "x" }] });
    expect(p.Words).toMatchObject({ number: null });
    expect(p.Due).toMatchObject({ date: { start: "2026-01-02T10:00:00.000Z" } });
    expect(h.notion.getPage(row)).toEqual(updated);
  });

  test("in_trash moves a page to the trash; edits are then refused until it is restored", async () => {
    const id = freshPage();
    const client = h.client();
    await expect(client.pages.update({ page_id: id, in_trash: true })).resolves.toMatchObject({ in_trash: true });
    expect(h.notion.getObject(id)).toBeUndefined();
    await expect(client.pages.update({ page_id: id, properties: { title: { title: [] } } })).rejects.toMatchObject({
      code: "validation_error",
      message: "Can't edit block that is archived. You must unarchive the block before editing.",
    });
    await expect(client.pages.update({ page_id: id, in_trash: true })).rejects.toMatchObject({ code: "validation_error" });
    await expect(client.pages.update({ page_id: id, in_trash: false })).resolves.toMatchObject({ in_trash: false });
  });

  test("a page in the trash, or under a page in the trash, is still retrieved, with in_trash true", async () => {
    const parent = freshPage();
    const child = h.notion.createPage({ title: "Child", parentPageId: parent, sharedWith: [h.token] });
    const client = h.client();
    await client.pages.update({ page_id: parent, in_trash: true });
    await expect(client.pages.retrieve({ page_id: parent })).resolves.toMatchObject({ object: "page", in_trash: true });
    await expect(client.pages.retrieve({ page_id: child })).resolves.toMatchObject({ object: "page", in_trash: true });
    await client.pages.update({ page_id: parent, in_trash: false });
    await expect(client.pages.retrieve({ page_id: child })).resolves.toMatchObject({ in_trash: false });
  });

  test("2026-03-11 drops `archived`: refused in requests, absent from responses; 2025-09-03 still has both", async () => {
    const id = freshPage();
    const modern = h.client();
    const page = await modern.pages.retrieve({ page_id: id });
    expect(page).not.toHaveProperty("archived");
    await expect(modern.pages.update({ page_id: id, archived: true })).rejects.toMatchObject({
      code: "validation_error",
      message: "body failed validation: body.archived should be not present, instead was `true`.",
    });
    const legacy = h.client({ notionVersion: "2025-09-03" });
    await expect(legacy.pages.update({ page_id: id, archived: true })).resolves.toMatchObject({ archived: true, in_trash: true });
  });
});

describe("blocks", () => {
  test("retrieve a block; a page id retrieves its child_page block", async () => {
    const id = freshPage(["hello"]);
    const client = h.client();
    const [first] = h.notion.blockTree(id);
    const block = await client.blocks.retrieve({ block_id: compactId(first!.id) });
    expect(block).toMatchObject({ object: "block", id: first!.id, type: "paragraph", has_children: false, in_trash: false, parent: { type: "page_id", page_id: id } });
    expect(blockText(block as never)).toBe("hello");
    await expect(client.blocks.retrieve({ block_id: id })).resolves.toMatchObject({ type: "child_page", child_page: { title: "Scratch" }, has_children: true });
  });

  test("children list pages through 250 blocks 100 at a time, in order", async () => {
    const id = freshPage(Array.from({ length: 250 }, (_, i) => `line ${i}`));
    const client = h.client();
    const first = await client.blocks.children.list({ block_id: id });
    expect(first).toMatchObject({ object: "list", type: "block", block: {}, has_more: true });
    expect(first.results).toHaveLength(100);
    expect(first.next_cursor).toBe(first.results.length && h.notion.blockTree(id)[100]!.id);
    const second = await client.blocks.children.list({ block_id: id, start_cursor: first.next_cursor!, page_size: 100 });
    expect(blockText(second.results[0] as never)).toBe("line 100");
    const all = await collectPaginatedAPI(client.blocks.children.list, { block_id: id, page_size: 40 });
    expect(all.map((b) => blockText(b as never))).toEqual(Array.from({ length: 250 }, (_, i) => `line ${i}`));
    const last = await client.blocks.children.list({ block_id: id, start_cursor: h.notion.blockTree(id)[200]!.id });
    expect(last).toMatchObject({ has_more: false, next_cursor: null });
    expect(last.results).toHaveLength(50);
  });

  test("children list refuses page_size over 100 and an unknown cursor", async () => {
    const id = freshPage(["a"]);
    const client = h.client();
    await expect(client.blocks.children.list({ block_id: id, page_size: 101 })).rejects.toMatchObject({
      code: "validation_error",
      message: "query failed validation: query.page_size should be ≤ `100`, instead was `101`.",
    });
    await expect(client.blocks.children.list({ block_id: id, start_cursor: "ffffffff-ffff-4fff-8fff-ffffffffffff" })).rejects.toMatchObject({ code: "validation_error" });
  });

  test("append: default end, position start and after_block; the response lists only the new top-level blocks", async () => {
    const id = freshPage(["one", "two"]);
    const client = h.client();
    const [one] = h.notion.blockTree(id);
    const appended = await client.blocks.children.append({ block_id: id, children: [paragraph("end"), { toggle: { rich_text: [], children: [paragraph("nested")] } }] });
    expect(appended).toMatchObject({ object: "list", type: "block", has_more: false, next_cursor: null });
    expect(appended.results.map((b) => ("type" in b ? b.type : "?"))).toEqual(["paragraph", "toggle"]);
    expect(appended.results[1]).toMatchObject({ has_children: true });
    await client.blocks.children.append({ block_id: id, children: [paragraph("start")], position: { type: "start" } });
    await client.blocks.children.append({ block_id: id, children: [paragraph("after one")], position: { type: "after_block", after_block: { id: compactId(one!.id) } } });
    expect(h.notion.blockTree(id).map(blockText)).toEqual(["start", "one", "after one", "two", "end", ""]);
  });

  test("legacy `after`: accepted with 2025-09-03, refused with 2026-03-11", async () => {
    const id = freshPage(["one", "two"]);
    const [one] = h.notion.blockTree(id);
    await h.client({ notionVersion: "2025-09-03" }).blocks.children.append({ block_id: id, after: one!.id, children: [paragraph("legacy")] });
    expect(h.notion.blockTree(id).map(blockText)).toEqual(["one", "legacy", "two"]);
    await expect(h.client().blocks.children.append({ block_id: id, after: one!.id, children: [paragraph("x")] })).rejects.toMatchObject({
      code: "validation_error",
      message: expect.stringContaining("body.after should be not present"),
    });
  });

  test("append after a block that is not a child is refused, and nothing is written", async () => {
    const id = freshPage(["one"]);
    const other = freshPage(["elsewhere"]);
    const stranger = h.notion.blockTree(other)[0]!.id;
    const before = h.notion.version();
    await expect(
      h.client().blocks.children.append({ block_id: id, children: [paragraph("x")], position: { type: "after_block", after_block: { id: stranger } } }),
    ).rejects.toMatchObject({ code: "validation_error" });
    expect(h.notion.version()).toBe(before);
    expect(h.notion.blockTree(id)).toHaveLength(1);
  });

  test("append to a block without children support, and to a trashed block, is refused", async () => {
    const id = freshPage();
    const client = h.client();
    const [divider] = (await client.blocks.children.append({ block_id: id, children: [{ divider: {} }, paragraph("p")] })).results;
    await expect(client.blocks.children.append({ block_id: divider!.id, children: [paragraph("x")] })).rejects.toMatchObject({ code: "validation_error" });
    await client.blocks.delete({ block_id: divider!.id });
    await expect(client.blocks.children.append({ block_id: divider!.id, children: [paragraph("x")] })).rejects.toMatchObject({
      message: "Can't edit block that is archived. You must unarchive the block before editing.",
    });
  });

  test("update changes a block's content; a payload of another type is refused", async () => {
    const id = freshPage();
    const client = h.client();
    const [todo] = (await client.blocks.children.append({ block_id: id, children: [{ to_do: { rich_text: [{ text: { content: "task" } }] } }] })).results;
    const updated = await client.blocks.update({ block_id: todo!.id, to_do: { checked: true, rich_text: [{ text: { content: "done task" } }] } });
    expect(updated).toMatchObject({ type: "to_do", to_do: { checked: true, rich_text: [{ plain_text: "done task" }] } });
    await expect(client.blocks.update({ block_id: todo!.id, paragraph: { rich_text: [] } })).rejects.toMatchObject({ code: "validation_error" });
  });

  test("delete moves a block to the trash and returns it with in_trash true; deleting again is refused", async () => {
    const id = freshPage(["keep", "drop"]);
    const client = h.client();
    const drop = h.notion.blockTree(id)[1]!.id;
    const deleted = await client.blocks.delete({ block_id: drop });
    expect(deleted).toMatchObject({ id: drop, in_trash: true });
    expect(deleted).not.toHaveProperty("archived");
    expect(h.notion.blockTree(id).map(blockText)).toEqual(["keep"]);
    expect((await client.blocks.children.list({ block_id: id })).results).toHaveLength(1);
    await expect(client.blocks.retrieve({ block_id: drop })).resolves.toMatchObject({ in_trash: true });
    await expect(client.blocks.delete({ block_id: drop })).rejects.toMatchObject({ status: 400, code: "validation_error" });
  });

  test("a 2025-09-03 block response carries archived next to in_trash", async () => {
    const id = freshPage(["x"]);
    const block = await h.client({ notionVersion: "2025-09-03" }).blocks.delete({ block_id: h.notion.blockTree(id)[0]!.id });
    expect(block).toMatchObject({ in_trash: true, archived: true });
  });

  test("every creatable block type round-trips", async () => {
    const id = freshPage();
    const rt = [{ text: { content: "t" } }];
    const children: BlockObjectRequest[] = [
      { heading_1: { rich_text: rt } },
      { heading_4: { rich_text: rt, is_toggleable: true } },
      { bulleted_list_item: { rich_text: rt } },
      { numbered_list_item: { rich_text: rt } },
      { quote: { rich_text: rt } },
      { callout: { rich_text: rt, icon: { emoji: "🔥" } } },
      { code: { rich_text: rt, language: "typescript" } },
      { equation: { expression: "e=mc^2" } },
      { divider: {} },
      { table_of_contents: {} },
      { bookmark: { url: "https://example.com" } },
      { embed: { url: "https://example.com/embed" } },
      { image: { external: { url: "https://example.com/a.png" } } },
      { table: { table_width: 2, has_column_header: true, children: [{ table_row: { cells: [rt, rt] } }] } },
      { column_list: { children: [{ column: { children: [paragraph("left")] } }, { column: { children: [paragraph("right")] } }] } },
    ];
    const res = await h.client().blocks.children.append({ block_id: id, children });
    expect(res.results.map((b) => ("type" in b ? b.type : "?"))).toEqual(children.map((c) => Object.keys(c)[0]));
    expect(res.results[6]).toMatchObject({ code: { language: "typescript", caption: [] } });
    expect(res.results[13]).toMatchObject({ table: { table_width: 2, has_column_header: true, has_row_header: false }, has_children: true });
    expect(h.notion.blockTree(id)[14]!.children!.map((c) => c.children!.map(blockText))).toEqual([["left"], ["right"]]);
  });
});
