// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runKey, type Run } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { DRAFT_KEY, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { RunProgress } from "../../../src/ui/popup/create/RunProgress";
import { databaseRunStatusText, rowStateLabel } from "../../../src/ui/popup/create/runStatus";
import { useRun } from "../../../src/ui/popup/create/useRun";
import { alerts, answer, button, byLabel, click, mount, queryButton, textOf, waitFor } from "./dom";
import { databaseDraft, makeInspection, row } from "./db-fixtures";
import { makeRun } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const dbRun = (overrides: Partial<Run> = {}) => makeRun({ id: "r", kind: "database", ...overrides });
const store = (run: Run) => fakeBrowser.storage.local.set({ [runKey(run.id)]: run });
const rowList = () =>
  [...document.querySelectorAll<HTMLLIElement>("#row-list li[data-row-id]")].map((item) => [item.dataset.rowId, item.querySelector(".row-state")?.textContent]);

function Progress({ runId, onStarted }: { runId: string; onStarted?: (run: Run) => void }) {
  const run = useRun(runId);
  return run ? <RunProgress run={run} onStarted={onStarted} /> : <p id="no-run">No run</p>;
}

describe("progress of a database run", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows row n of N, the failures and the time left while running", async () => {
    const rows = [row("row-1", "done"), row("row-2", "failed", { reason: "Notion refused the text." }), row("row-3", "generating"), row("row-4", "pending"), row("row-5", "pending")];
    await store(dbRun({ status: "running", startedAt: Date.now() - 20_000, rows }));
    await mount(<Progress runId="r" />);
    // 2 rows finished in 20 s: 10 s a row, 3 to go.
    await waitFor(() => expect(textOf("#run-status")).toBe("Row 2 of 5 — 1 failed — about 30s left"));
    expect(button("Cancel").id).toBe("cancel-run");
    expect(queryButton("Retry failed rows")).toBeNull();
    expect(rowList()).toEqual([
      ["row-1", "Done"],
      ["row-2", "Failed: Notion refused the text."],
      ["row-3", "Generating"],
      ["row-4", "Waiting"],
      ["row-5", "Waiting"],
    ]);
    expect(textOf('#row-list li[data-row-id="row-3"] .row-title')).toBe("Row 3");

    await store(dbRun({ status: "running", startedAt: Date.now() - 20_000, rows: [row("row-1", "generated"), row("row-2", "written")] }));
    await waitFor(() => expect(textOf("#run-status")).toBe("Row 0 of 2"));
    expect(rowList()).toEqual([
      ["row-1", "Writing"],
      ["row-2", "Writing"],
    ]);
  });

  it("sums up a finished run", async () => {
    const rows = [
      row("row-1", "done", { truncated: true }),
      row("row-2", "done"),
      row("row-3", "done"),
      row("row-4", "failed", { reason: "Gemini is overloaded." }),
      row("row-5", "skipped", { reason: "The row has no title." }),
    ];
    await store(dbRun({ status: "succeeded", endedAt: Date.now(), outputTokens: 1234, rows }));
    await mount(<Progress runId="r" />);
    await waitFor(() => expect(textOf("#run-status")).toBe("Done: 3 rows written, 1 failed, 1 skipped. 1234 tokens."));
    expect(queryButton("Cancel")).toBeNull();
    expect(rowList()).toEqual([
      ["row-1", "Done (truncated)"],
      ["row-2", "Done"],
      ["row-3", "Done"],
      ["row-4", "Failed: Gemini is overloaded."],
      ["row-5", "Skipped: The row has no title."],
    ]);
  });

  it.each<[Partial<Run>, string]>([
    [{ status: "running", rows: [] }, "Finding the ticked rows…"],
    [{ status: "running", rows: [row("row-1", "pending")], waitingUntil: Date.now() + 3_000 }, "Row 0 of 1 — Notion asked Inkwell to wait 3 s"],
    [{ status: "running", rows: [row("row-1", "pending")], waitingUntil: Date.now() + 42_000, waitingScope: "workspace" }, "Row 0 of 1 — Notion asked Inkwell to wait 42 s (workspace limit)"],
    [{ status: "cancelled", outputTokens: 1, rows: [row("row-1", "done"), row("row-2", "pending")] }, "Cancelled: 1 row written, 0 failed, 0 skipped. 1 token."],
    [{ status: "failed", error: { code: "ai_invalid_key", message: "Gemini rejected the API key." }, rows: [row("row-1", "pending")] }, "Gemini rejected the API key."],
  ])("says %o", (fields, expected) => {
    expect(databaseRunStatusText(dbRun(fields), Date.now())).toBe(expected);
  });

  it("labels rows a finished run never reached", () => {
    expect(rowStateLabel(row("row-1", "pending"), false)).toBe("Not run");
    expect(rowStateLabel(row("row-1", "generating"), false)).toBe("Stopped");
    expect(rowStateLabel(row("row-1", "skipped"))).toBe("Skipped");
    // Typed outputs: a refusal is named as one, and content cut to the cap is said in the row's result.
    expect(rowStateLabel(row("row-1", "failed", { refused: true, reason: "Gemini declined to answer this prompt." }))).toBe("Refused: Gemini declined to answer this prompt.");
    expect(rowStateLabel(row("row-1", "done", { contentTruncated: true }))).toBe("Done (its content was cut to the cap)");
  });

  it("retries the failed rows as a new run and follows it", async () => {
    answer(request, { "run.retryFailed": ({ runId }) => dbRun({ id: `${runId}-retry`, status: "running", rows: [row("row-2", "pending")] }) });
    const onStarted = vi.fn();
    await store(dbRun({ status: "partial", rows: [row("row-1", "done"), row("row-2", "failed", { reason: "Timed out." })] }));
    await mount(<Progress runId="r" onStarted={onStarted} />);
    await waitFor(() => expect(textOf("#run-status")).toBe("Done: 1 row written, 1 failed, 0 skipped. 0 tokens."));
    expect(document.querySelector("#run-status")?.className).toContain("error");
    await click(button("Retry failed rows"));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(expect.objectContaining({ id: "r-retry" })));
    expect(request).toHaveBeenCalledWith("run.retryFailed", { runId: "r" });
  });

  it("shows why a retry could not start", async () => {
    answer(request, {
      "run.retryFailed": () => {
        throw new WorkerError({ code: "invalid_input", message: "This run has no failed rows.", retryable: false });
      },
    });
    await store(dbRun({ status: "succeeded", rows: [row("row-1", "failed")] }));
    await mount(<Progress runId="r" />);
    await waitFor(() => button("Retry failed rows"));
    await click(button("Retry failed rows"));
    await waitFor(() => expect(alerts()).toEqual(["This run has no failed rows."]));
  });
});

describe("the Create tab follows a retried database run", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("switches to the new run and remembers it in the draft", async () => {
    answer(request, {
      "database.inspect": () => makeInspection(),
      "run.retryFailed": () => dbRun({ id: "run-2", status: "running" }),
    });
    await fakeBrowser.storage.local.set({
      [DRAFT_KEY]: databaseDraft(makeInspection(), { prompt: "About {{title}}", connectionId: "conn-db", runId: "run-1" }),
      [runKey("run-1")]: dbRun({ id: "run-1", status: "failed", endedAt: 1, rows: [row("row-1", "failed", { reason: "Timed out." })] }),
    });
    await mount(<CreateTab configured onOpenSettings={() => undefined} />);
    await waitFor(() => byLabel("Prompt"));
    await waitFor(() => expect(textOf("#run-status")).toBe("Failed: 0 rows written, 1 failed, 0 skipped. 0 tokens."));
    await click(button("Retry failed rows"));
    await waitFor(() => expect(textOf("#run-status")).toBe("Finding the ticked rows…"));
    expect(((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY] as CreateDraft).runId).toBe("run-2");
    expect(queryButton("Retry failed rows")).toBeNull();

    await store(dbRun({ id: "run-2", status: "running", rows: [row("row-1", "generating")] }));
    await waitFor(() => expect(textOf("#run-status")).toBe("Row 0 of 1"));
    expect(rowList()).toEqual([["row-1", "Generating"]]);
  });
});
