// @vitest-environment happy-dom
/** The progress toast: texts, the progress port, Cancel, Undo, Open connection. */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunSummary } from "../../../src/shared/protocol/types";
import { runText } from "../../../src/content/toast";
import { RUN_PROGRESS_PORT } from "../../../src/shared/protocol/names";
import {
  connection,
  FakeWorker,
  hook,
  host,
  idIn,
  isShown,
  mustHook,
  navigate,
  OTHER_ID,
  PAGE_ID,
  renderNotion,
  summary,
  text,
  useNotionOrigin,
  type FakePort,
  shadowOf,
} from "./fixtures";

describe("runText", () => {
  const page = (overrides: Partial<RunSummary>) => runText(summary(overrides), 1_000);
  const db = (overrides: Partial<RunSummary>) => runText(summary({ kind: "database", ...overrides }), 1_000);

  it("says how far a page run got", () => {
    expect(page({ blocksWritten: 0 })).toBe("Writing… 0 blocks");
    expect(page({ blocksWritten: 1 })).toBe("Writing… 1 block");
    expect(page({ blocksWritten: 12 })).toBe("Writing… 12 blocks");
    expect(page({ blocksWritten: 12, waitingUntil: 5_000 })).toBe("Notion asked Inkwell to wait 4 s — Writing… 12 blocks");
    expect(page({ blocksWritten: 12, waitingUntil: 500 })).toBe("Writing… 12 blocks");
  });

  it("says which row a database run is on", () => {
    expect(db({ rowsTotal: 0 })).toBe("Finding the ticked rows…");
    expect(db({ rowsTotal: 6, rowsDone: 0 })).toBe("Row 1 of 6");
    expect(db({ rowsTotal: 6, rowsDone: 2, rowsFailed: 1 })).toBe("Row 4 of 6 (1 failed)");
    expect(db({ rowsTotal: 6, rowsDone: 6 })).toBe("Row 6 of 6");
    expect(db({ rowsTotal: 6, rowsDone: 2, waitingUntil: 9_000 })).toBe("Notion asked Inkwell to wait 8 s — Row 3 of 6");
    expect(db({ rowsTotal: 6, rowsDone: 2, waitingUntil: 43_000, waitingScope: "workspace" })).toBe("Notion asked Inkwell to wait 42 s (workspace limit) — Row 3 of 6");
  });

  it("sums up how a run ended", () => {
    expect(page({ status: "succeeded", blocksWritten: 14 })).toBe("Done: 14 blocks written");
    expect(page({ status: "partial", blocksWritten: 3 })).toBe("Stopped halfway: 3 blocks written");
    expect(page({ status: "cancelled", blocksWritten: 0 })).toBe("Cancelled: 0 blocks written");
    expect(page({ status: "cancelled", blocksWritten: 4 })).toBe("Cancelled: 4 blocks written");
    expect(page({ status: "failed", error: "Your Gemini key was rejected." })).toBe("Your Gemini key was rejected.");
    expect(page({ status: "failed" })).toBe("The run failed.");
    expect(db({ status: "succeeded", rowsTotal: 6, rowsDone: 5, rowsFailed: 1 })).toBe("Done: 5 rows, 1 failed");
    expect(db({ status: "partial", rowsTotal: 6, rowsDone: 1, rowsFailed: 0 })).toBe("Done: 1 row, 0 failed");
    expect(db({ status: "cancelled", rowsTotal: 6, rowsDone: 2, rowsFailed: 0 })).toBe("Cancelled: 2 rows, 0 failed");
  });

  it("a dry run's end says its rows were previewed and nothing was written", () => {
    expect(db({ dry: true, rowsTotal: 3, rowsDone: 1 })).toBe("Row 2 of 3");
    expect(db({ dry: true, status: "succeeded", rowsTotal: 3, rowsDone: 3, rowsFailed: 0 })).toBe("Done: 3 rows previewed, nothing written, 0 failed");
  });
});

describe("the toast", () => {
  const worker = new FakeWorker().install();
  let start: () => AbortController;
  let running: AbortController | undefined;
  const PAGE = `https://www.notion.so/acme/Launch-plan-${PAGE_ID}`;

  beforeAll(async () => {
    useNotionOrigin();
    ({ start } = await import("../../../src/content/index"));
  });
  beforeEach(() => worker.reset());
  afterEach(() => {
    running?.abort();
    vi.useRealTimers();
  });

  const toast = () => mustHook("toast");
  const message = () => text(toast().querySelector(".msg"));
  const shown = (name: string) => isShown(hook(name));

  /** Starts a page run from the panel; returns the progress port the toast opened. */
  async function startRun(kind: "page" | "database" = "page"): Promise<FakePort> {
    renderNotion();
    worker.status = (url) => ({ targetId: idIn(url), configured: true, connection: connection({ kind }), lastRun: null });
    worker.handlers["content.generate"] = () => summary({ status: "running", kind });
    running = start();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    mustHook<HTMLButtonElement>("generate").click();
    mustHook<HTMLButtonElement>("run").click();
    await vi.waitFor(() => expect(worker.ports).toHaveLength(1));
    return worker.ports[0]!;
  }

  it("follows a page run over the progress port, then offers Undo and Open connection", async () => {
    const port = await startRun();
    expect(port.name).toBe(RUN_PROGRESS_PORT);
    expect(port.posted).toEqual([{ runId: "run-1" }]);
    expect(toast().getAttribute("role")).toBe("status");
    expect(message()).toBe("Writing… 0 blocks");
    expect(shown("cancel-run")).toBe(true);
    expect(shown("undo")).toBe(false);

    port.push(summary({ blocksWritten: 3 }));
    expect(message()).toBe("Writing… 3 blocks");
    port.push(summary({ blocksWritten: 7, waitingUntil: Date.now() + 30_000, waitingScope: "connection" }));
    expect(message()).toMatch(/^Notion asked Inkwell to wait (30|29) s \(connection limit\) — Writing… 7 blocks$/);
    port.push(summary({ runId: "another-run", blocksWritten: 99 }));
    expect(message()).toMatch(/^Notion asked Inkwell to wait (30|29) s \(connection limit\) — Writing… 7 blocks$/);

    port.push(summary({ status: "succeeded", blocksWritten: 14, canUndo: true }));
    expect(message()).toBe("Done: 14 blocks written");
    expect(toast().getAttribute("aria-busy")).toBe("false");
    expect(port.disconnected).toBe(true);
    expect(shown("cancel-run")).toBe(false);
    expect(shown("undo")).toBe(true);
    expect(shown("open-connection")).toBe(true);

    worker.handlers["content.undo"] = () => ({ removed: 14 });
    mustHook<HTMLButtonElement>("undo").click();
    await vi.waitFor(() => expect(message()).toBe("Removed 14 blocks"));
    expect(worker.of("content.undo")).toEqual([{ url: PAGE, runId: "run-1" }]);
    expect(shown("undo")).toBe(false);

    worker.handlers["content.open"] = () => ({ opened: true });
    mustHook<HTMLButtonElement>("open-connection").click();
    await vi.waitFor(() => expect(worker.of("content.open")).toEqual([{ what: "connection", connectionId: "conn-1" }]));

    shadowOf(host()!)!.querySelector<HTMLButtonElement>('button[aria-label="Dismiss"]')!.click();
    expect(isShown(toast())).toBe(false);
  });

  it("cancels a running run", async () => {
    const port = await startRun();
    port.push(summary({ blocksWritten: 2 }));
    worker.handlers["content.cancel"] = () => ({ cancelled: true });
    const cancel = mustHook<HTMLButtonElement>("cancel-run");
    expect(cancel.textContent).toBe("Cancel");
    cancel.click();
    await vi.waitFor(() => expect(worker.of("content.cancel")).toEqual([{ runId: "run-1" }]));
    expect(cancel.textContent).toBe("Cancelling…");
    expect(cancel.disabled).toBe(true);
    port.push(summary({ status: "cancelled", blocksWritten: 2, canUndo: true }));
    expect(message()).toBe("Cancelled: 2 blocks written");
    expect(shown("cancel-run")).toBe(false);
    expect(shown("undo")).toBe(true);
  });

  it("shows database progress row by row", async () => {
    const port = await startRun("database");
    port.push(summary({ kind: "database", rowsTotal: 6, rowsDone: 1, rowsFailed: 1 }));
    expect(message()).toBe("Row 3 of 6 (1 failed)");
    port.push(summary({ kind: "database", status: "succeeded", rowsTotal: 6, rowsDone: 5, rowsFailed: 1, canUndo: true }));
    expect(message()).toBe("Done: 5 rows, 1 failed");
    worker.handlers["content.undo"] = () => ({ removed: 5 });
    mustHook<HTMLButtonElement>("undo").click();
    await vi.waitFor(() => expect(message()).toBe("Removed 5 changes"));
  });

  it("says when Undo kept values the user changed since the run", async () => {
    const port = await startRun("database");
    port.push(summary({ kind: "database", status: "succeeded", rowsTotal: 2, rowsDone: 2, canUndo: true }));
    worker.handlers["content.undo"] = () => ({ removed: 8, kept: ["“Score” of “Topic 1”", "“Tags” of “Topic 2”"] });
    mustHook<HTMLButtonElement>("undo").click();
    await vi.waitFor(() => expect(message()).toBe("Removed 8 changes, kept 2 edited since"));
  });

  it("shows a failed run's error, and an Undo failure", async () => {
    const port = await startRun();
    port.push(summary({ status: "failed", error: "Your Gemini key was rejected.", blocksWritten: 2, canUndo: true }));
    expect(message()).toBe("Your Gemini key was rejected.");
    worker.handlers["content.undo"] = () => {
      throw new Error("Notion is unavailable right now. Try again in a minute.");
    };
    mustHook<HTMLButtonElement>("undo").click();
    await vi.waitFor(() => expect(message()).toBe("Notion is unavailable right now. Try again in a minute."));
    expect(shown("undo")).toBe(true);
    expect(mustHook<HTMLButtonElement>("undo").disabled).toBe(false);
  });

  it("keeps going across a navigation, and undoes on the page the run wrote to", async () => {
    const port = await startRun();
    navigate(`/acme/Other-${OTHER_ID}`, OTHER_ID);
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(OTHER_ID));
    port.push(summary({ status: "succeeded", blocksWritten: 5, canUndo: true }));
    expect(isShown(toast())).toBe(true);
    worker.handlers["content.undo"] = () => ({ removed: 5 });
    mustHook<HTMLButtonElement>("undo").click();
    await vi.waitFor(() => expect(worker.of("content.undo")).toEqual([{ url: PAGE, runId: "run-1" }]));
  });

  it("reconnects when the worker restarts mid-run", async () => {
    const port = await startRun();
    port.push(summary({ blocksWritten: 4 }));
    port.drop();
    await vi.waitFor(() => expect(worker.ports).toHaveLength(2), { timeout: 2_000 });
    const again = worker.ports[1]!;
    expect(again.posted).toEqual([{ runId: "run-1" }]);
    again.push(summary({ status: "succeeded", blocksWritten: 9 }));
    expect(message()).toBe("Done: 9 blocks written");
  });

  it("gives up after a few reconnections and says so", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const port = await startRun();
    port.drop();
    for (let i = 0; i < 5; i++) {
      await vi.runAllTimersAsync();
      worker.ports.at(-1)!.drop();
    }
    expect(worker.ports).toHaveLength(6);
    expect(message()).toContain("Lost contact with Inkwell");
  });

  it("shows a run that is still going when the page loads", async () => {
    renderNotion();
    worker.status = (url) => ({
      targetId: idIn(url),
      configured: true,
      connection: connection(),
      lastRun: summary({ runId: "run-7", blocksWritten: 8 }),
    });
    running = start();
    await vi.waitFor(() => expect(worker.ports).toHaveLength(1));
    expect(worker.ports[0]!.posted).toEqual([{ runId: "run-7" }]);
    expect(message()).toBe("Writing… 8 blocks");
  });

  it("does not bring back a finished run on load", async () => {
    renderNotion();
    worker.status = (url) => ({ targetId: idIn(url), configured: true, connection: connection(), lastRun: summary({ status: "succeeded", canUndo: true }) });
    running = start();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    expect(worker.ports).toHaveLength(0);
    expect(isShown(toast())).toBe(false);
  });

  it("closes its port when the script stops", async () => {
    const port = await startRun();
    running!.abort();
    expect(port.disconnected).toBe(true);
  });
});
