// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runKey } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { DRAFT_KEY, type CreateDraft } from "../../../src/ui/popup/create/draft";
import type { SendPreview } from "../../../src/shared/protocol/types";
import { alerts, answer, button, byLabel, click, mount, textOf, type, waitFor } from "./dom";
import { databaseDraft, makeInspection, row } from "./db-fixtures";
import { makeConnection, makeRun } from "./fixtures";

/** Mounted views, unmounted after each test so that no timer of one test (the preview's debounce) runs into the next. */
const views: Array<{ unmount(): Promise<void> }> = [];
const mountCreate = async () => {
  const view = await mount(<CreateTab configured onOpenSettings={() => undefined} />);
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

const UNKNOWN = "Unknown placeholder {{Topik}}. Did you mean {{Topic}}? Available: {{title}}, {{Name}}, {{Topic}}.";

async function openSetup(draft: CreateDraft) {
  await fakeBrowser.storage.local.set({ [DRAFT_KEY]: draft });
  const view = await mountCreate();
  await waitFor(() => byLabel("Prompt"));
  return view;
}

const previewCalls = () => vi.mocked(request).mock.calls.filter(([type]) => type === "send.preview");

/** What the worker's send.preview answers for a row: the filled prompt, and nothing else sent. */
const sent = (rowTitle: string | null, prompt: string, extra: Partial<SendPreview> = {}): SendPreview => ({
  rowTitle,
  notice: null,
  systemInstruction: "",
  prompt,
  included: null,
  outputSchema: null,
  estimatedInputTokens: Math.ceil(prompt.length / 4),
  ...extra,
});

describe("Create tab for a Notion database: the prompt template", () => {
  let runs: number;

  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    runs = 0;
    answer(request, {
      "database.inspect": () => makeInspection(),
      "send.preview": ({ draft }) => {
        if (draft.prompt.includes("{{Topik}}")) throw new WorkerError({ code: "invalid_input", message: UNKNOWN, retryable: false });
        return sent("Tea", draft.prompt.replace("{{title}}", "Tea").replace("{{Topic}}", "Green tea"));
      },
      "connection.save": ({ draft }) => makeConnection({ id: draft.id ?? "conn-db", kind: "database" }),
      "run.start": ({ connectionId }) => makeRun({ id: `run-${++runs}`, connectionId, kind: "database", status: "running" }),
    });
  });
  afterEach(async () => {
    await unmountAll();
    document.body.innerHTML = "";
  });

  it("inserts a clicked placeholder at the cursor", async () => {
    await openSetup(databaseDraft(makeInspection(), { prompt: "Write about  now." }));
    const names = [...document.querySelectorAll("#template-hint button")].map((element) => element.textContent);
    expect(names).toEqual(["{{title}}", "{{Name}}", "{{Topic}}", "{{Generate}}", "{{Publish}}", "{{Summary}}", "{{AI status}}", "{{Stage}}", "{{Page content}}"]);
    expect(byLabel("Prompt").getAttribute("aria-describedby")).toBe("template-hint");

    const area = byLabel<HTMLTextAreaElement>("Prompt");
    area.setSelectionRange(12, 12);
    await click(button("{{Topic}}"));
    expect(area.value).toBe("Write about {{Topic}} now.");
    expect(area.selectionStart).toBe(21);
    await click(button("{{title}}"));
    expect(area.value).toBe("Write about {{Topic}}{{title}} now.");
    await waitFor(async () => expect(((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft).prompt).toBe("Write about {{Topic}}{{title}} now."));
  });

  it("previews the first ticked row's prompt a short pause after typing", async () => {
    await openSetup(databaseDraft());
    expect(textOf("#prompt-preview")).toBe("The prompt of the first ticked row shows here.");
    await type(byLabel("Prompt"), "Write");
    await type(byLabel("Prompt"), "Write about {{Topic}}");
    await waitFor(() => expect(textOf("#prompt-preview pre")).toBe("Write about Green tea"));
    expect(textOf("#prompt-preview p")).toBe("For the first ticked row, “Tea”:");
    // Debounced: one request for the last text, not one per keystroke.
    expect(previewCalls()).toHaveLength(1);
    expect(previewCalls()[0]?.[1]).toMatchObject({ draft: { prompt: "Write about {{Topic}}", database: { dataSourceId: "ds-1", selectionProperty: "Generate" } } });
  });

  it("says when there is no ticked row to preview", async () => {
    answer(request, { "database.inspect": () => makeInspection(), "send.preview": () => sent(null, "", { notice: null }) });
    await openSetup(databaseDraft(makeInspection(), { prompt: "About {{title}}" }));
    await waitFor(() => expect(textOf("#prompt-preview")).toBe("Tick a row to see its prompt here."));
  });

  it("shows an unknown placeholder and keeps Generate disabled until it is fixed", async () => {
    await openSetup(databaseDraft(makeInspection(), { prompt: "About {{Topik}}" }));
    await waitFor(() => expect(alerts()).toEqual([UNKNOWN]));
    expect(document.querySelector("#template-error")?.getAttribute("role")).toBe("alert");
    expect(button("Generate").disabled).toBe(true);
    expect(button("Try on the first 3 rows").disabled).toBe(true);
    expect(byLabel("Prompt").getAttribute("aria-describedby")).toBe("template-hint template-error");

    await type(byLabel("Prompt"), "About {{Topic}}");
    await waitFor(() => expect(document.querySelector("#template-error")).toBeNull());
    expect(button("Generate").disabled).toBe(false);
    expect(textOf("#prompt-preview pre")).toBe("About Green tea");
  });

  it("warns when the prompt uses no placeholder", async () => {
    await openSetup(databaseDraft(makeInspection(), { prompt: "Write a haiku." }));
    expect(textOf("#template-static")).toBe("This prompt uses no placeholder, so every row gets the same prompt.");
    await type(byLabel("Prompt"), "Write a haiku about {{title}}.");
    expect(document.querySelector("#template-static")).toBeNull();
  });

  it("disables both buttons and says why when no row is ticked", async () => {
    const none = makeInspection({ preview: { rows: [{ id: "row-1", title: "Tea", checked: false }], tickedCount: 0 } });
    await openSetup(databaseDraft(none, { prompt: "About {{title}}" }));
    expect(textOf("#ticked-count")).toBe("0 rows ticked");
    expect(textOf("#no-rows")).toBe("No rows are ticked. Tick the “Generate” checkbox on the rows to generate.");
    expect(button("Generate").disabled).toBe(true);
    expect(button("Try on the first 3 rows").disabled).toBe(true);
    expect(button("Generate").getAttribute("aria-describedby")).toBe("no-rows");
  });

  it("tries the first 3 rows, then generates all, saving one connection", async () => {
    await openSetup(databaseDraft(makeInspection(), { prompt: "About {{title}}" }));
    expect(document.querySelector("#no-rows")).toBeNull();
    await click(button("Try on the first 3 rows"));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "conn-db", rowLimit: 3 }));
    expect(vi.mocked(request).mock.calls.find(([type]) => type === "connection.save")?.[1]).toMatchObject({ draft: { kind: "database", database: { selectionProperty: "Generate" } } });
    expect(document.querySelector("#try-rows")?.id).toBe("try-rows");

    await fakeBrowser.storage.local.set({
      [runKey("run-1")]: makeRun({ id: "run-1", kind: "database", status: "succeeded", rows: [row("row-1", "done"), row("row-3", "done")], rowLimit: 3 }),
    });
    await waitFor(() => expect(textOf("#run-status")).toMatch(/^Done: 2 rows written/));
    // Ending a run reads the rows again (their checkboxes were cleared).
    await waitFor(() => expect(vi.mocked(request).mock.calls.filter(([type]) => type === "database.inspect")).toHaveLength(1));

    await click(button("Generate"));
    await waitFor(() => expect(request).toHaveBeenLastCalledWith("run.start", { connectionId: "conn-db" }));
    const saves = vi.mocked(request).mock.calls.filter(([type]) => type === "connection.save");
    expect(saves.map(([, payload]) => (payload as { draft: { id?: string } }).draft.id)).toEqual([undefined, "conn-db"]);
    expect(((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft).runId).toBe("run-2");
  });
});
