/**
 * Who the saved Notion token acts as is learned once from users/me, kept in
 * settings, published to the gateway's error advice, and forgotten when the
 * token changes.
 */
import { buildRequestError } from "@notionhq/client/build/src/errors";
import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NotionIdentityService } from "../../../src/background/notion-identity";
import { SettingsService } from "../../../src/background/settings";
import { currentNotionAccess, setNotionAccess } from "../../../src/notion/access";
import { fromNotionError } from "../../../src/notion/errors";
import type { NotionIdentity } from "../../../src/shared/protocol";
import { TypedStore } from "../../../src/shared/storage/store";

/** An error exactly as the SDK builds it from Notion's answer. */
function notionError(status: number, code: string): unknown {
  const body = JSON.stringify({ object: "error", status, code, message: "Could not find page with ID: 1." });
  return buildRequestError(new Response(body, { status, headers: { "content-type": "application/json" } }) as never, body);
}

const ADA: NotionIdentity = { kind: "personal", name: "Ada Lovelace", workspaceName: "" };

describe("NotionIdentityService", () => {
  let store: TypedStore;
  let settings: SettingsService;
  let fetchIdentity: ReturnType<typeof vi.fn<(token: string) => Promise<NotionIdentity>>>;
  let identity: NotionIdentityService;

  beforeEach(async () => {
    fakeBrowser.reset();
    setNotionAccess(undefined);
    store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    settings = new SettingsService(store);
    fetchIdentity = vi.fn(async () => ADA);
    identity = new NotionIdentityService(store, fetchIdentity);
  });

  it("asks Notion once, stores the answer for the saved token, and gives a PAT's advice from then on", async () => {
    await settings.save({ secrets: { notionToken: "pat_ada" } });
    expect(await identity.accessFor("pat_ada")).toEqual({ kind: "personal", name: "Ada Lovelace" });
    expect(await identity.accessFor("pat_ada")).toEqual({ kind: "personal", name: "Ada Lovelace" });
    expect(fetchIdentity).toHaveBeenCalledTimes(1);
    expect((await store.get("settings")).notionIdentity).toEqual(ADA);

    expect(currentNotionAccess()).toEqual({ kind: "personal", name: "Ada Lovelace" });
    // Every 404 the gateway classifies from now on carries the PAT's advice, not "share it with the integration".
    const notFound = fromNotionError(notionError(404, "object_not_found"), "the page");
    expect(notFound.code).toBe("notion_not_shared");
    expect(notFound.message).toContain("Ada Lovelace has no access to it");
    expect(notFound.message).not.toMatch(/Connections/);
  });

  it("survives a worker restart through settings, and forgets the identity when the token changes", async () => {
    await settings.save({ secrets: { notionToken: "pat_ada" } });
    await identity.remember("pat_ada", ADA);
    setNotionAccess(undefined); // a new worker
    await new NotionIdentityService(store, fetchIdentity).load();
    expect(currentNotionAccess()).toEqual({ kind: "personal", name: "Ada Lovelace" });

    await settings.save({ models: { gemini: "gemini-3-flash" } });
    expect((await store.get("settings")).notionIdentity).toEqual(ADA); // other settings keep it

    await settings.save({ secrets: { notionToken: "ntn_integration" } });
    expect((await store.get("settings")).notionIdentity).toBeUndefined();
    await identity.load();
    expect(currentNotionAccess()).toBeUndefined();
  });

  it("ignores an answer about a token that isn't the saved one (Test on a token typed but not saved)", async () => {
    await settings.save({ secrets: { notionToken: "ntn_saved" } });
    await identity.remember("pat_typed", ADA);
    expect((await store.get("settings")).notionIdentity).toBeUndefined();
    expect(currentNotionAccess()).toBeUndefined();
  });

  it("falls back to an unnamed integration when Notion can't be asked, and asks again next time", async () => {
    await settings.save({ secrets: { notionToken: "ntn_x" } });
    fetchIdentity.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await identity.accessFor("ntn_x")).toEqual({ kind: "integration" });
    expect(await identity.accessFor("ntn_x")).toEqual({ kind: "personal", name: "Ada Lovelace" });
    expect(fetchIdentity).toHaveBeenCalledTimes(2);
  });
});
