// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runKey } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { DRAFT_KEY, emptyDraft, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { parseDraft } from "../../../src/ui/popup/create/draftParse";
import { answer, button, byLabel, choose, click, mount, queryButton, textOf, type, waitFor } from "./dom";
import { makeRun, PAGE_URL, RESOLVED_PAGE } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const storedDraft = async () => (await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft | undefined;
const openCreate = async () => {
  const view = await mount(<CreateTab configured onOpenSettings={() => undefined} />);
  await waitFor(() => byLabel(document.querySelector("#create-prompt") ? "Prompt" : "Notion URL"));
  return view;
};

describe("the Create draft survives the popup closing", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    answer(request, { "target.resolve": () => RESOLVED_PAGE });
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("writes what was typed after a short pause and restores it on the next open", async () => {
    const first = await openCreate();
    await type(byLabel("Name"), "Digest");
    await choose(byLabel("Type"), "database");
    await type(byLabel("Notion URL"), PAGE_URL);
    expect(await storedDraft()).toBeUndefined(); // debounced, not yet written
    await waitFor(async () => expect(await storedDraft()).toMatchObject({ name: "Digest", kind: "database", url: PAGE_URL, step: "target" }), 1_000);
    await first.unmount();

    await openCreate();
    expect(byLabel("Name").value).toBe("Digest");
    expect(byLabel<HTMLSelectElement>("Type").value).toBe("database");
    expect(byLabel("Notion URL").value).toBe(PAGE_URL);
  });

  it("restores step 2 with the prompt and options, even when closed within the debounce", async () => {
    const first = await openCreate();
    await type(byLabel("Notion URL"), PAGE_URL);
    await click(button("Next"));
    await waitFor(() => byLabel("Prompt"));
    await type(byLabel("Prompt"), "Write about tea.");
    await type(byLabel("Temperature"), "1.");
    await choose(byLabel("Tone"), "formal");
    await first.unmount(); // no pause: the pending write is flushed on unmount, not left to the timer
    expect(await storedDraft()).toMatchObject({ step: "prompt", prompt: "Write about tea." });
    await openCreate();
    expect(byLabel("Prompt").value).toBe("Write about tea.");
    expect(byLabel<HTMLSelectElement>("Tone").value).toBe("formal");
    expect(byLabel("Temperature").value).toBe("1.");
    expect(document.querySelector("details.options-fields")?.hasAttribute("open")).toBe(true);
    expect(textOf("#target-summary")).toBe("✓ Page “Blank page”");
  });

  it("writes at once when the popup is hidden (closing it destroys the page, timers and all)", async () => {
    await openCreate();
    await type(byLabel("Notion URL"), PAGE_URL);
    dispatchEvent(new Event("pagehide"));
    expect(await storedDraft()).toMatchObject({ url: PAGE_URL });
  });

  it("shows the progress of a run that went on while the popup was closed", async () => {
    await fakeBrowser.storage.local.set({
      [DRAFT_KEY]: { ...emptyDraft(), step: "prompt", url: PAGE_URL, target: RESOLVED_PAGE, prompt: "Hi", connectionId: "conn-1", runId: "run-9" },
      [runKey("run-9")]: makeRun({ id: "run-9", status: "running", outputTokens: 42, blocksWritten: 3 }),
    });
    await openCreate();
    await waitFor(() => expect(textOf("#run-status")).toBe("Generating… 42 tokens received, 3 blocks written"));
    expect(queryButton("Cancel")).not.toBeNull();
    expect(button("Generate").disabled).toBe(true);
  });

  it("reads a damaged or older stored draft safely", () => {
    expect(parseDraft(undefined)).toEqual(emptyDraft());
    expect(parseDraft({ step: "prompt", kind: "table", url: 5, options: { tone: "angry", temperature: "0.5" } })).toEqual({
      ...emptyDraft(),
      options: { ...emptyDraft().options, temperature: "0.5" },
    });
  });
});
