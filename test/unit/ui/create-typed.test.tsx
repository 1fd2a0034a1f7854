// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionDraft, SendPreview } from "../../../src/shared/protocol/types";
import { runKey } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { DRAFT_KEY, emptyDraft, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { alerts, answer, button, byLabel, choose, click, mount, queryButton, textOf, type, waitFor } from "./dom";
import { databaseDraft, makeInspection } from "./db-fixtures";
import { makeConnection, makeRun, PAGE_URL, RESOLVED_PAGE } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const views: Array<{ unmount(): Promise<void> }> = [];
async function open(draft: CreateDraft) {
  await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draft });
  views.push(await mount(<CreateTab configured onOpenSettings={() => undefined} />));
  await waitFor(() => byLabel("Prompt"));
}

const inspection = () =>
  makeInspection({
    properties: [
      { name: "Name", type: "title" },
      { name: "Generate", type: "checkbox" },
      { name: "Summary", type: "rich_text" },
      { name: "Tags", type: "multi_select", options: ["Drinks", "Leaves"] },
      { name: "Score", type: "number" },
      { name: "Done", type: "checkbox" },
    ],
    suggestedStatusProperty: null,
  });

const sent = (extra: Partial<SendPreview> = {}): SendPreview => ({
  rowTitle: "Tea",
  notice: null,
  systemInstruction: "",
  prompt: "Summarise: …",
  included: null,
  outputSchema: null,
  estimatedInputTokens: 12,
  ...extra,
});

describe("Create tab: typed outputs, placement, context, preview and dry run", () => {
  let saved: ConnectionDraft[];
  let preview: SendPreview;

  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    saved = [];
    preview = sent();
    answer(request, {
      "database.inspect": () => inspection(),
      "send.preview": () => preview,
      "connection.save": ({ draft }) => {
        saved.push(draft);
        return makeConnection({ id: draft.id ?? "conn-new", kind: draft.kind });
      },
      "run.start": ({ connectionId }) => makeRun({ id: "run-1", connectionId, status: "running" }),
      "run.dryRun": ({ connectionId }) => makeRun({ id: "dry-1", connectionId, kind: "database", status: "running", mode: "dry" }),
      "run.writePreview": ({ runId }) => makeRun({ id: "write-1", kind: "database", status: "running", previewOf: runId }),
    });
  });
  afterEach(async () => {
    for (const view of views.splice(0)) await view.unmount();
    document.body.innerHTML = "";
  });

  it("fills chosen properties with their own instructions and asks before adding options", async () => {
    await open(databaseDraft(inspection(), { prompt: "Summarise {{Page content}}" }));
    expect(document.querySelector("#typed-allow-new-options")).toBeNull();
    await click(byLabel("Fill “Tags”"));
    await type(byLabel("Instruction for “Tags”"), "1–3 of the existing options");
    // The existing options show next to the instruction that picks among them.
    expect(textOf("#" + byLabel("Instruction for “Tags”").getAttribute("aria-describedby"))).toBe("Options: Drinks, Leaves");
    await click(byLabel("Fill “Score”"));
    // Tags is a multi-select: the consent to add options shows, off by default.
    expect(byLabel("Allow new select and multi-select options").checked).toBe(false);
    expect(textOf("#typed-allow-new-options-help")).toMatch(/status property can't gain options/);
    await click(byLabel("Allow new select and multi-select options"));
    await choose(byLabel("Write the answer to"), "typed");
    await click(button("Generate"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.database).toMatchObject({
      output: { type: "typed" },
      typedProperties: [{ property: "Tags", instruction: "1–3 of the existing options" }, { property: "Score" }],
      allowNewOptions: true,
    });
    // The selection checkbox is never offered as an output.
    expect(document.querySelector('[data-property="Generate"]')).toBeNull();
  });

  it("says what to fix when typed-only output has no property, keeping the form", async () => {
    await open(databaseDraft(inspection(), { prompt: "Summarise {{Page content}}" }));
    await choose(byLabel("Write the answer to"), "typed");
    await click(button("Generate"));
    expect(alerts()).toContain("Pick at least one property to fill, or write the answer to the row's body or a text property.");
    expect(saved).toHaveLength(0);
    expect(byLabel<HTMLTextAreaElement>("Prompt").value).toBe("Summarise {{Page content}}");
    // A text property takes the whole Markdown answer: the typed choices make way for a hint.
    await choose(byLabel("Write the answer to"), "property");
    expect(document.querySelector("#typed-outputs")).toBeNull();
    expect(textOf("#typed-with-property")).toMatch(/^A text property gets the whole answer as text/);
  });

  it("offers {{Page content}}, the database's descriptions and a visible content cap", async () => {
    await open(databaseDraft(inspection(), { prompt: "About {{title}}" }));
    expect(textOf("#context-row-content-hint")).toBe("Put {{Page content}} in the prompt to send each row's own content.");
    expect(document.querySelector("#context-cap")).toBeNull();
    await click(button("{{Page content}}"));
    expect(byLabel<HTMLTextAreaElement>("Prompt").value).toContain("{{Page content}}");
    await type(byLabel("Content cap (characters)"), "8000");
    expect(textOf("#context-cap-help")).toMatch(/^8,000 characters ≈ 2,000 tokens/);
    await click(byLabel("Use the database's description and property descriptions as instructions"));
    await choose(byLabel("Where in each row's body"), "replace");
    expect(textOf("#create-placement-help")).toMatch(/Undo brings the previous answer back/);
    await click(button("Generate"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ placement: "replace", context: { standingInstructions: true, contentCapChars: 8000 } });
  });

  it("shows exactly what will be sent for the first ticked row, and says when content was cut", async () => {
    preview = sent({
      systemInstruction: "Be brief.",
      included: { source: "row", text: "Notes…", chars: 12_000, estimatedTokens: 3_000, truncated: true, capChars: 12_000 },
      outputSchema: { type: "object" },
      estimatedInputTokens: 3_020,
    });
    await open(databaseDraft(inspection(), { prompt: "Summarise {{Page content}}" }));
    await waitFor(() => expect(textOf("#preview-prompt")).toBe("Summarise: …"));
    expect(textOf("#preview-included")).toBe("The row's content: 12,000 characters ≈ 3,000 tokens, cut to the 12,000-character cap.");
    expect(textOf("#preview-system")).toBe("Be brief.");
    expect(textOf("#preview-tokens")).toBe("About 3,020 tokens sent.");
  });

  it("for a page: placement, the page's content, and the preview on request", async () => {
    await open({ ...emptyDraft(), url: PAGE_URL, target: RESOLVED_PAGE, step: "prompt", prompt: "Summarise this page" });
    await click(byLabel("Include the page's current content"));
    await choose(byLabel("Where in the page"), "top");
    expect(vi.mocked(request).mock.calls.some(([kind]) => kind === "send.preview")).toBe(false);
    preview = sent({ rowTitle: null, included: { source: "page", text: "…", chars: 900, estimatedTokens: 225, truncated: false, capChars: 12_000 } });
    const details = document.querySelector<HTMLDetailsElement>("details.send-preview")!;
    details.open = true;
    details.dispatchEvent(new Event("toggle"));
    await waitFor(() => expect(textOf("#preview-included")).toBe("The page's content: 900 characters ≈ 225 tokens, all of it."));
    await click(button("Generate"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ placement: "top", context: { pageContent: true } });
  });

  it("previews without writing, shows each value as Notion would, then writes exactly those", async () => {
    await open(databaseDraft(inspection(), { prompt: "Summarise {{Page content}}" }));
    await click(button("Preview without writing"));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.dryRun", { connectionId: "conn-new", rowLimit: 3 }));
    const previewed = makeRun({
      id: "dry-1",
      kind: "database",
      mode: "dry",
      status: "succeeded",
      estimate: { rows: 40, rowsIsLowerBound: false, inputTokens: 52_000, outputTokens: 8_000, cost: 0.0123 },
      rows: [
        {
          rowId: "row-1",
          title: "Tea",
          state: "previewed",
          contentTruncated: true,
          preview: {
            body: { excerpt: "Green tea is", chars: 900 },
            properties: [
              { name: "Tags", type: "multi_select", display: "Drinks, Leaves" },
              { name: "Score", type: "number", display: "8" },
              { name: "Done", type: "checkbox", display: "☑ Checked" },
            ],
            newOptions: [{ property: "Tags", option: "Leaves" }],
          },
        },
        { rowId: "row-3", title: "Cocoa", state: "failed", refused: true, reason: "The model declined this request." },
      ],
    });
    await fakeBrowser.storage.local.set({ [runKey("dry-1")]: previewed });
    await waitFor(() => expect(textOf("#run-status")).toBe("Preview: 1 row ready, 1 failed. Nothing was written to Notion."));
    expect([...document.querySelectorAll('[data-value-of="Tags"] .option-chip')].map((chip) => chip.textContent)).toEqual(["Drinks", "Leaves"]);
    expect(textOf('[data-value-of="Done"]')).toBe("☑ Checked");
    expect(textOf('[data-row-id="row-1"] .new-options')).toBe("Would add “Leaves” to Tags.");
    expect(textOf('[data-row-id="row-1"] .body-excerpt pre')).toBe("Green tea is…");
    expect(textOf('[data-row-id="row-3"] .error')).toBe("Refused: The model declined this request.");
    expect(textOf("#dry-run-estimate")).toBe("The whole run (40 ticked rows): about 52,000 input and 8,000 output tokens, about $0.0123.");

    await click(button("Write these"));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.writePreview", { runId: "dry-1" }));
    // The tab follows the run that writes them.
    await waitFor(async () => expect(((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft).runId).toBe("write-1"));
    await waitFor(() => expect(queryButton("Write these")).toBeNull());
    // Nothing ran twice: one save for the dry run, no run.start.
    expect(vi.mocked(request).mock.calls.filter(([kind]) => kind === "run.start")).toHaveLength(0);
  });

  it("after an edit conflict, “Save mine anyway” finishes the dry run the refused save was for", async () => {
    const seen: (number | undefined)[] = [];
    answer(request, {
      "database.inspect": () => inspection(),
      "send.preview": () => preview,
      "connection.save": ({ draft }) => {
        seen.push(draft.baseUpdatedAt);
        if (draft.baseUpdatedAt !== 500) throw new WorkerError({ code: "edit_conflict", message: "conflict", retryable: false });
        return makeConnection({ id: "conn-db", kind: "database", updatedAt: 600 });
      },
      "connection.get": () => ({ connection: makeConnection({ id: "conn-db", kind: "database", updatedAt: 500 }), runs: [] }),
      "run.dryRun": ({ connectionId }) => makeRun({ id: "dry-2", connectionId, kind: "database", status: "running", mode: "dry" }),
    });
    await open(databaseDraft(inspection(), { prompt: "Summarise {{Page content}}", connectionId: "conn-db", baseUpdatedAt: 200 }));
    await click(button("Preview without writing"));
    await waitFor(() => button("Save mine anyway"));
    await click(button("Save mine anyway"));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.dryRun", { connectionId: "conn-db", rowLimit: 3 }));
    expect(seen).toEqual([200, 500]);
    expect(vi.mocked(request).mock.calls.filter(([kind]) => kind === "run.start")).toHaveLength(0);
  });

  it("says why Write these was refused, and keeps the previews to try again", async () => {
    const refusal = "These previews were already written (by run write-0).";
    answer(request, {
      "database.inspect": () => inspection(),
      "send.preview": () => preview,
      "run.writePreview": () => {
        throw new WorkerError({ code: "invalid_input", message: refusal, retryable: false });
      },
    });
    const dry = makeRun({
      id: "dry-9",
      kind: "database",
      mode: "dry",
      status: "succeeded",
      rows: [{ rowId: "row-1", title: "Tea", state: "previewed", preview: { properties: [{ name: "Score", type: "number", display: "8" }], newOptions: [] } }],
    });
    await fakeBrowser.storage.local.set({ [runKey("dry-9")]: dry });
    await open(databaseDraft(inspection(), { prompt: "Summarise {{Page content}}", connectionId: "conn-db", runId: "dry-9" }));
    await waitFor(() => button("Write these"));
    await click(button("Write these"));
    await waitFor(() => expect(alerts()).toContain(refusal));
    expect(textOf('[data-value-of="Score"]')).toBe("8");
    expect(button("Write these").disabled).toBe(false);
  });
});
