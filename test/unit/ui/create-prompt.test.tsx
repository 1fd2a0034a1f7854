// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionDraft } from "../../../src/shared/protocol/types";
import { runKey } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { DRAFT_KEY, emptyDraft, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { alerts, answer, button, byLabel, choose, click, mount, queryButton, textOf, type, waitFor } from "./dom";
import { makeConnection, makeRun, PAGE_URL, RESOLVED_PAGE } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

/** Opens the Create tab on step 2, with a resolved page. */
async function openOnPrompt(draft: Partial<CreateDraft> = {}) {
  await fakeBrowser.storage.local.set({ [DRAFT_KEY]: { ...emptyDraft(), url: PAGE_URL, name: "Blank page", target: RESOLVED_PAGE, step: "prompt", ...draft } });
  const view = await mount(<CreateTab configured onOpenSettings={() => undefined} />);
  await waitFor(() => byLabel("Prompt"));
  return view;
}

describe("Create tab, step 2: prompt and Generate", () => {
  let saved: ConnectionDraft[];

  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    saved = [];
    let runs = 0;
    answer(request, {
      "connection.save": ({ draft }) => {
        saved.push(draft);
        return makeConnection({ id: draft.id ?? "conn-new", name: draft.name, prompt: draft.prompt });
      },
      "run.start": ({ connectionId }) => makeRun({ id: `run-${++runs}`, connectionId, status: "running" }),
    });
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("keeps Generate disabled until there is a prompt", async () => {
    await openOnPrompt();
    expect(button("Generate").disabled).toBe(true);
    expect(textOf("#generate-hint")).toBe("Write a prompt first.");
    expect(button("Generate").getAttribute("aria-describedby")).toBe("generate-hint");

    await type(byLabel("Prompt"), "   \n ");
    expect(button("Generate").disabled).toBe(true);

    await type(byLabel("Prompt"), "Write about sourdough.");
    expect(button("Generate").disabled).toBe(false);
    expect(document.querySelector("#generate-hint")).toBeNull();
    expect(request).not.toHaveBeenCalled();
  });

  it("saves the connection with its options, starts a run and shows its progress", async () => {
    await openOnPrompt();
    await type(byLabel("Prompt"), "Write about sourdough.");
    await choose(byLabel("Tone"), "friendly");
    await choose(byLabel("Length"), "long");
    await type(byLabel("System instruction"), "  Be brief.  ");
    await type(byLabel("Temperature"), "0.7");
    await type(byLabel("Maximum length (tokens)"), "800");
    await click(button("Generate"));

    await waitFor(() => expect(textOf("#run-status")).toBe("Generating… 0 tokens received, 0 blocks written"));
    expect(saved).toEqual([
      {
        name: "Blank page",
        kind: "page",
        url: PAGE_URL,
        prompt: "Write about sourdough.",
        options: { tone: "friendly", length: "long", systemInstruction: "Be brief.", temperature: 0.7, maxOutputTokens: 800 },
      },
    ]);
    expect(request).toHaveBeenLastCalledWith("run.start", { connectionId: "conn-new" });
    // While the run goes on, Generate waits and Cancel is offered.
    expect(button("Generate").disabled).toBe(true);
    expect(queryButton("Cancel")).not.toBeNull();
    // The draft remembers the connection and the run at once (no debounce), for a reopened popup.
    const stored = (await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft;
    expect(stored).toMatchObject({ connectionId: "conn-new", runId: "run-1" });
  });

  it("updates the same connection when generating again", async () => {
    await openOnPrompt({ prompt: "First prompt" });
    await click(button("Generate"));
    await waitFor(() => expect(textOf("#run-status")).toBe("Generating… 0 tokens received, 0 blocks written"));

    await fakeBrowser.storage.local.set({ [runKey("run-1")]: makeRun({ id: "run-1", status: "succeeded", blocksWritten: 4, outputTokens: 120 }) });
    await waitFor(() => expect(textOf("#run-status")).toBe("Done: 4 blocks written (120 tokens)."));
    expect(queryButton("Cancel")).toBeNull();

    await type(byLabel("Prompt"), "Second prompt");
    await click(button("Generate again"));
    await waitFor(() => expect(request).toHaveBeenLastCalledWith("run.start", { connectionId: "conn-new" }));
    expect(saved.map((draft) => [draft.id, draft.prompt])).toEqual([
      [undefined, "First prompt"],
      ["conn-new", "Second prompt"],
    ]);
  });

  it("checks the number options before calling the worker", async () => {
    await openOnPrompt({ prompt: "Hello" });
    await type(byLabel("Temperature"), "3");
    await click(button("Generate"));
    expect(alerts()).toEqual(["Temperature must be a number from 0 to 2 (or empty for the default)."]);
    await type(byLabel("Temperature"), "");
    await type(byLabel("Maximum length (tokens)"), "12.5");
    await click(button("Generate"));
    expect(alerts()[0]).toMatch(/^Maximum length must be a whole number/);
    expect(request).not.toHaveBeenCalled();
  });

  it("shows the worker's refusal to start", async () => {
    answer(request, {
      "connection.save": ({ draft }) => makeConnection({ id: draft.id ?? "conn-new" }),
      "run.start": () => {
        throw new WorkerError({ code: "not_configured", message: "Add your Gemini API key in Settings first.", retryable: false });
      },
    });
    await openOnPrompt({ prompt: "Hello" });
    await click(button("Generate"));
    await waitFor(() => expect(alerts()).toEqual(["Add your Gemini API key in Settings first."]));
    expect(button("Generate").disabled).toBe(false);
    expect(document.querySelector("#run-status")).toBeNull();
  });

  it("offers a fresh start once a connection exists", async () => {
    await openOnPrompt({ prompt: "Hello", connectionId: "conn-old" });
    await click(button("Start a new connection"));
    expect(byLabel("Notion URL").value).toBe("");
    expect(byLabel("Name").value).toBe("");
    const stored = (await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft;
    expect(stored.connectionId).toBeUndefined();
    expect(stored.prompt).toBe("");
  });
});
