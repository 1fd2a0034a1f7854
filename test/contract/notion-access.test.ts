/**
 * Contract: authentication, sharing (visibility), Notion-Version handling and
 * the error envelope of the Notion emulator.
 */
import { APIResponseError, Client, LogLevel } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compactId } from "../sandbox/notion/ids";
import { startNotion, type NotionHarness } from "../sandbox/notion/harness";

let h: NotionHarness;
beforeAll(async () => {
  h = await startNotion();
});
afterAll(() => h.close());

const notShared = (kind: string, id: string) =>
  `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`;

function raw(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${h.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${h.token}`, "notion-version": "2026-03-11", ...init.headers } });
}

describe("authentication", () => {
  test("an unknown token is 401 unauthorized", async () => {
    const client = new Client({ auth: "ntn_wrong", baseUrl: h.server.url, notionVersion: "2026-03-11", retry: false, logLevel: LogLevel.ERROR });
    const error = await client.users.me({}).catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, code: "unauthorized", message: "API token is invalid." });
  });

  test("a missing Authorization header is 401 too", async () => {
    const res = await fetch(`${h.server.url}/v1/users/me`, { headers: { "notion-version": "2026-03-11" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ object: "error", status: 401, code: "unauthorized" });
  });
});

describe("sharing", () => {
  test("an object not shared with the integration is a 404 with Notion's message", async () => {
    const hidden = h.notion.createPage({ title: "Private" });
    const client = h.client();
    await expect(client.pages.retrieve({ page_id: hidden })).rejects.toMatchObject({ status: 404, code: "object_not_found", message: notShared("page", hidden) });
    await expect(client.blocks.children.list({ block_id: hidden })).rejects.toMatchObject({ status: 404, message: notShared("block", hidden) });
    await expect(client.blocks.children.append({ block_id: compactId(hidden), children: [] })).rejects.toMatchObject({ status: 404, message: notShared("block", hidden) });
    await expect(client.pages.create({ parent: { page_id: hidden }, properties: {} })).rejects.toMatchObject({ status: 404, message: notShared("page", hidden) });
    const db = h.notion.createDatabase({ title: "Hidden db", properties: { Name: { title: {} } } });
    await expect(client.databases.retrieve({ database_id: db.databaseId })).rejects.toMatchObject({ message: notShared("database", db.databaseId) });
    await expect(client.dataSources.query({ data_source_id: db.dataSourceId })).rejects.toMatchObject({ message: notShared("data_source", db.dataSourceId) });
  });

  test("sharing a page shares its descendants: sub-pages, blocks, databases, rows", async () => {
    const root = h.notion.createPage({ title: "Team", blocks: ["intro"] });
    const sub = h.notion.createPage({ parentPageId: root, title: "Sub" });
    const db = h.notion.createDatabase({ parentPageId: sub, title: "Rows", properties: { Name: { title: {} } }, rows: [{ Name: "r" }] });
    const client = h.client();
    await expect(client.pages.retrieve({ page_id: db.rowIds[0]! })).rejects.toMatchObject({ status: 404 });
    h.notion.share(root, h.token);
    await expect(client.pages.retrieve({ page_id: sub })).resolves.toMatchObject({ id: sub });
    await expect(client.blocks.retrieve({ block_id: h.notion.blockTree(root)[0]!.id })).resolves.toMatchObject({ type: "paragraph" });
    await expect(client.dataSources.query({ data_source_id: db.dataSourceId })).resolves.toMatchObject({ results: [expect.objectContaining({ id: db.rowIds[0] })] });
    h.notion.unshare(root, h.token);
    await expect(client.pages.retrieve({ page_id: sub })).rejects.toMatchObject({ status: 404 });
  });

  test("what one integration is given, another does not see", async () => {
    h.notion.addIntegration({ token: "ntn_other", name: "Other" });
    const page = h.notion.createPage({ title: "Only Inkwell", sharedWith: [h.token] });
    const other = h.client({ auth: "ntn_other" });
    await expect(other.pages.retrieve({ page_id: page })).rejects.toMatchObject({ status: 404 });
    await expect(h.client().pages.retrieve({ page_id: page })).resolves.toMatchObject({ id: page });
    const results = (await other.search({})).results;
    expect(results.map((r) => r.id)).not.toContain(page);
  });
});

describe("Notion-Version", () => {
  test("a missing header is 400 missing_version", async () => {
    const res = await fetch(`${h.server.url}/v1/users/me`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({
      object: "error",
      status: 400,
      code: "missing_version",
      message: "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
      request_id: res.headers.get("x-notion-request-id"),
    });
  });

  test("an unsupported version is a 400 validation_error naming the supported ones", async () => {
    const error = await h.client({ notionVersion: "2022-06-28" }).users.me({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "validation_error" });
    expect((error as Error).message).toBe(
      'Notion-Version header failed validation: Notion-Version header should be one of `"2025-09-03"`, `"2026-03-11"`, `"2026-12-01"` (the versions this emulator implements), instead was `"2022-06-28"`.',
    );
  });

  test("both 2025-09-03 and 2026-03-11 are served", async () => {
    await expect(h.client({ notionVersion: "2025-09-03" }).users.me({})).resolves.toMatchObject({ type: "bot" });
    await expect(h.client({ notionVersion: "2026-03-11" }).users.me({})).resolves.toMatchObject({ type: "bot" });
  });
});

describe("error envelope", () => {
  test("every error is { object, status, code, message, request_id } with the request id header", async () => {
    const cases: [Promise<Response>, number, string][] = [
      [raw("/v1/pages", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }), 400, "invalid_json"],
      [raw("/v1/nowhere"), 400, "invalid_request_url"],
      [raw("/v1/pages/not-a-uuid"), 400, "validation_error"],
      [raw("/v1/pages", { method: "POST", body: "[1]" }), 400, "validation_error"],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(status);
      expect(Object.keys(body).sort()).toEqual(["code", "message", "object", "request_id", "status"]);
      expect(body).toMatchObject({ object: "error", status, code });
      expect(body.request_id).toBe(res.headers.get("x-notion-request-id"));
    }
  });

  test("a malformed path id gets Notion's path validation message", async () => {
    const res = await raw("/v1/blocks/xyz/children");
    expect(((await res.json()) as { message: string }).message).toBe('path failed validation: path.block_id should be a valid uuid, instead was `"xyz"`.');
  });

  test("CORS preflight is answered", async () => {
    const res = await fetch(`${h.server.url}/v1/users/me`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});
