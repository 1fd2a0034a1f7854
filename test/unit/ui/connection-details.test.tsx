// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runKey, type Connection, type Run } from "../../../src/shared/storage/schema";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { ConnectionDetails } from "../../../src/ui/connections/ConnectionDetails";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { answer, answerQuestion, button, click, mount, textOf, waitFor } from "./dom";
import { makeConnection, makeRun, PAGE_URL } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const now = Date.now();
const historyRows = () => [...document.querySelectorAll("#run-history tbody tr[data-run-id]")].map((row) => row.getAttribute("data-run-id"));

describe("connection details", () => {
  let connection: Connection;
  let runs: Run[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    connection = makeConnection({
      id: "c-1",
      name: "Garden notes",
      url: PAGE_URL,
      targetTitle: "Garden page",
      prompt: "Write about tomatoes",
      options: { tone: "friendly", length: "", systemInstruction: "", temperature: 0.4 },
      runIds: ["r-1", "r-2", "r-3"],
    });
    runs = [
      makeRun({ id: "r-1", status: "succeeded", startedAt: now - 3 * 3_600_000, blocksWritten: 6, writtenBlockIds: ["b1", "b2"], inputTokens: 100, outputTokens: 900 }),
      makeRun({ id: "r-2", status: "failed", startedAt: now - 2 * 3_600_000, blocksWritten: 4, writtenBlockIds: ["b3"], inputTokens: 120, outputTokens: 300, error: { code: "ai_unavailable", message: "Gemini is overloaded." } }),
      makeRun({ id: "r-3", status: "succeeded", startedAt: now - 60_000, blocksWritten: 2, writtenBlockIds: ["b4"], undoneAt: now - 30_000, inputTokens: 80, outputTokens: 200, model: "gemini-pro-latest" }),
    ];
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
  });

  // As in the popup and the options page, questions are asked with the in-page dialog.
  const open = () =>
    mount(
      <ConfirmProvider>
        <ConnectionDetails id="c-1" onBack={() => undefined} />
      </ConfirmProvider>,
    );

  it("shows the settings, a link to the Notion target, and the run history newest first with tokens and errors", async () => {
    answer(request, { "connection.get": () => ({ connection, runs }) });
    await open();
    await waitFor(() => expect(historyRows()).toEqual(["r-3", "r-2", "r-1"]));
    const link = document.querySelector<HTMLAnchorElement>("#details-open-notion")!;
    expect(link.href).toBe(PAGE_URL);
    expect(link.target).toBe("_blank");
    expect(document.querySelector(".summary")?.textContent).toContain("tone Friendly, temperature 0.4");
    expect(document.querySelector(".summary")?.textContent).toContain("Write about tomatoes");
    const newest = document.querySelector('#run-history tr[data-run-id="r-3"]')!.textContent;
    expect(newest).toContain("1 min ago");
    expect(newest).toContain("succeeded (undone)");
    expect(newest).toContain("2 blocks");
    expect(newest).toContain("80 / 200");
    expect(newest).toContain("gemini · gemini-pro-latest");
    expect(document.querySelector("#run-history")?.textContent).toContain("Gemini is overloaded.");
    expect(textOf("#last-content")).toBe("The last run was undone.");
  });

  it("copies the whole answer the last page run received, not just the preview", async () => {
    const whole = `# Tomatoes\n\n${"A long answer. ".repeat(400)}`;
    const stopped = makeRun({ id: "r-2", status: "partial", startedAt: now - 60_000, blocksWritten: 3, writtenBlockIds: ["b3"], preview: whole.slice(0, 1_500), receivedChars: whole.length });
    answer(request, { "connection.get": () => ({ connection, runs: [runs[0]!, stopped] }), "run.answer": () => ({ text: whole }) });
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    await open();
    await waitFor(() => expect(document.querySelector("#copy-answer")).not.toBeNull());
    click(document.querySelector<HTMLButtonElement>("#copy-answer")!);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(whole));
    await waitFor(() => expect(textOf("#copy-answer-status")).toContain("Copied"));
    expect(vi.mocked(request)).toHaveBeenCalledWith("run.answer", { runId: "r-2" });
  });

  it("says what the last run wrote to a page and links to it", async () => {
    answer(request, { "connection.get": () => ({ connection, runs: runs.slice(0, 2) }) });
    await open();
    await waitFor(() => expect(textOf("#last-content")).toBe("The last run wrote 4 blocks to “Garden page”. See it in Notion"));
    expect(document.querySelector("#last-content-preview")).toBeNull();
  });

  it("previews the start of the last generated content, marking it as cut when the answer was longer", async () => {
    const withPreview = runs.slice(0, 2).map((run, i) => (i === 1 ? { ...run, preview: "## Tomatoes\n\nStake them early.", receivedChars: 5_000 } : run));
    answer(request, { "connection.get": () => ({ connection, runs: withPreview }) });
    await open();
    await waitFor(() => expect(document.querySelector("#last-content-preview")?.textContent).toBe("## Tomatoes\n\nStake them early.…"));
  });

  it("Undo last run confirms, undoes the newest run not yet undone, and shows the result", async () => {
    answer(request, { "connection.get": () => ({ connection, runs }), "run.undo": () => ({ removed: 4 }) });
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await open();
    await waitFor(() => button("Undo last run"));
    await click(button("Undo last run"));
    const asked = await answerQuestion(false);
    expect(asked.message).toContain("the 4 blocks it wrote");
    expect(asked.confirmLabel).toBe("Undo run");
    expect(request).not.toHaveBeenCalledWith("run.undo", expect.anything());

    await click(button("Undo last run"));
    await answerQuestion(true);
    await waitFor(() => expect(textOf("#details-status")).toBe("Undone: 4 blocks removed."));
    expect(request).toHaveBeenCalledWith("run.undo", { runId: "r-2" }); // r-3 is already undone
    expect(nativeConfirm).not.toHaveBeenCalled(); // a native dialog can close a Firefox popup
  });

  it("Undo's result names the values it kept because the user changed them since the run", async () => {
    answer(request, { "connection.get": () => ({ connection, runs }), "run.undo": () => ({ removed: 3, kept: ["“Score” of “Topic 1”"] }) });
    await open();
    await waitFor(() => button("Undo last run"));
    await click(button("Undo last run"));
    await answerQuestion(true);
    await waitFor(() => expect(textOf("#details-status")).toBe("Undone: 3 blocks removed. Kept what you changed since the run: “Score” of “Topic 1”."));
  });

  it("has nothing to undo when every run is undone or wrote nothing", async () => {
    answer(request, { "connection.get": () => ({ connection, runs: [runs[2]!, makeRun({ id: "r-4", status: "failed", startedAt: now })] }) });
    await open();
    await waitFor(() => expect(button("Undo last run").disabled).toBe(true));
  });

  it("generates again with run.start, and retries the failed rows of a database run", async () => {
    const database = { ...connection, kind: "database" as const, runIds: ["r-db"] };
    const dbRun = makeRun({
      id: "r-db",
      kind: "database",
      status: "succeeded",
      rows: [
        { rowId: "1", title: "Tea", state: "done", blockIds: ["x"] },
        { rowId: "2", title: "Coffee", state: "failed", reason: "AI error" },
      ],
    });
    answer(request, {
      "connection.get": () => ({ connection: database, runs: [dbRun] }),
      "run.start": ({ connectionId }) => makeRun({ id: "r-next", connectionId }),
      "run.retryFailed": ({ runId }) => makeRun({ id: "r-retry", connectionId: runId }),
    });
    await open();
    await waitFor(() => button("Retry failed rows"));
    expect(document.querySelector('#run-history tr[data-run-id="r-db"]')?.textContent).toContain("1 row, 1 failed");
    await click(button("Retry failed rows"));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.retryFailed", { runId: "r-db" }));
    await click(button("Generate again"));
    await waitFor(() => expect(request).toHaveBeenCalledWith("run.start", { connectionId: "c-1" }));
  });

  it("offers Resume after a cancelled database run", async () => {
    const database = { ...connection, kind: "database" as const, runIds: ["r-db"] };
    answer(request, { "connection.get": () => ({ connection: database, runs: [makeRun({ id: "r-db", kind: "database", status: "cancelled", rows: [] })] }) });
    await open();
    await waitFor(() => button("Resume"));
  });

  it("keeps the details shown when a refresh fails, with a one-line error, until a refresh succeeds", async () => {
    let failing = false;
    answer(request, {
      "connection.get": () => {
        if (failing) throw new Error("The extension's background worker didn't answer.");
        return { connection, runs };
      },
    });
    await open();
    await waitFor(() => expect(historyRows()).toHaveLength(3));
    failing = true;
    await fakeBrowser.storage.local.set({ [runKey("r-3")]: { ...runs[2]!, status: "failed" } });
    await waitFor(() => expect(textOf("#details-refresh-error")).toContain("The extension's background worker didn't answer."));
    expect(historyRows()).toHaveLength(3);
    expect(document.querySelector("#connection-details h2")?.textContent).toBe("Garden notes");
    failing = false;
    await fakeBrowser.storage.local.set({ [runKey("r-2")]: { ...runs[1]! } });
    await waitFor(() => expect(document.querySelector("#details-refresh-error")).toBeNull());
    expect(historyRows()).toHaveLength(3);
  });

  it("follows its runs through storage", async () => {
    answer(request, { "connection.get": () => ({ connection, runs }) });
    await open();
    await waitFor(() => expect(historyRows()).toHaveLength(3));
    runs = [...runs.slice(0, 2), { ...runs[2]!, status: "failed", error: { code: "ai_unavailable", message: "Stopped halfway." } }];
    await fakeBrowser.storage.local.set({ [runKey("r-3")]: runs[2] });
    await waitFor(() => expect(document.querySelector("#run-history")?.textContent).toContain("Stopped halfway."));
    // Another connection's run is not a reason to read this one again.
    const calls = vi.mocked(request).mock.calls.length;
    await fakeBrowser.storage.local.set({ [runKey("r-other")]: makeRun({ id: "r-other", connectionId: "c-2" }) });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(vi.mocked(request).mock.calls.length).toBe(calls);
  });
});
