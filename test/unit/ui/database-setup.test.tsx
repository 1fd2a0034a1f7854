// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionDraft } from "../../../src/shared/protocol/types";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { DRAFT_KEY, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { alerts, answer, answerQuestion, button, byLabel, choose, click, mount, queryButton, textOf, type, waitFor, type Handlers } from "./dom";
import { databaseDraft, DB_URL, makeInspection } from "./db-fixtures";
import { makeConnection, makeRun } from "./fixtures";

/** Mounted views, unmounted after each test so that no timer of one test (the preview's debounce) runs into the next. */
const views: Array<{ unmount(): Promise<void> }> = [];
const mountCreate = async () => {
  // As in the popup, questions are asked with the in-page dialog.
  const view = await mount(
    <ConfirmProvider>
      <CreateTab configured onOpenSettings={() => undefined} />
    </ConfirmProvider>,
  );
  views.push(view);
  return view;
};
const unmountAll = async () => {
  for (const view of views.splice(0)) await view.unmount();
};

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const storedDraft = async () => (await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft | undefined;
const previewRows = () => [...document.querySelectorAll("#db-preview tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
const optionsOf = (select: HTMLSelectElement) => [...select.options].map((option) => option.textContent);

/** Opens the Create tab on the setup of a database, as a reopened popup would. */
async function openSetup(draft: CreateDraft = databaseDraft()) {
  await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draft });
  const view = await mountCreate();
  await waitFor(() => byLabel("Prompt"));
  return view;
}

describe("Create tab for a Notion database: step 1", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(async () => {
    await unmountAll();
    document.body.innerHTML = "";
  });

  it("inspects the database on Next and shows its rows and how many are ticked", async () => {
    answer(request, { "database.inspect": () => makeInspection() });
    await mountCreate();
    await waitFor(() => byLabel("Notion URL"));
    await choose(byLabel("Type"), "database");
    await type(byLabel("Notion URL"), ` ${DB_URL} `);
    await click(button("Next"));

    await waitFor(() => byLabel("Prompt"));
    expect(request).toHaveBeenCalledWith("database.inspect", { url: DB_URL });
    expect(request).not.toHaveBeenCalledWith("target.resolve", expect.anything());
    expect(textOf("#target-summary")).toBe("✓ Database “Blog topics”");
    expect(previewRows()).toEqual([
      ["Tea", "✓"],
      ["Coffee", ""],
      ["Cocoa", "✓"],
    ]);
    expect(textOf("#ticked-count")).toBe("2 rows ticked");
    expect(byLabel<HTMLSelectElement>("Selection checkbox").value).toBe("Generate");
    expect(optionsOf(byLabel("Selection checkbox"))).toEqual(["Generate", "Publish"]);
    // Defaults: the page body, the suggested status property; a single data source needs no choice.
    expect(byLabel<HTMLSelectElement>("Write the answer to").value).toBe("body");
    expect(byLabel<HTMLSelectElement>("Status property").value).toBe("AI status");
    expect(optionsOf(byLabel("Status property"))).toEqual(["None", "AI status", "Stage"]);
    expect(textOf("#db-status-help")).toBe("The row's checkbox is cleared; the status is set to Done, or Error with the reason.");
    expect(() => byLabel("Data source")).toThrow();
    await waitFor(async () => expect(await storedDraft()).toMatchObject({ step: "prompt", name: "Blog topics", database: { selectionProperty: "Generate" } }));
    // Just read: opening the setup doesn't read it a second time.
    expect(vi.mocked(request).mock.calls.filter(([type]) => type === "database.inspect")).toHaveLength(1);
  });

  it("says so when at least 100 rows are ticked", async () => {
    await openSetup(databaseDraft(makeInspection({ preview: { tickedCount: 100, tickedCountIsLowerBound: true } })));
    expect(textOf("#ticked-count")).toBe("100+ rows ticked");
  });

  it("shows the worker's explanation when the database isn't shared", async () => {
    const message = "Notion can't find this database, or it isn't shared with your integration “Inkwell Demo”.";
    answer(request, {
      "database.inspect": () => {
        throw new WorkerError({ code: "notion_not_shared", message, retryable: false });
      },
    });
    await mountCreate();
    await waitFor(() => byLabel("Notion URL"));
    await choose(byLabel("Type"), "database");
    await click(button("Next"));
    expect(alerts()).toEqual(["Paste the link of a Notion database (••• → Copy link)."]);
    await type(byLabel("Notion URL"), DB_URL);
    await click(button("Next"));
    await waitFor(() => expect(textOf("#target-error")).toBe(message));
    expect(document.querySelector("#target-error")?.getAttribute("role")).toBe("alert");
    expect(document.querySelector("#create-prompt")).toBeNull();
  });

  it("offers the data sources of a multi-source database and reads the chosen one", async () => {
    const sources = [
      { id: "ds-1", name: "Posts" },
      { id: "ds-2", name: "Drafts" },
    ];
    answer(request, {
      "database.inspect": ({ dataSourceId }) =>
        dataSourceId === "ds-2"
          ? makeInspection({
              dataSources: sources,
              dataSourceId: "ds-2",
              properties: [
                { name: "Title", type: "title" },
                { name: "Go", type: "checkbox" },
              ],
              selectionProperty: "Go",
              suggestedStatusProperty: null,
              preview: { rows: [{ id: "d1", title: "Draft one", checked: true }], tickedCount: 1 },
            })
          : makeInspection({ dataSources: sources }),
    });
    await openSetup(databaseDraft(makeInspection({ dataSources: sources })));
    expect(optionsOf(byLabel("Data source"))).toEqual(["Posts", "Drafts"]);
    await choose(byLabel("Data source"), "ds-2");

    await waitFor(() => expect(textOf("#ticked-count")).toBe("1 row ticked"));
    expect(request).toHaveBeenCalledWith("database.inspect", { url: DB_URL, dataSourceId: "ds-2" });
    expect(byLabel<HTMLSelectElement>("Data source").value).toBe("ds-2");
    expect(byLabel<HTMLSelectElement>("Selection checkbox").value).toBe("Go");
    expect(byLabel<HTMLSelectElement>("Status property").value).toBe("");
    expect(previewRows()).toEqual([["Draft one", "✓"]]);
  });

  it("reads the rows again for another selection checkbox", async () => {
    answer(request, {
      "database.inspect": ({ selectionProperty }) =>
        makeInspection({ selectionProperty: selectionProperty ?? "Generate", preview: selectionProperty === "Publish" ? { tickedCount: 7 } : {} }),
    });
    await openSetup();
    await choose(byLabel("Selection checkbox"), "Publish");
    await waitFor(() => expect(textOf("#ticked-count")).toBe("7 rows ticked"));
    expect(request).toHaveBeenCalledWith("database.inspect", { url: DB_URL, dataSourceId: "ds-1", selectionProperty: "Publish" });
    expect(byLabel<HTMLSelectElement>("Selection checkbox").value).toBe("Publish");
  });
});

describe("Create tab for a Notion database: the setup", () => {
  let saved: ConnectionDraft[];
  let handlers: Handlers;

  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    saved = [];
    handlers = {
      "database.inspect": () => makeInspection(),
      "connection.save": ({ draft }) => {
        saved.push(draft);
        return makeConnection({ id: draft.id ?? "conn-db", kind: "database" });
      },
      "run.start": ({ connectionId }) => makeRun({ id: "run-db", connectionId, kind: "database", status: "running" }),
    };
    answer(request, handlers);
  });
  afterEach(async () => {
    await unmountAll();
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
  });

  it("adds a “Generate” checkbox, after asking, to a database that has none", async () => {
    const noCheckbox = makeInspection({
      properties: [
        { name: "Name", type: "title" },
        { name: "Topic", type: "rich_text" },
      ],
      selectionProperty: null,
      suggestedStatusProperty: null,
      preview: { rows: [{ id: "row-1", title: "Tea", checked: false }], tickedCount: 0 },
    });
    const added = makeInspection({
      properties: [...noCheckbox.properties, { name: "Generate", type: "checkbox" }],
      selectionProperty: "Generate",
      preview: { rows: [{ id: "row-1", title: "Tea", checked: false }], tickedCount: 0 },
    });
    answer(request, { ...handlers, "database.addProperty": () => added });
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await openSetup(databaseDraft(noCheckbox, { prompt: "About {{title}}" }));

    expect(textOf("#no-checkbox")).toBe("This database has no checkbox to pick rows.");
    expect(() => byLabel("Selection checkbox")).toThrow();
    expect(button("Generate").disabled).toBe(true);
    expect(button("Try on the first 3 rows").disabled).toBe(true);

    await click(button("Add a “Generate” checkbox"));
    expect(await answerQuestion(false)).toMatchObject({ message: "Add a checkbox property named “Generate” to this database?", confirmLabel: "Add checkbox" });
    expect(request).not.toHaveBeenCalledWith("database.addProperty", expect.anything());

    await click(button("Add a “Generate” checkbox"));
    await answerQuestion(true);
    await waitFor(() => expect(byLabel<HTMLSelectElement>("Selection checkbox").value).toBe("Generate"));
    expect(request).toHaveBeenCalledWith("database.addProperty", { dataSourceId: "ds-1", name: "Generate", type: "checkbox" });
    expect(document.querySelector("#no-checkbox")).toBeNull();
    expect(textOf("#ticked-count")).toBe("0 rows ticked");
    expect(textOf("#no-rows")).toBe("No rows are ticked. Tick the “Generate” checkbox on the rows to generate.");
    expect(nativeConfirm).not.toHaveBeenCalled(); // a native dialog can close a Firefox popup
  });

  it("saves the chosen output property, overwrite policy and status with the connection", async () => {
    await openSetup(databaseDraft(makeInspection(), { prompt: "Summarise {{Topic}}." }));
    await choose(byLabel("Write the answer to"), "property");
    expect(optionsOf(byLabel("Text property"))).toEqual(["Topic", "Summary", "New property…"]);
    expect(byLabel<HTMLSelectElement>("Overwrite").value).toBe("if_empty");
    await choose(byLabel("Text property"), "Summary");
    await choose(byLabel("Overwrite"), "always");
    await choose(byLabel("Status property"), "Stage");
    await click(button("Generate"));

    await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "conn-db" }));
    expect(saved).toEqual([
      {
        name: "Blog topics",
        kind: "database",
        url: DB_URL,
        prompt: "Summarise {{Topic}}.",
        options: { tone: "", length: "", systemInstruction: "" },
        database: { dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "always" }, statusProperty: "Stage" },
      },
    ]);
    // And the choices outlive the popup.
    expect(await storedDraft()).toMatchObject({ database: { output: "property", outputProperty: "Summary", overwrite: "always", statusProperty: "Stage" } });
  });

  it("writes to the page body with no status property when asked", async () => {
    await openSetup(databaseDraft(makeInspection(), { prompt: "About {{title}}" }));
    await choose(byLabel("Status property"), "");
    expect(textOf("#db-status-help")).toBe("The row's checkbox is cleared.");
    await click(button("Generate"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.database).toEqual({ dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "body" } });
  });

  it("creates a new text property, after asking, and writes to it", async () => {
    const withOutput = makeInspection({ properties: [...makeInspection().properties, { name: "Blurb", type: "rich_text" }] });
    answer(request, { ...handlers, "database.addProperty": () => withOutput });
    await openSetup(databaseDraft(makeInspection(), { prompt: "About {{title}}" }));
    await choose(byLabel("Write the answer to"), "property");
    await choose(byLabel("Text property"), byLabel<HTMLSelectElement>("Text property").options[2]!.value); // New property…
    expect(byLabel("New property name").value).toBe("AI output");

    // Without a property to write to, Generate says what is missing.
    await click(button("Generate"));
    expect(alerts()).toEqual(["Pick or create the text property to write to first."]);
    expect(saved).toEqual([]);

    await type(byLabel("New property name"), " Blurb ");
    await click(button("Create property"));
    expect(await answerQuestion(true)).toMatchObject({ message: "Add a text property named “Blurb” to this database?", confirmLabel: "Add column" });
    await waitFor(() => expect(byLabel<HTMLSelectElement>("Text property").value).toBe("Blurb"));
    expect(request).toHaveBeenCalledWith("database.addProperty", { dataSourceId: "ds-1", name: "Blurb", type: "rich_text" });
    expect(() => byLabel("New property name")).toThrow();
  });

  it("restores the setup from storage, and reads an old inspection again", async () => {
    const stale = { ...databaseDraft(makeInspection(), { prompt: "About {{title}}" }) };
    stale.database = { ...stale.database!, inspectedAt: Date.now() - 60_000, output: "property", outputProperty: "Summary", statusProperty: "" };
    answer(request, { ...handlers, "database.inspect": () => makeInspection({ preview: { tickedCount: 5 } }) });
    await openSetup(stale);
    expect(byLabel<HTMLSelectElement>("Text property").value).toBe("Summary");
    expect(byLabel<HTMLSelectElement>("Status property").value).toBe("");
    await waitFor(() => expect(textOf("#ticked-count")).toBe("5 rows ticked"));
    expect(request).toHaveBeenCalledWith("database.inspect", { url: DB_URL, dataSourceId: "ds-1", selectionProperty: "Generate" });
    // The user's choices survive the refresh.
    expect(byLabel<HTMLSelectElement>("Text property").value).toBe("Summary");
    expect(byLabel<HTMLSelectElement>("Status property").value).toBe("");
  });

  it("goes back to step 1 from a stored draft whose inspection is damaged", async () => {
    await fakeBrowser.storage.local.set({ [DRAFT_KEY]: { ...databaseDraft(), database: { inspection: { title: 5 } } } });
    await mountCreate();
    await waitFor(() => byLabel("Notion URL"));
    expect(byLabel<HTMLSelectElement>("Type").value).toBe("database");
    expect(queryButton("Next")).not.toBeNull();
  });
});
