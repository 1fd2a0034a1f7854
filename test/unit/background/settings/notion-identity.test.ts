/**
 * Who the saved Notion token acts as is learned once from users/me, kept in
 * settings, published to the gateway's error advice, and forgotten when the
 * token changes.
 */
import { testVault } from "../../../support/vault";
import { Client, LogLevel } from "@notionhq/client";
import { buildRequestError } from "@notionhq/client/build/src/errors";
import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NotionIdentityService } from "../../../../src/background/settings/notion-identity";
import { SettingsService } from "../../../../src/background/settings/settings";
import { currentNotionAccess, setNotionAccess } from "../../../../src/notion/access";
import { fromNotionError } from "../../../../src/notion/errors";
import { resolveTarget } from "../../../../src/notion/targets";
import type { NotionIdentity } from "../../../../src/shared/protocol/types";
import { TypedStore } from "../../../../src/shared/storage/store";

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
    settings = new SettingsService(store, testVault());
    fetchIdentity = vi.fn(async () => ADA);
    identity = new NotionIdentityService(settings, fetchIdentity);
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
    await new NotionIdentityService(settings, fetchIdentity).load();
    expect(currentNotionAccess()).toEqual({ kind: "personal", name: "Ada Lovelace" });

    await settings.save({ models: { gemini: "gemini-3-flash" } });
    expect((await store.get("settings")).notionIdentity).toEqual(ADA); // other settings keep it

    await settings.save({ secrets: { notionToken: "ntn_integration" } });
    expect((await store.get("settings")).notionIdentity).toBeUndefined();
    await identity.load();
    expect(currentNotionAccess()).toBeUndefined();
  });

  it("at worker start, learns the kind of a saved token whose kind isn't stored, and asks no more once it is", async () => {
    // Saved while Notion couldn't be asked, or by a version that didn't tell kinds apart.
    await settings.save({ secrets: { notionToken: "pat_ada" } });
    const { learned } = await identity.load();
    await learned;
    expect(currentNotionAccess()).toEqual({ kind: "personal", name: "Ada Lovelace" });
    expect((await store.get("settings")).notionIdentity).toEqual(ADA);

    setNotionAccess(undefined); // the next worker
    await (await new NotionIdentityService(settings, fetchIdentity).load()).learned;
    expect(currentNotionAccess()).toEqual({ kind: "personal", name: "Ada Lovelace" });
    expect(fetchIdentity).toHaveBeenCalledTimes(1);
  });

  it("a saved token Notion rejects gets advice for either kind when a link is checked, not the integration's", async () => {
    await settings.save({ secrets: { notionToken: "pat_mistyped" } });
    fetchIdentity.mockImplementation(async () => {
      throw fromNotionError(notionError(401, "unauthorized"));
    });
    const rejecting = new Client({
      auth: "pat_mistyped",
      retry: false,
      logLevel: LogLevel.ERROR,
      logger: () => {},
      fetch: async () => new Response(JSON.stringify({ object: "error", status: 401, code: "unauthorized", message: "API token is invalid." }), { status: 401 }),
    });
    const failure = await resolveTarget(rejecting, "https://www.notion.so/Notes-0123456789abcdef0123456789abcdef", "page", await identity.accessFor("pat_mistyped")).then(
      () => new Error("resolved"),
      (error: unknown) => error as Error,
    );
    expect(failure).toMatchObject({ code: "notion_unauthorized" });
    expect(failure.message).toContain("notion.so/developers/tokens");
    expect(failure.message).toContain("notion.so/profile/integrations");
  });

  it("ignores an answer about a token that isn't the saved one (Test on a token typed but not saved)", async () => {
    await settings.save({ secrets: { notionToken: "ntn_saved" } });
    await identity.remember("pat_typed", ADA);
    expect((await store.get("settings")).notionIdentity).toBeUndefined();
    expect(currentNotionAccess()).toBeUndefined();
  });

  it("knows no kind when Notion can't be asked, and asks again next time", async () => {
    await settings.save({ secrets: { notionToken: "ntn_x" } });
    fetchIdentity.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await identity.accessFor("ntn_x")).toBeUndefined();
    expect(await identity.accessFor("ntn_x")).toEqual({ kind: "personal", name: "Ada Lovelace" });
    expect(fetchIdentity).toHaveBeenCalledTimes(2);
  });
});

describe("NotionIdentityService alongside settings saves", () => {
  /** A fresh store with `pat_ada` saved, then `remember` and a save started together, in the order given. */
  async function race(saveFirst: boolean, patch: Parameters<SettingsService["save"]>[0]): Promise<{ store: TypedStore; settings: SettingsService }> {
    fakeBrowser.reset();
    setNotionAccess(undefined);
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = new SettingsService(store, testVault());
    await settings.save({ secrets: { notionToken: "pat_ada" } });
    const identity = new NotionIdentityService(settings, async () => ADA);
    const remember = () => identity.remember("pat_ada", ADA);
    const save = () => settings.save(patch);
    await Promise.all(saveFirst ? [save(), remember()] : [remember(), save()]);
    return { store, settings };
  }

  it.each([false, true])("keeps both a settings save and the identity stored meanwhile (save first: %s)", async (saveFirst) => {
    const { store } = await race(saveFirst, { concurrency: 7, usage: { monthlyBudget: 12 } });
    expect(await store.get("settings")).toMatchObject({ concurrency: 7, usage: { monthlyBudget: 12 }, notionIdentity: ADA });
  });

  it.each([false, true])("doesn't give a new token the identity of the one it replaced (save first: %s)", async (saveFirst) => {
    const { store, settings } = await race(saveFirst, { secrets: { notionToken: "ntn_integration" } });
    expect((await settings.view()).secrets.notionToken).toBe("ntn_integration");
    expect((await store.get("settings")).notionIdentity).toBeUndefined();
  });
});
