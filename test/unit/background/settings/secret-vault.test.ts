/** Keys live in the extension origin's IndexedDB: never in storage.local, never in a page's view, never in a storage event. */
import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testVault } from "../../../support/vault";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { SettingsService } = await import("../../../../src/background/settings/settings");
const { IndexedDbSecretVault, moveSecretsToVault } = await import("../../../../src/background/settings/secret-vault");
const { TypedStore } = await import("../../../../src/shared/storage/store");
const { emptySecrets } = await import("../../../../src/shared/storage/schema");

const NOTION = "ntn_unitTestToken1234567890abcd9f2c";
const GEMINI = "AIzaUnitTestKey0123456789abcdefWXYZ";

describe("secret vault", () => {
  beforeEach(() => fakeBrowser.reset());

  async function service(vault = testVault()) {
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    await moveSecretsToVault(fakeBrowser.storage.local as never, vault);
    return { settings: new SettingsService(store, vault, fakeBrowser.storage.local as never), vault };
  }

  it("saves keys in the vault only: storage.local and its change events never hold one", async () => {
    const { settings, vault } = await service();
    const changes: unknown[] = [];
    fakeBrowser.storage.onChanged.addListener((change) => changes.push(change));
    await settings.save({ secrets: { notionToken: ` ${NOTION}\n`, geminiKey: GEMINI } });
    expect(await vault.read()).toEqual({ ...emptySecrets(), notionToken: NOTION, geminiKey: GEMINI });
    const everything = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(everything).not.toContain(NOTION);
    expect(everything).not.toContain(GEMINI);
    expect(everything).not.toContain('"secrets"');
    expect(JSON.stringify(changes)).not.toContain(NOTION.slice(4, -4));
    expect(changes.some((change) => Object.keys(change as object).includes("secretsChangedAt"))).toBe(true);
    expect(await settings.requireNotionToken()).toBe(NOTION);
  });

  it("tells pages only whether each key is set and its last four characters", async () => {
    const { settings } = await service();
    const saved = await settings.save({ secrets: { notionToken: NOTION, compatibleKey: "ollama" } });
    const read = await settings.pageView();
    for (const view of [saved, read]) {
      expect(view.secrets).toEqual({
        notionToken: { set: true, ending: "9f2c" },
        geminiKey: { set: false, ending: "" },
        openaiKey: { set: false, ending: "" },
        anthropicKey: { set: false, ending: "" },
        // A short key shows no ending: four characters would give most of it away.
        compatibleKey: { set: true, ending: "" },
      });
      expect(view.protection).toEqual({ ok: true });
      expect(JSON.stringify(view)).not.toContain("ollama");
    }
  });

  it("keeps a key nobody typed, and removes one sent as empty", async () => {
    const { settings, vault } = await service();
    await settings.save({ secrets: { notionToken: NOTION, geminiKey: GEMINI } });
    await settings.save({ models: { gemini: "gemini-pro-latest" }, secrets: {} });
    await settings.save({ secrets: { geminiKey: "" } });
    expect(await vault.read()).toEqual({ ...emptySecrets(), notionToken: NOTION });
  });

  it("refuses to save keys when the vault can't be opened, never falling back to storage.local, and says so", async () => {
    const broken = new IndexedDbSecretVault(() => {
      throw new Error("The user denied permission to access the database.");
    });
    const { settings } = await service(testVault());
    const unprotected = new SettingsService(new TypedStore(fakeBrowser.storage.local as never), broken, fakeBrowser.storage.local as never);
    await expect(unprotected.save({ secrets: { notionToken: NOTION } })).rejects.toMatchObject({ code: "secrets_unprotected" });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(NOTION);
    const view = await unprotected.pageView();
    expect(view.protection).toMatchObject({ ok: false, problem: expect.stringContaining("keys can't be kept out of reach of web pages") });
    expect((await settings.pageView()).protection).toEqual({ ok: true });
  });

  it("saved keys are reported saved and protected even when storage.local refuses the change cue (storage full)", async () => {
    const { vault } = await service();
    const area = fakeBrowser.storage.local;
    const full = Object.assign(Object.create(area) as typeof area, {
      set: async (items: Record<string, unknown>) => {
        if ("secretsChangedAt" in items) throw new Error("QUOTA_BYTES quota exceeded");
        await area.set(items);
      },
    });
    const settings = new SettingsService(new TypedStore(area as never), vault, full as never);
    const view = await settings.save({ secrets: { notionToken: NOTION } });
    expect(view.protection).toEqual({ ok: true });
    expect(view.secrets.notionToken).toMatchObject({ set: true });
    expect(await vault.read()).toMatchObject({ notionToken: NOTION });
  });

  it("after a failed move, still uses the old copy and says keys are unprotected, until a save completes the move", async () => {
    await fakeBrowser.storage.local.set({ secrets: { ...emptySecrets(), notionToken: NOTION, geminiKey: GEMINI } });
    const vault = testVault();
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    const settings = new SettingsService(store, vault, fakeBrowser.storage.local as never);
    const write = vault.write.bind(vault);
    vault.write = () => Promise.reject(new Error("QuotaExceededError"));
    const failure = await moveSecretsToVault(fakeBrowser.storage.local as never, vault).catch((error: unknown) => error);
    settings.markUnprotected(failure);
    expect(await settings.requireNotionToken()).toBe(NOTION);
    expect((await settings.pageView()).protection).toMatchObject({ ok: false, problem: expect.stringContaining("QuotaExceededError") });

    vault.write = write;
    await settings.save({ secrets: { geminiKey: "AIzaReplacedKey0123456789abcdefghij" } });
    expect((await settings.pageView()).protection).toEqual({ ok: true });
    expect(await vault.read()).toEqual({ ...emptySecrets(), notionToken: NOTION, geminiKey: "AIzaReplacedKey0123456789abcdefghij" });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(NOTION);
  });

  it("forgets keys on Clear all data even when a read that began before the clear finishes after it", async () => {
    const { settings, vault } = await service();
    await settings.save({ secrets: { notionToken: NOTION } });
    // A fresh worker (nothing cached) whose first read of the vault is slow.
    let release: (() => void) | undefined;
    const slow = Object.assign(Object.create(vault) as typeof vault, {
      read: async () => {
        const value = await vault.read();
        await new Promise<void>((resolve) => (release = resolve));
        return value;
      },
    });
    const fresh = new SettingsService(new TypedStore(fakeBrowser.storage.local as never), slow, fakeBrowser.storage.local as never);
    const during = fresh.requireNotionToken();
    await vi.waitFor(() => expect(release).toBeDefined());
    await fresh.clearSecrets();
    release?.();
    await during;
    slow.read = () => vault.read();
    await expect(fresh.requireNotionToken()).rejects.toMatchObject({ code: "not_configured" });
  });

  it("a save still writing when Clear all data starts doesn't write its keys back after the clear", async () => {
    const { vault } = await service();
    let writing: (() => void) | undefined;
    const slow = Object.assign(Object.create(vault) as typeof vault, {
      write: async (secrets: Parameters<typeof vault.write>[0]) => {
        await new Promise<void>((resolve) => (writing = resolve));
        await vault.write(secrets);
      },
    });
    const settings = new SettingsService(new TypedStore(fakeBrowser.storage.local as never), slow, fakeBrowser.storage.local as never);
    const saving = settings.save({ secrets: { notionToken: NOTION } });
    await vi.waitFor(() => expect(writing).toBeDefined());
    const clearing = settings.clearSecrets();
    await new Promise((resolve) => setTimeout(resolve, 20));
    writing?.();
    await Promise.all([saving, clearing]);
    expect(await vault.read()).toBeUndefined();
    await expect(settings.requireNotionToken()).rejects.toMatchObject({ code: "not_configured" });
  });

  describe("moving keys out of storage.local", () => {
    const legacy = { notionToken: NOTION, geminiKey: GEMINI, openaiKey: "", anthropicKey: "", compatibleKey: "" };

    it("writes the vault before removing the old copy, leaving storage exactly without it", async () => {
      await fakeBrowser.storage.local.set({ meta: { schemaVersion: 3 }, secrets: legacy, settings: { engine: "gemini" } });
      const vault = testVault();
      const order: string[] = [];
      const write = vault.write.bind(vault);
      vault.write = async (secrets) => {
        order.push("vault.write");
        await write(secrets);
      };
      const area = fakeBrowser.storage.local;
      const remove = area.remove.bind(area);
      area.remove = async (keys) => {
        order.push("storage.remove");
        await remove(keys);
      };
      await moveSecretsToVault(area as never, vault);
      expect(order).toEqual(["vault.write", "storage.remove"]);
      expect(await vault.read()).toEqual(legacy);
      expect(await fakeBrowser.storage.local.get(null)).toEqual({ meta: { schemaVersion: 3 }, settings: { engine: "gemini" } });
    });

    it("keeps the old copy when the vault refuses, so no key is lost", async () => {
      await fakeBrowser.storage.local.set({ secrets: legacy });
      const broken = testVault();
      broken.write = () => Promise.reject(new Error("QuotaExceededError"));
      await expect(moveSecretsToVault(fakeBrowser.storage.local as never, broken)).rejects.toThrow("QuotaExceededError");
      expect(await fakeBrowser.storage.local.get(null)).toEqual({ secrets: legacy });
    });

    it("is idempotent: a leftover old copy never overwrites keys already in the vault", async () => {
      const vault = testVault();
      await vault.write({ ...legacy, geminiKey: "AIzaNewerKeySavedAfterTheMove" });
      await fakeBrowser.storage.local.set({ secrets: legacy });
      await moveSecretsToVault(fakeBrowser.storage.local as never, vault);
      await moveSecretsToVault(fakeBrowser.storage.local as never, vault);
      expect((await vault.read())?.geminiKey).toBe("AIzaNewerKeySavedAfterTheMove");
      expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    });

    it("keeps only known string keys from an old copy", async () => {
      const vault = testVault();
      await fakeBrowser.storage.local.set({ secrets: { notionToken: NOTION, stray: "x", geminiKey: 42 } });
      await moveSecretsToVault(fakeBrowser.storage.local as never, vault);
      expect(await vault.read()).toEqual({ ...emptySecrets(), notionToken: NOTION });
    });
  });
});
