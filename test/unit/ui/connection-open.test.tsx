// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionDraft, PageRequestPayload } from "../../../src/shared/protocol/types";
import { connectionKey } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { App } from "../../../src/ui/popup/App";
import { DRAFT_KEY, emptyDraft, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { parseDraft } from "../../../src/ui/popup/create/draftParse";
import { draftFromConnection, hasUnsavedWork, replaceQuestion } from "../../../src/ui/popup/create/loadConnection";
import { alerts, answer, answerQuestion, button, byLabel, click, mount, openQuestion, queryButton, textOf, type, waitFor, type Handlers } from "./dom";
import { DB_ID, DB_URL, makeInspection } from "./db-fixtures";
import { makeConnection, makeRun, PAGE_URL, settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const tab = (name: string) => [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((element) => element.textContent === name)!;
const selectedTab = () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent;
const storedDraft = async () => (await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft | undefined;

const pageConnection = makeConnection({
  id: "c-page",
  name: "Garden notes",
  url: PAGE_URL,
  targetTitle: "Garden page",
  prompt: "Write about tomatoes.\nUse headings.",
  options: { tone: "formal", length: "long", systemInstruction: "You are a gardener.", temperature: 0.7, maxOutputTokens: 500 },
  engine: "openai",
  model: "gpt-5.6",
  createdAt: 100,
  updatedAt: 200,
  runIds: ["r-old"],
});

const databaseConnection = makeConnection({
  id: "c-db",
  name: "Blog summaries",
  kind: "database",
  url: DB_URL,
  targetId: DB_ID,
  targetTitle: "Blog topics",
  prompt: "Summarise {{Topic}}",
  database: { dataSourceId: "ds-1", selectionProperty: "Publish", output: { type: "property", property: "Summary", overwrite: "always" }, statusProperty: "Stage" },
  updatedAt: 300,
});

describe("opening a saved connection into Create", () => {
  let saved: ConnectionDraft[];
  let handlers: Handlers;
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    saved = [];
    await fakeBrowser.storage.local.set({ [connectionKey("c-page")]: pageConnection, [connectionKey("c-db")]: databaseConnection });
    handlers = {
      "settings.get": () => settingsView({ secrets: { notionToken: "ntn", geminiKey: "k" } }),
      "connection.list": () => [pageConnection, databaseConnection],
      // Like the worker: the preview uses the requested checkbox.
      "database.inspect": ({ selectionProperty }) => makeInspection(selectionProperty ? { selectionProperty } : {}),
      "connection.save": ({ draft }) => {
        saved.push(draft);
        return { ...(draft.id === "c-db" ? databaseConnection : pageConnection), updatedAt: 999 };
      },
      "run.start": ({ connectionId }) => makeRun({ id: "r-new", connectionId, status: "running" }),
    };
    answer(request, handlers);
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
  });

  const openFromList = async (name: string) => {
    await mount(<App />);
    await waitFor(() => expect(selectedTab()).toBe("Create"));
    await click(tab("Connections"));
    await waitFor(() => button(name));
    await click(button(name));
    await waitFor(() => expect(selectedTab()).toBe("Create"));
    await waitFor(() => byLabel("Prompt"));
  };

  it("puts a page connection in the form exactly as saved, and Generate updates it (id, baseUpdatedAt, engine)", async () => {
    await openFromList("Garden notes");
    expect(textOf("#target-summary")).toBe("✓ Page “Garden page”");
    expect(byLabel("Prompt").value).toBe("Write about tomatoes.\nUse headings.");
    expect(byLabel<HTMLSelectElement>("Tone").value).toBe("formal");
    expect(byLabel<HTMLSelectElement>("Length").value).toBe("long");
    expect(byLabel("System instruction").value).toBe("You are a gardener.");
    expect(byLabel("Temperature").value).toBe("0.7");
    expect(byLabel("Maximum length (tokens)").value).toBe("500");
    expect(byLabel<HTMLSelectElement>("Engine for this connection").value).toBe("openai"); // the connection's own engine
    await waitFor(async () => expect(await storedDraft()).toMatchObject({ connectionId: "c-page", engine: "openai", model: "gpt-5.6", baseUpdatedAt: 200, name: "Garden notes" }));

    await click(button("Generate"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      id: "c-page",
      baseUpdatedAt: 200,
      name: "Garden notes",
      kind: "page",
      url: PAGE_URL,
      prompt: "Write about tomatoes.\nUse headings.",
      options: { tone: "formal", length: "long", systemInstruction: "You are a gardener.", temperature: 0.7, maxOutputTokens: 500 },
      engine: "openai",
      model: "gpt-5.6",
    });
    // The next save is based on what this one stored.
    await waitFor(async () => expect((await storedDraft())?.baseUpdatedAt).toBe(999));
  });

  it("puts a database connection in the form with its setup, reads the database again, and keeps the saved choices", async () => {
    await openFromList("Blog summaries");
    await waitFor(() => expect(request).toHaveBeenCalledWith("database.inspect", { url: DB_URL, dataSourceId: "ds-1", selectionProperty: "Publish" }));
    await waitFor(() => expect(textOf("#ticked-count")).toBe("2 rows ticked"));
    expect(byLabel<HTMLSelectElement>("Selection checkbox").value).toBe("Publish");
    expect(byLabel<HTMLSelectElement>("Write the answer to").value).toBe("property");
    expect(byLabel<HTMLSelectElement>("Text property").value).toBe("Summary");
    expect(byLabel<HTMLSelectElement>("Overwrite").value).toBe("always");
    expect(byLabel<HTMLSelectElement>("Status property").value).toBe("Stage");
    expect(byLabel("Prompt").value).toBe("Summarise {{Topic}}");

    await waitFor(() => expect(button("Generate").disabled).toBe(false));
    await click(button("Generate"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ id: "c-db", baseUpdatedAt: 300, kind: "database", database: databaseConnection.database });
    expect(saved[0]).not.toHaveProperty("engine"); // no override: Settings' engine
  });

  it("asks before replacing a draft that was never generated", async () => {
    await fakeBrowser.storage.local.set({ [DRAFT_KEY]: { ...emptyDraft(), url: "https://www.notion.so/Unsaved-1234", prompt: "my words" } });
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await mount(<App />);
    await waitFor(() => expect(selectedTab()).toBe("Create"));
    await click(tab("Connections"));
    await waitFor(() => button("Garden notes"));
    await click(button("Garden notes"));
    const asked = await answerQuestion(false);
    expect(asked).toMatchObject({ title: "Replace the draft?", confirmLabel: "Replace" });
    expect(nativeConfirm).not.toHaveBeenCalled(); // a native dialog can close a Firefox popup
    expect(selectedTab()).toBe("Connections");
    expect((await storedDraft())?.prompt).toBe("my words");
  });

  it("asks before replacing unsaved edits to another saved connection, naming both", async () => {
    await openFromList("Garden notes");
    await type(byLabel("Prompt"), "My rewrite, not generated yet");
    await click(tab("Connections"));
    await waitFor(() => button("Blog summaries"));
    await click(button("Blog summaries"));
    expect((await answerQuestion(false)).message).toBe("Create holds unsaved edits to “Garden notes”. Replace them with “Blog summaries”?");
    expect(selectedTab()).toBe("Connections");
    await waitFor(async () => expect((await storedDraft())?.prompt).toBe("My rewrite, not generated yet"));

    await click(button("Blog summaries"));
    await answerQuestion(true);
    await waitFor(() => expect(selectedTab()).toBe("Create"));
    await waitFor(() => expect(byLabel("Prompt").value).toBe("Summarise {{Topic}}"));
  });

  it("opens another connection without asking when the open one is as loaded, or as last generated", async () => {
    await openFromList("Garden notes");
    await click(tab("Connections"));
    await waitFor(() => button("Blog summaries"));
    await click(button("Blog summaries"));
    await waitFor(() => expect(selectedTab()).toBe("Create"));
    expect(openQuestion()).toBeNull();

    // An edit that Generate saved is no longer unsaved.
    await click(tab("Connections"));
    await waitFor(() => button("Garden notes"));
    await click(button("Garden notes"));
    await waitFor(() => expect(byLabel("Prompt").value).toBe("Write about tomatoes.\nUse headings."));
    await type(byLabel("Prompt"), "Saved by generating");
    await click(button("Generate"));
    await waitFor(() => expect(saved.map((draft) => draft.prompt)).toEqual(["Saved by generating"]));
    await waitFor(async () => expect((await storedDraft())?.baseUpdatedAt).toBe(999));
    await click(tab("Connections"));
    await waitFor(() => button("Blog summaries"));
    await click(button("Blog summaries"));
    await waitFor(() => expect(byLabel("Prompt").value).toBe("Summarise {{Topic}}"));
    expect(openQuestion()).toBeNull();
  });

  it("tells unsaved edits apart from the stored draft too (the options page reads only that)", () => {
    const stored = (draft: CreateDraft) => parseDraft(JSON.parse(JSON.stringify(draft)));
    const loaded = draftFromConnection(pageConnection);
    expect(hasUnsavedWork(stored(loaded))).toBe(false);
    expect(replaceQuestion(stored(loaded), databaseConnection)).toBeNull();
    const edited = { ...loaded, options: { ...loaded.options, tone: "friendly" as const } };
    expect(hasUnsavedWork(stored(edited))).toBe(true);
    expect(replaceQuestion(stored(edited), databaseConnection)).toBe("Create holds unsaved edits to “Garden notes”. Replace them with “Blog summaries”?");
  });

  it("says clearly when the connection was edited elsewhere, and Reload shows the saved version", async () => {
    const newer = { ...pageConnection, prompt: "Edited in the options page", updatedAt: 500 };
    let overwrite: PageRequestPayload<"connection.save"> | undefined;
    answer(request, {
      ...handlers,
      "connection.save": (payload) => {
        if (payload.draft.baseUpdatedAt !== 500) {
          throw new WorkerError({ code: "edit_conflict", message: "This connection changed since you opened it.", retryable: false });
        }
        overwrite = payload;
        return { ...newer, updatedAt: 600 };
      },
      "connection.get": () => ({ connection: newer, runs: [] }),
    });
    await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draftFromConnection(pageConnection) });
    await mount(<App />);
    await waitFor(() => byLabel("Prompt"));
    await type(byLabel("Prompt"), "My own edit");
    await click(button("Generate"));
    await waitFor(() => expect(alerts()).toEqual([expect.stringContaining("was changed elsewhere")]));
    expect(queryButton("Save mine anyway")).not.toBeNull();

    await click(button("Reload"));
    await waitFor(() => expect(byLabel("Prompt").value).toBe("Edited in the options page"));
    expect(alerts()).toEqual([]);
    expect(overwrite).toBeUndefined();
  });

  it("after an edit conflict, “Save mine anyway” saves over the other edit", async () => {
    const newer = { ...pageConnection, updatedAt: 500 };
    const seen: (number | undefined)[] = [];
    answer(request, {
      ...handlers,
      "connection.save": ({ draft }) => {
        seen.push(draft.baseUpdatedAt);
        if (draft.baseUpdatedAt !== 500) throw new WorkerError({ code: "edit_conflict", message: "conflict", retryable: false });
        return { ...newer, prompt: draft.prompt, updatedAt: 600 };
      },
      "connection.get": () => ({ connection: newer, runs: [] }),
    });
    await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draftFromConnection(pageConnection) });
    await mount(<App />);
    await waitFor(() => byLabel("Prompt"));
    await type(byLabel("Prompt"), "Mine wins");
    await click(button("Generate"));
    await waitFor(() => button("Save mine anyway"));
    await click(button("Save mine anyway"));
    await waitFor(() => expect(seen).toEqual([200, 500]));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "c-page" }));
    expect(byLabel("Prompt").value).toBe("Mine wins");
  });

  it("after an edit conflict, a double click on “Save mine anyway” saves once", async () => {
    const newer = { ...pageConnection, updatedAt: 500 };
    const seen: (number | undefined)[] = [];
    let answerGet: (() => void) | undefined;
    answer(request, {
      ...handlers,
      "connection.save": ({ draft }) => {
        seen.push(draft.baseUpdatedAt);
        if (draft.baseUpdatedAt !== 500) throw new WorkerError({ code: "edit_conflict", message: "conflict", retryable: false });
        return { ...newer, prompt: draft.prompt, updatedAt: 600 };
      },
      "connection.get": () => new Promise((resolve) => (answerGet = () => resolve({ connection: newer, runs: [] }))),
    });
    await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draftFromConnection(pageConnection) });
    await mount(<App />);
    await waitFor(() => byLabel("Prompt"));
    await type(byLabel("Prompt"), "Mine wins");
    await click(button("Generate"));
    await waitFor(() => button("Save mine anyway"));
    await click(button("Save mine anyway"));
    // While the worker is asked for the saved version, neither choice can be made again.
    expect(button("Save mine anyway").disabled).toBe(true);
    expect(button("Reload").disabled).toBe(true);
    await click(button("Save mine anyway"));
    answerGet!();
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "c-page" }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([200, 500]);
    expect(vi.mocked(request).mock.calls.filter(([type]) => type === "connection.get")).toHaveLength(1);
  });

  describe("when the connection was deleted in another window", () => {
    /** The worker as it behaves for a connection in the trash: saves into it are refused until it is restored. */
    function deletedElsewhere() {
      let inTrash = true;
      const seen: ConnectionDraft[] = [];
      const restored: string[][] = [];
      answer(request, {
        ...handlers,
        "connection.save": ({ draft }) => {
          seen.push(draft);
          if (draft.id === "c-page" && inTrash) {
            throw new WorkerError({ code: "connection_deleted", message: "This connection was deleted in another window.", retryable: false });
          }
          return { ...pageConnection, id: draft.id ?? "c-new", prompt: draft.prompt, updatedAt: 700 };
        },
        "connection.restore": ({ ids }) => {
          restored.push(ids);
          inTrash = false;
          return { restored: ids.length };
        },
        // Like the worker: a deleted connection can't be read, so Reload or Save mine anyway could never work.
        "connection.get": () => {
          throw new WorkerError({ code: "invalid_input", message: "That connection no longer exists.", retryable: false });
        },
      });
      return { seen, restored };
    }

    async function generateOverDeleted() {
      await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draftFromConnection(pageConnection) });
      await mount(<App />);
      await waitFor(() => byLabel("Prompt"));
      await type(byLabel("Prompt"), "Words I typed");
      await click(button("Generate"));
      await waitFor(() => expect(alerts()).toEqual([expect.stringContaining("was deleted in another window")]));
      expect(queryButton("Reload")).toBeNull();
      expect(queryButton("Save mine anyway")).toBeNull();
    }

    it("“Save as a new connection” saves everything typed without the deleted one's id, then generates", async () => {
      const { seen, restored } = deletedElsewhere();
      await generateOverDeleted();
      await click(button("Save as a new connection"));
      await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "c-new" }));
      expect(seen).toHaveLength(2);
      expect(seen[1]).not.toHaveProperty("id");
      expect(seen[1]).not.toHaveProperty("baseUpdatedAt");
      // Everything else the form held is kept: prompt, options, engine override.
      const { id: _id, baseUpdatedAt: _base, ...rest } = seen[0]!;
      expect(seen[1]).toEqual({ ...rest, prompt: "Words I typed" });
      expect(restored).toEqual([]);
      expect(alerts()).toEqual([]);
      expect(byLabel("Prompt").value).toBe("Words I typed");
      await waitFor(async () => expect((await storedDraft())?.connectionId).toBe("c-new"));
    });

    it("“Restore it” brings the connection back and saves the form into it", async () => {
      const { seen, restored } = deletedElsewhere();
      await generateOverDeleted();
      await click(button("Restore it"));
      await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "c-page" }));
      expect(restored).toEqual([["c-page"]]);
      expect(seen.map((draft) => [draft.id, draft.baseUpdatedAt, draft.prompt])).toEqual([
        ["c-page", 200, "Words I typed"],
        ["c-page", 200, "Words I typed"],
      ]);
      expect(alerts()).toEqual([]);
      expect(byLabel("Prompt").value).toBe("Words I typed");
    });
  });

  it("when the budget stops a run, offers to raise it: Usage opens with the budget field focused", async () => {
    answer(request, {
      ...handlers,
      "run.start": () => {
        throw new WorkerError({ code: "budget_reached", message: "This month's budget ($5.00) is reached.", retryable: false });
      },
      "usage.summary": () => ({
        month: "2026-11",
        thisMonth: { prompts: 9, inputTokens: 1, outputTokens: 1, estimatedCost: 5 },
        allTime: { prompts: 9, inputTokens: 1, outputTokens: 1, estimatedCost: 5 },
        months: [],
        byConnection: [],
        runs: [],
        unpricedModels: [],
        budget: { monthly: 5, spent: 5, reached: true },
      }),
    });
    await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draftFromConnection(pageConnection) });
    await mount(<App />);
    await waitFor(() => byLabel("Prompt"));
    await click(button("Generate"));
    await waitFor(() => expect(alerts()).toEqual(["This month's budget ($5.00) is reached."]));
    await click(button("Raise the monthly budget"));
    expect(selectedTab()).toBe("Usage");
    await waitFor(() => expect(document.activeElement?.id).toBe("usage-budget"));
    expect(textOf("#budget-banner")).toContain("budget is reached");
  });
});
