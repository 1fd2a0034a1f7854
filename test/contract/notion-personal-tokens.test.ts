/**
 * Contract: personal access tokens. A PAT acts as the member who created it and
 * sees exactly what that person can open (developers.notion.com: "it uses that
 * user's workspace membership and page permissions"); users/me answers with the
 * person ("For personal access tokens, this endpoint returns the user who created
 * the token"); the Free-plan block limit doesn't apply to PATs. Driven through
 * the official SDK, as Inkwell uses it.
 */
import { APIResponseError, Client, LogLevel } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { paragraph, startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
let bob: string;
beforeAll(async () => {
  h = await startNotion();
  bob = h.notion.addMember({ name: "Bob Builder", email: "bob@example.com" });
  h.notion.addPersonalToken({ token: "pat_ada", personId: h.notion.ownerId });
  h.notion.addPersonalToken({ token: "pat_bob", personId: bob });
});
afterAll(() => h.close());

const as = (token: string) => new Client({ auth: token, baseUrl: h.server.url, notionVersion: "2026-03-11", retry: false, logLevel: LogLevel.ERROR });

describe("personal access tokens", () => {
  test("users/me is the token's person, with no bot and no workspace fields; an integration's is still its bot", async () => {
    const me = await as("pat_bob").users.me({});
    expect(me).toEqual({ object: "user", id: bob, name: "Bob Builder", avatar_url: null, type: "person", person: { email: "bob@example.com" } });
    const ada = await as("pat_ada").users.me({});
    expect(ada).toMatchObject({ type: "person", id: h.notion.ownerId, name: "Ada Lovelace" });
    await expect(h.client().users.me({})).resolves.toMatchObject({ type: "bot", name: "Inkwell", bot: { workspace_name: "Inkwell Sandbox" } });
  });

  test("a PAT sees exactly what its person can open, with no sharing with any integration", async () => {
    const team = h.notion.createPage({ title: "Team wiki", blocks: ["hello"] });
    const sub = h.notion.createPage({ parentPageId: team, title: "Runbook" });
    const db = h.notion.createDatabase({ parentPageId: team, title: "Tasks", properties: { Name: { title: {} } }, rows: [{ Name: "r1" }] });
    const adaOnly = h.notion.createPage({ title: "Ada's private notes" });
    h.notion.grantAccess(team, h.notion.ownerId);
    h.notion.grantAccess(adaOnly, h.notion.ownerId);

    const ada = as("pat_ada");
    await expect(ada.pages.retrieve({ page_id: sub })).resolves.toMatchObject({ id: sub });
    await expect(ada.dataSources.query({ data_source_id: db.dataSourceId })).resolves.toMatchObject({ results: [expect.objectContaining({ id: db.rowIds[0] })] });
    await expect(ada.pages.retrieve({ page_id: adaOnly })).resolves.toMatchObject({ id: adaOnly });
    // The integration was never given any of it.
    await expect(h.client().pages.retrieve({ page_id: team })).rejects.toMatchObject({ status: 404, code: "object_not_found" });

    // Bob can open nothing until the page is shared with him; then everything inside it, and still not Ada's notes.
    const bobClient = as("pat_bob");
    const error = await bobClient.pages.retrieve({ page_id: sub }).catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: "object_not_found" });
    h.notion.grantAccess(team, bob);
    await expect(bobClient.pages.retrieve({ page_id: sub })).resolves.toMatchObject({ id: sub });
    await expect(bobClient.pages.retrieve({ page_id: adaOnly })).rejects.toMatchObject({ status: 404 });
    const found = await bobClient.search({ query: "" });
    const ids = found.results.map((result) => result.id);
    expect(ids).toEqual(expect.arrayContaining([team, sub]));
    expect(ids).not.toContain(adaOnly);
    h.notion.revokeAccess(team, bob);
    await expect(bobClient.pages.retrieve({ page_id: team })).rejects.toMatchObject({ status: 404 });
  });

  test("a PAT writes as its person, and sharedWith a PAT gives its person access", async () => {
    const page = h.notion.createPage({ title: "Shared with Bob", sharedWith: ["pat_bob"] });
    const bobClient = as("pat_bob");
    const appended = await bobClient.blocks.children.append({ block_id: page, children: [paragraph("from Bob")] });
    expect(appended.results[0]).toMatchObject({ created_by: { object: "user", id: bob } });
    const row = h.notion.createDatabase({ parentPageId: page, title: "Log", properties: { Name: { title: {} } } });
    const created = await bobClient.pages.create({ parent: { data_source_id: row.dataSourceId }, properties: { Name: { title: [{ text: { content: "by Bob" } }] } } });
    expect(created).toMatchObject({ created_by: { id: bob }, last_edited_by: { id: bob } });
  });

  test("users: a PAT cannot list the workspace's users, but can retrieve one", async () => {
    await expect(as("pat_bob").users.list({})).rejects.toMatchObject({ status: 403, code: "restricted_resource" });
    await expect(as("pat_bob").users.retrieve({ user_id: h.notion.ownerId })).resolves.toMatchObject({ type: "person", name: "Ada Lovelace" });
    const listed = await h.client().users.list({});
    expect(listed.results.map((user) => user.name)).toEqual(expect.arrayContaining(["Ada Lovelace", "Bob Builder", "Inkwell"]));
  });

  test("the Free-plan block limit refuses the integration but not a personal access token", async () => {
    const page = h.notion.createPage({ title: "Almost full", sharedWith: [h.token, "pat_ada"] });
    h.notion.setBlockLimit(1000, { used: 1000 });
    try {
      await expect(h.client().blocks.children.append({ block_id: page, children: [paragraph("bot")] })).rejects.toMatchObject({ status: 403, code: "restricted_resource" });
      await expect(as("pat_ada").blocks.children.append({ block_id: page, children: [paragraph("person")] })).resolves.toBeDefined();
      expect(h.notion.blockUsage().used).toBe(1001); // a PAT's blocks still count toward the workspace's total
    } finally {
      h.notion.setBlockLimit(null);
    }
  });
});
