/**
 * The worker's answers to the in-Notion panel and toast: a prompt edited in the
 * panel never overwrites a newer save from the popup, and a run can be undone
 * from its page whichever connection of that page started it.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { testVault } from "../../../support/vault";
import type { Runtime } from "webextension-polyfill";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RunManager } from "../../../../src/background/runs/run-manager";
import type { Run } from "../../../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { createContentHandlers, PANEL_CONFLICT_MESSAGE } = await import("../../../../src/background/messaging/content-handlers");
const { RecordStore } = await import("../../../../src/background/connections/records");
const { SettingsService } = await import("../../../../src/background/settings/settings");
const { TypedStore } = await import("../../../../src/shared/storage/store");
const { defaultGenerationOptions } = await import("../../../../src/shared/storage/schema");

const PAGE_ID = "1a2b3c4d5e6f40718293a4b5c6d7e8f9";
const PAGE_URL = `https://www.notion.so/acme/Launch-plan-${PAGE_ID}`;
const TARGET = { id: "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9", title: "Launch plan" };
const OTHER_URL = "https://www.notion.so/acme/Other-00000000000000000000000000000002";
const OTHER_TARGET = { id: "00000000-0000-0000-0000-000000000002", title: "Other" };

const tab = (url: string): Runtime.MessageSender => ({ id: "inkwell", url, tab: { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false, url } });

function run(id: string, connectionId: string, targetId: string): Run {
  return {
    id,
    connectionId,
    kind: "page",
    targetId,
    engine: "gemini",
    model: "gemini-flash-latest",
    status: "succeeded",
    startedAt: 1,
    endedAt: 2,
    receivedChars: 10,
    inputTokens: 1,
    outputTokens: 1,
    writtenBlockIds: ["b1"],
    blocksWritten: 1,
  };
}

describe("content handlers", () => {
  let clock: number;
  let records: InstanceType<typeof RecordStore>;
  let runs: { start: ReturnType<typeof vi.fn>; undo: ReturnType<typeof vi.fn>; cancel: ReturnType<typeof vi.fn> };
  let handlers: ReturnType<typeof createContentHandlers>;

  beforeEach(async () => {
    fakeBrowser.reset();
    clock = 1_000;
    const store = new TypedStore(fakeBrowser.storage.local as never);
    await store.migrate();
    records = new RecordStore(fakeBrowser.storage.local as never, () => clock);
    runs = {
      start: vi.fn(async (connectionId: string) => run("started", connectionId, TARGET.id)),
      undo: vi.fn(async () => ({ removed: 3 })),
      cancel: vi.fn(() => true),
    };
    handlers = createContentHandlers({ records, runs: runs as unknown as RunManager, settings: new SettingsService(store, testVault()), notionAccess: async () => ({ kind: "integration", name: "Inkwell" }) });
  });

  const connect = (name = "Launch plan writer", prompt = "Write a launch plan.", target = TARGET, url = PAGE_URL) =>
    records.saveConnection({ name, kind: "page", url, prompt, options: defaultGenerationOptions() }, target);

  describe("content.generate with a prompt edited in the panel", () => {
    it("tells the panel when the connection was last edited", async () => {
      const saved = await connect();
      const status = await handlers["content.status"]({ url: PAGE_URL }, tab(PAGE_URL));
      expect(status.connection).toMatchObject({ id: saved.id, prompt: "Write a launch plan.", updatedAt: saved.updatedAt });
    });

    it("refuses the edit, starts nothing and keeps the popup's prompt when the popup saved since the panel loaded", async () => {
      const saved = await connect();
      const { connection: shown } = await handlers["content.status"]({ url: PAGE_URL }, tab(PAGE_URL));
      clock = 2_000;
      // Meanwhile the popup saves a new prompt.
      await records.saveConnection(
        { id: saved.id, name: saved.name, kind: "page", url: saved.url, prompt: "The popup's prompt.", options: saved.options, baseUpdatedAt: saved.updatedAt },
        TARGET,
      );
      clock = 3_000;
      const request = { url: PAGE_URL, connectionId: saved.id, prompt: "The panel's prompt.", baseUpdatedAt: shown!.updatedAt };
      await expect(handlers["content.generate"](request, tab(PAGE_URL))).rejects.toMatchObject({ code: "edit_conflict", message: PANEL_CONFLICT_MESSAGE });
      expect(runs.start).not.toHaveBeenCalled();
      expect((await records.getConnection(saved.id))!.prompt).toBe("The popup's prompt.");

      // Reloaded, the panel has the new base: generating again now saves the panel's prompt on purpose.
      const { connection: reloaded } = await handlers["content.status"]({ url: PAGE_URL }, tab(PAGE_URL));
      expect(reloaded!.prompt).toBe("The popup's prompt.");
      await handlers["content.generate"]({ ...request, baseUpdatedAt: reloaded!.updatedAt }, tab(PAGE_URL));
      expect((await records.getConnection(saved.id))!.prompt).toBe("The panel's prompt.");
      expect(runs.start).toHaveBeenCalledWith(saved.id);
    });

    it("saves the edited prompt, keeping the rest as stored, then starts the run", async () => {
      const saved = await records.saveConnection(
        { name: "Writer", kind: "page", url: PAGE_URL, prompt: "Old.", options: defaultGenerationOptions(), engine: "openai", model: "gpt-5-mini" },
        TARGET,
      );
      clock = 2_000;
      const summary = await handlers["content.generate"]({ url: PAGE_URL, connectionId: saved.id, prompt: "New.", baseUpdatedAt: saved.updatedAt }, tab(PAGE_URL));
      expect(summary.runId).toBe("started");
      expect(await records.getConnection(saved.id)).toMatchObject({ prompt: "New.", name: "Writer", engine: "openai", model: "gpt-5-mini", updatedAt: 2_000 });
    });

    it("keeps the placement and the context options as stored when it saves the panel's prompt", async () => {
      const context = { pageContent: true, standingInstructions: true, contentCapChars: 12_000 };
      const saved = await records.saveConnection(
        { name: "Summary", kind: "page", url: PAGE_URL, prompt: "Summarise this page.", options: defaultGenerationOptions(), placement: "top", context },
        TARGET,
      );
      clock = 2_000;
      await handlers["content.generate"]({ url: PAGE_URL, connectionId: saved.id, prompt: "Summarise it in French.", baseUpdatedAt: saved.updatedAt }, tab(PAGE_URL));
      expect(await records.getConnection(saved.id)).toMatchObject({ prompt: "Summarise it in French.", placement: "top", context });
    });

    it("doesn't save when the prompt is unchanged, whatever the base", async () => {
      const saved = await connect();
      await handlers["content.generate"]({ url: PAGE_URL, connectionId: saved.id, prompt: saved.prompt, baseUpdatedAt: 1 }, tab(PAGE_URL));
      expect((await records.getConnection(saved.id))!.updatedAt).toBe(saved.updatedAt);
      expect(runs.start).toHaveBeenCalledWith(saved.id);
    });
  });

  describe("content.undo", () => {
    it("undoes a run of the original connection after Duplicate made the copy the page's connection", async () => {
      const original = await connect();
      await records.saveRun(run("r-original", original.id, TARGET.id));
      await records.addRunToConnection(original.id, "r-original");
      clock = 2_000;
      const copy = await records.duplicateConnection(original.id);
      const status = await handlers["content.status"]({ url: PAGE_URL }, tab(PAGE_URL));
      expect(status.connection!.id).toBe(copy.id); // the panel shows the copy…

      // …and the toast's Undo for the original's run still works from this page.
      await expect(handlers["content.undo"]({ url: PAGE_URL, runId: "r-original" }, tab(PAGE_URL))).resolves.toEqual({ removed: 3 });
      expect(runs.undo).toHaveBeenCalledWith("r-original");
    });

    it("refuses a run of another page's connection, and a URL that isn't the tab's", async () => {
      await connect();
      const elsewhere = await connect("Other writer", "Other.", OTHER_TARGET, OTHER_URL);
      await records.saveRun(run("r-other", elsewhere.id, OTHER_TARGET.id));
      const refusal = { code: "invalid_input", message: "That run doesn't belong to the page on screen." };
      await expect(handlers["content.undo"]({ url: PAGE_URL, runId: "r-other" }, tab(PAGE_URL))).rejects.toMatchObject(refusal);
      await expect(handlers["content.undo"]({ url: OTHER_URL, runId: "r-other" }, tab(PAGE_URL))).rejects.toMatchObject({ code: "invalid_input" });
      await expect(handlers["content.undo"]({ url: PAGE_URL, runId: "no-such-run" }, tab(PAGE_URL))).rejects.toMatchObject(refusal);
      expect(runs.undo).not.toHaveBeenCalled();
    });
  });

  describe("content.takeover", () => {
    it("tells only the sender's own frame, through the extension, which copy of the script is the newest", async () => {
      const sendMessage = vi.spyOn(fakeBrowser.tabs, "sendMessage").mockResolvedValue(undefined as never);
      const copy = "0b0e1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";
      await expect(handlers["content.takeover"]({ copy }, { ...tab(PAGE_URL), frameId: 0 })).resolves.toEqual({ told: true });
      expect(sendMessage).toHaveBeenCalledWith(1, { type: "inkwell.takeover", copy }, { frameId: 0 });
      sendMessage.mockClear();
      await expect(handlers["content.takeover"]({ copy }, { id: "inkwell", url: PAGE_URL })).resolves.toEqual({ told: false });
      expect(sendMessage).not.toHaveBeenCalled();
    });
  });
});
