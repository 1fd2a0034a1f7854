// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runKey, type Run } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { RunProgress } from "../../../src/ui/popup/create/RunProgress";
import { useRun } from "../../../src/ui/popup/create/useRun";
import { answer, button, click, mount, queryButton, textOf, waitFor } from "./dom";
import { makeRun } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

/** What the Create tab does: follow the run in storage and show it. */
function Progress({ runId }: { runId: string }) {
  const run = useRun(runId);
  return run ? <RunProgress run={run} /> : <p id="no-run">No run</p>;
}

const store = (run: Run) => fakeBrowser.storage.local.set({ [runKey(run.id)]: run });

describe("RunProgress follows a run through storage", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  const cases: Array<[Partial<Run>, string, boolean]> = [
    [{ status: "running", outputTokens: 120, blocksWritten: 7 }, "Generating… 120 tokens received, 7 blocks written", true],
    [{ status: "running", outputTokens: 1, blocksWritten: 1 }, "Generating… 1 token received, 1 block written", true],
    [{ status: "succeeded", outputTokens: 900, blocksWritten: 12 }, "Done: 12 blocks written (900 tokens).", false],
    [{ status: "cancelled", blocksWritten: 5 }, "Cancelled. 5 blocks already written stay in the page.", false],
    [{ status: "cancelled", blocksWritten: 0 }, "Cancelled before anything was written.", false],
    [{ status: "partial", blocksWritten: 4 }, "Partial: the answer stopped halfway; 4 blocks written.", false],
    [
      { status: "failed", error: { code: "ai_quota_exhausted", message: "Your Gemini quota is used up. Try again tomorrow." } },
      "Your Gemini quota is used up. Try again tomorrow.",
      false,
    ],
  ];

  it.each(cases)("renders %o", async (fields, expected, cancellable) => {
    await store(makeRun({ id: "r", ...fields }));
    await mount(<Progress runId="r" />);
    await waitFor(() => expect(textOf("#run-status")).toBe(expected));
    expect(document.querySelector("#run-status")?.getAttribute("role")).toBe("status");
    expect(queryButton("Cancel") !== null).toBe(cancellable);
  });

  it("updates as the worker writes, and only for this run in storage.local", async () => {
    await store(makeRun({ id: "r", status: "running", outputTokens: 10, blocksWritten: 0 }));
    await mount(<Progress runId="r" />);
    await waitFor(() => expect(textOf("#run-status")).toBe("Generating… 10 tokens received, 0 blocks written"));

    await store(makeRun({ id: "r", status: "running", outputTokens: 250, blocksWritten: 6 }));
    await waitFor(() => expect(textOf("#run-status")).toBe("Generating… 250 tokens received, 6 blocks written"));

    // Another run, and the same key in another area, are not this run.
    await store(makeRun({ id: "other", status: "failed", error: { code: "internal", message: "nope" } }));
    await fakeBrowser.storage.sync.set({ [runKey("r")]: makeRun({ id: "r", status: "succeeded" }) });
    expect(textOf("#run-status")).toBe("Generating… 250 tokens received, 6 blocks written");

    await store(makeRun({ id: "r", status: "succeeded", outputTokens: 300, blocksWritten: 8 }));
    await waitFor(() => expect(textOf("#run-status")).toBe("Done: 8 blocks written (300 tokens)."));
    expect(queryButton("Cancel")).toBeNull();
  });

  it("says when Notion asked us to wait", async () => {
    await store(makeRun({ id: "r", status: "running", outputTokens: 5, blocksWritten: 2, waitingUntil: Date.now() + 4_500 }));
    await mount(<Progress runId="r" />);
    await waitFor(() => expect(textOf("#run-status")).toMatch(/^Generating… 5 tokens received, 2 blocks written — Notion asked Inkwell to wait [45] s$/));
    // A wait that is over is not mentioned.
    await store(makeRun({ id: "r", status: "running", outputTokens: 5, blocksWritten: 2, waitingUntil: Date.now() - 1 }));
    await waitFor(() => expect(textOf("#run-status")).toBe("Generating… 5 tokens received, 2 blocks written"));
  });

  it("cancels through the worker", async () => {
    answer(request, { "run.cancel": () => ({ cancelled: true }) });
    await store(makeRun({ id: "r", status: "running" }));
    await mount(<Progress runId="r" />);
    await waitFor(() => button("Cancel"));
    await click(button("Cancel"));
    expect(request).toHaveBeenCalledWith("run.cancel", { runId: "r" });
    await waitFor(() => expect(button("Cancelling…").disabled).toBe(true));
    await store(makeRun({ id: "r", status: "cancelled", blocksWritten: 1 }));
    await waitFor(() => expect(textOf("#run-status")).toBe("Cancelled. 1 block already written stays in the page."));
    expect(queryButton("Cancelling…")).toBeNull();
  });
});
