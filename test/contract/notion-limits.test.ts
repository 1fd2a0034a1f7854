/**
 * Contract: Notion's request size limits and block schema checks. Each case
 * asserts the SDK's APIResponseError, the code and the message Notion's
 * validator would produce, and that a refused request wrote nothing.
 */
import { APIResponseError } from "@notionhq/client";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { paragraph, startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
let page: string;
beforeAll(async () => {
  h = await startNotion();
});
afterAll(() => h.close());
beforeEach(() => {
  page = h.notion.createPage({ title: "Limits", sharedWith: [h.token] });
});

const text = (content: string, url?: string) => ({ text: { content, ...(url === undefined ? {} : { link: { url } }) } });
const x = (n: number) => "x".repeat(n);
const bullet = (label: string, children?: unknown[]) => ({ bulleted_list_item: { rich_text: [text(label)], ...(children ? { children } : {}) } });

/** Appends `children` (typed loosely: these requests are invalid on purpose) and returns the error. */
async function appendError(children: unknown[], extra: Record<string, unknown> = {}): Promise<APIResponseError> {
  const before = h.notion.version();
  const error = await h
    .client()
    .blocks.children.append({ block_id: page, children: children as never, ...extra })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!APIResponseError.isAPIResponseError(error)) throw new Error(`expected an APIResponseError, got ${String(error)}`);
  expect(h.notion.version(), "a refused request must not write").toBe(before);
  expect(h.notion.blockTree(page)).toEqual([]);
  return error;
}

async function appendOk(children: unknown[]): Promise<void> {
  await h.client().blocks.children.append({ block_id: page, children: children as never });
}

describe("rich text", () => {
  test("text.content ≤ 2000", async () => {
    await appendOk([{ paragraph: { rich_text: [text(x(2000))] } }]);
    page = h.notion.createPage({ title: "Limits", sharedWith: [h.token] });
    const error = await appendError([paragraph("ok"), { paragraph: { rich_text: [text(x(5867))] } }]);
    expect(error.status).toBe(400);
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe("body failed validation: body.children[1].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `5867`.");
  });

  test("text.link.url ≤ 2000", async () => {
    const error = await appendError([{ paragraph: { rich_text: [text("link", `https://e.com/${x(2000)}`)] } }]);
    expect(error.message).toBe("body failed validation: body.children[0].paragraph.rich_text[0].text.link.url.length should be ≤ `2000`, instead was `2014`.");
  });

  test("equation.expression ≤ 1000, inline and as a block", async () => {
    const inline = await appendError([{ quote: { rich_text: [text("a"), { equation: { expression: x(1001) } }] } }]);
    expect(inline.message).toBe("body failed validation: body.children[0].quote.rich_text[1].equation.expression.length should be ≤ `1000`, instead was `1001`.");
    const block = await appendError([{ equation: { expression: x(1200) } }]);
    expect(block.message).toBe("body failed validation: body.children[0].equation.expression.length should be ≤ `1000`, instead was `1200`.");
  });

  test("a rich_text array holds ≤ 100 items", async () => {
    const error = await appendError([{ to_do: { rich_text: Array.from({ length: 101 }, () => text("a")) } }]);
    expect(error.message).toBe("body failed validation: body.children[0].to_do.rich_text.length should be ≤ `100`, instead was `101`.");
  });

  test("rich text inside table cells and code captions is checked too", async () => {
    const cell = await appendError([{ table: { table_width: 1, children: [{ table_row: { cells: [[text(x(2001))]] } }] } }]);
    expect(cell.message).toBe("body failed validation: body.children[0].table.children[0].table_row.cells[0][0].text.content.length should be ≤ `2000`, instead was `2001`.");
    const caption = await appendError([{ code: { rich_text: [], language: "python", caption: [text(x(2001))] } }]);
    expect(caption.message).toContain("body.children[0].code.caption[0].text.content.length should be ≤ `2000`");
  });
});

describe("children", () => {
  test("≤ 100 children per array, at the top and nested", async () => {
    const top = await appendError(Array.from({ length: 101 }, (_, i) => paragraph(`p${i}`)));
    expect(top.message).toBe("body failed validation: body.children.length should be ≤ `100`, instead was `101`.");
    const nested = await appendError([{ toggle: { rich_text: [], children: Array.from({ length: 150 }, () => paragraph("c")) } }]);
    expect(nested.message).toBe("body failed validation: body.children[0].toggle.children.length should be ≤ `100`, instead was `150`.");
  });

  test("two levels of nesting below the top-level blocks are accepted, a third is refused", async () => {
    await appendOk([bullet("1", [bullet("1.1", [bullet("1.1.1")])])]);
    expect(h.notion.blockTree(page)[0]!.children![0]!.children![0]).toMatchObject({ type: "bulleted_list_item" });
    page = h.notion.createPage({ title: "Limits", sharedWith: [h.token] });
    const error = await appendError([bullet("1", [bullet("1.1", [bullet("1.1.1", [bullet("too deep")])])])]);
    expect(error.message).toMatch(
      /^body failed validation: body\.children\[0\]\.bulleted_list_item\.children\[0\]\.bulleted_list_item\.children\[0\]\.bulleted_list_item\.children should be not present, instead was `\[/,
    );
  });

  test("with maxNestingDepth 1, a grandchild may not have children", async () => {
    h.notion.setMaxNestingDepth(1);
    try {
      const error = await appendError([bullet("1", [bullet("1.1", [bullet("1.1.1")])])]);
      expect(error.message).toMatch(/^body failed validation: body\.children\[0\]\.bulleted_list_item\.children\[0\]\.bulleted_list_item\.children should be not present/);
    } finally {
      h.notion.setMaxNestingDepth(2);
    }
  });

  test("children at block level (outside the type payload) are refused", async () => {
    const error = await appendError([{ type: "toggle", toggle: { rich_text: [] }, children: [paragraph("x")] }]);
    expect(error.message).toMatch(/^body failed validation: body\.children\[0\]\.children should be not present/);
  });

  test("≤ 1000 block elements in one request, nested ones included", async () => {
    const toggle = (n: number) => ({ toggle: { rich_text: [], children: Array.from({ length: n }, () => paragraph("c")) } });
    await appendOk(Array.from({ length: 100 }, () => toggle(9)));
    expect(h.notion.blockTree(page)).toHaveLength(100);
    page = h.notion.createPage({ title: "Limits", sharedWith: [h.token] });
    const error = await appendError(Array.from({ length: 100 }, () => toggle(10)));
    expect(error.message).toBe(
      "body failed validation: body.children should contain ≤ `1000` block elements in total (nested children included), instead was `1100`.",
    );
  });

  test("page creation applies the same limits to its children", async () => {
    const error = await h
      .client()
      .pages.create({ parent: { page_id: page }, properties: { title: { title: [text("t")] } }, children: Array.from({ length: 101 }, () => paragraph("p")) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "validation_error", message: "body failed validation: body.children.length should be ≤ `100`, instead was `101`." });
    expect(h.notion.blockTree(page)).toEqual([]);
  });
});

describe("payload and block schema", () => {
  test("a body over 500KB is refused with 413", async () => {
    const big = Array.from({ length: 100 }, () => ({ paragraph: { rich_text: [text(x(2000)), text(x(2000)), text(x(2000))] } }));
    const error = await appendError(big);
    expect(error.status).toBe(413);
    expect(error.code).toBe("validation_error");
    expect(error.message).toMatch(/^Request body too large: the limit is 500000 bytes \(500KB\), instead was \d+ bytes\.$/);
  });

  test("code.language must be one of Notion's languages", async () => {
    await appendOk([{ code: { rich_text: [text("let a = 1")], language: "typescript" } }, { code: { rich_text: [], language: "plain text" } }]);
    page = h.notion.createPage({ title: "Limits", sharedWith: [h.token] });
    const error = await appendError([{ code: { rich_text: [text("x")], language: "ts" } }]);
    expect(error.message).toMatch(/^body failed validation: body\.children\[0\]\.code\.language should be `"abap"`, .*`"typescript"`.* or `"java\/c\/c\+\+\/c#"`, instead was `"ts"`\.$/);
  });

  test("unknown block types and read-only ones are refused", async () => {
    const unknown = await appendError([{ type: "fancy", fancy: {} }]);
    expect(unknown.message).toMatch(/^body failed validation: body\.children\[0\]\.type should be `"paragraph"`, .*instead was `"fancy"`\.$/);
    const untyped = await appendError([{ sparkle: { rich_text: [] } }]);
    expect(untyped.message).toContain('instead was `"sparkle"`');
    const childPage = await appendError([{ child_page: { title: "x" } }]);
    expect(childPage.message).toContain('instead was `"child_page"`');
  });

  test("missing required fields are reported", async () => {
    expect((await appendError([{ paragraph: {} }])).message).toBe("body failed validation: body.children[0].paragraph.rich_text should be defined, instead was `undefined`.");
    expect((await appendError([{ type: "paragraph" }])).message).toBe("body failed validation: body.children[0].paragraph should be defined, instead was `undefined`.");
    expect((await appendError([{ table: { table_width: 2 } }])).message).toBe("body failed validation: body.children[0].table.children should be defined, instead was `undefined`.");
  });

  test("table rows must match table_width, in the request and when appended to an existing table", async () => {
    const row = (n: number) => ({ table_row: { cells: Array.from({ length: n }, () => [text("c")]) } });
    const error = await appendError([{ table: { table_width: 3, children: [row(3), row(2)] } }]);
    expect(error.message).toBe("body failed validation: body.children[0].table.children[1].table_row.cells.length should be `3` (the table's table_width), instead was `2`.");
    const created = await h.client().blocks.children.append({ block_id: page, children: [{ table: { table_width: 2, children: [row(2) as never] } }] });
    const table = created.results[0]!.id;
    await h.client().blocks.children.append({ block_id: table, children: [row(2) as never] });
    await expect(h.client().blocks.children.append({ block_id: table, children: [row(4) as never] })).rejects.toMatchObject({
      message: "body failed validation: body.children[0].table_row.cells.length should be `2` (the table's table_width), instead was `4`.",
    });
    await expect(h.client().blocks.children.append({ block_id: table, children: [paragraph("not a row")] })).rejects.toMatchObject({ code: "validation_error" });
    expect(h.notion.blockTree(page)[0]!.children).toHaveLength(2);
  });
});

describe("property values", () => {
  function db() {
    return h.notion.createDatabase({
      title: "Props",
      sharedWith: [h.token],
      properties: { Name: { title: {} }, Summary: { rich_text: {} }, Link: { url: {} }, Mail: { email: {} }, Tags: { multi_select: {} } },
    });
  }

  test("rich text, url, email and multi_select values respect Notion's limits", async () => {
    const { dataSourceId, databaseId } = db();
    const client = h.client();
    const create = (properties: Record<string, unknown>) => client.pages.create({ parent: { data_source_id: dataSourceId }, properties: properties as never });
    await expect(create({ Summary: { rich_text: [text(x(2001))] } })).rejects.toMatchObject({
      message: "body failed validation: body.properties.Summary.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.",
    });
    await expect(create({ Link: { url: `https://e.com/${x(1990)}` } })).rejects.toMatchObject({
      message: "body failed validation: body.properties.Link.url.length should be ≤ `2000`, instead was `2004`.",
    });
    await expect(create({ Mail: { email: `${x(200)}@e.com` } })).rejects.toMatchObject({ message: expect.stringContaining("body.properties.Mail.email.length should be ≤ `200`") });
    await expect(create({ Tags: { multi_select: Array.from({ length: 101 }, (_, i) => ({ name: `t${i}` })) } })).rejects.toMatchObject({
      message: expect.stringContaining("body.properties.Tags.multi_select.length should be ≤ `100`"),
    });
    expect(h.notion.rows(databaseId)).toEqual([]);
  });
});
