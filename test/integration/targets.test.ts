/** Next (target resolution) against the Notion emulator: a page or database in Notion's trash is refused with how to restore it. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveTarget } from "../../src/notion/targets";
import { notionUnderTest, TOKEN, type NotionUnderTest } from "./helpers";
import type { NotionAccess } from "../../src/core/errors";

const INTEGRATION: NotionAccess = { kind: "integration", name: "Inkwell Test" };

describe("target resolution", () => {
  let h: NotionUnderTest;
  beforeEach(async () => {
    h = await notionUnderTest({ rateLimit: false });
  });
  afterEach(() => h.close());

  const link = (id: string) => `https://www.notion.so/${id.replace(/-/g, "")}`;

  it("accepts a page and a database the integration can see", async () => {
    const page = h.notion.createPage({ title: "Ideas", sharedWith: [TOKEN] });
    const db = h.notion.createDatabase({ parentPageId: page, title: "Topics", properties: { Name: { title: {} } }, rows: [] });
    await expect(resolveTarget(h.client, link(page), "page", INTEGRATION)).resolves.toMatchObject({ kind: "page", id: page, title: "Ideas" });
    await expect(resolveTarget(h.client, link(db.databaseId), "database", INTEGRATION)).resolves.toMatchObject({ kind: "database", id: db.databaseId, title: "Topics" });
  });

  it("says a page is in the trash and how to restore it, for the page itself and for a page inside a trashed one", async () => {
    const parent = h.notion.createPage({ title: "Old notes", sharedWith: [TOKEN] });
    const child = h.notion.createPage({ title: "Draft", parentPageId: parent, sharedWith: [TOKEN] });
    await h.client.pages.update({ page_id: parent, in_trash: true });
    await expect(resolveTarget(h.client, link(parent), "page", INTEGRATION)).rejects.toMatchObject({
      code: "notion_in_trash",
      message: "This page (“Old notes”) is in Notion's trash, so Inkwell can't write to it. In Notion, open Trash in the sidebar, find “Old notes” (or the page it is in) and choose Restore, then try again.",
    });
    await expect(resolveTarget(h.client, link(child), "page", INTEGRATION)).rejects.toMatchObject({ code: "notion_in_trash", message: expect.stringContaining("“Draft”") });
    await h.client.pages.update({ page_id: parent, in_trash: false });
    await expect(resolveTarget(h.client, link(child), "page", INTEGRATION)).resolves.toMatchObject({ kind: "page", id: child });
  });

  it("says a database is in the trash, whichever type was chosen", async () => {
    const page = h.notion.createPage({ title: "Home", sharedWith: [TOKEN] });
    const db = h.notion.createDatabase({ parentPageId: page, title: "Topics", properties: { Name: { title: {} } }, rows: [] });
    await h.client.databases.update({ database_id: db.databaseId, in_trash: true });
    for (const kind of ["database", "page"] as const) {
      await expect(resolveTarget(h.client, link(db.databaseId), kind, INTEGRATION)).rejects.toMatchObject({
        code: "notion_in_trash",
        message: expect.stringMatching(/^This database \(“Topics”\) is in Notion's trash.*Restore/),
      });
    }
  });

  it("a write to a page trashed after it was chosen says the same, not Notion's raw wording", async () => {
    const page = h.notion.createPage({ title: "Ideas", sharedWith: [TOKEN] });
    await h.client.pages.update({ page_id: page, in_trash: true });
    const { fromNotionError } = await import("../../src/notion/errors");
    const refused = await h.client.blocks.children.append({ block_id: page, children: [{ paragraph: { rich_text: [{ text: { content: "x" } }] } }] }).catch((error: unknown) => fromNotionError(error, "this page"));
    expect(refused).toMatchObject({ code: "notion_in_trash", message: "This page is in Notion's trash (or inside a page that is), so Notion refuses changes. In Notion, open Trash in the sidebar, restore it, then try again." });
  });
});
