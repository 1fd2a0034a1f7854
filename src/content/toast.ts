/**
 * The progress toast (bottom-right, role=status): follows a run over the
 * worker's progress port, offers Cancel while it runs, then a summary with Undo
 * and Open connection. Its elements are built once and only updated, so a
 * keyboard user focused on Cancel keeps focus while the numbers change.
 */
import type { RunSummary } from "../shared/protocol/types";
import { button, h, plural } from "./dom";
import type { Ui } from "./mount";
import { waitText } from "./wait-text";
import { askWorker, errorMessage, followRun } from "./worker-channel";

/** The worker's run view decided the status (core/run-view.ts); only "running" is still going. */
export const isDone = (run: RunSummary): boolean => run.status !== "running";

/** One line for a run: its progress while it runs, its outcome after. */
export function runText(run: RunSummary, now = Date.now()): string {
  const blocks = plural(run.blocksWritten, "block");
  const page = run.kind === "page";
  const result = page ? `${blocks} written` : `${plural(run.rowsDone, "row")}${run.dry ? " previewed, nothing written" : ""}, ${run.rowsFailed} failed`;
  switch (run.status) {
    case "running": {
      const finished = run.rowsDone + run.rowsFailed;
      const progress = page
        ? `Writing… ${blocks}`
        : run.rowsTotal === 0
          ? "Finding the ticked rows…"
          : `Row ${Math.min(finished + 1, run.rowsTotal)} of ${run.rowsTotal}${run.rowsFailed ? ` (${run.rowsFailed} failed)` : ""}`;
      return run.waitingUntil !== null && run.waitingUntil > now ? `${waitText(run.waitingUntil, now, run.waitingScope)} — ${progress}` : progress;
    }
    case "succeeded":
      return `Done: ${result}`;
    case "partial":
      return `${page ? "Stopped halfway" : "Done"}: ${result}`;
    case "cancelled":
      return `Cancelled: ${result}`;
    case "failed":
      return run.error ?? "The run failed.";
  }
}

interface Shown {
  run: RunSummary;
  /** The URL the run was started from: Undo must name it even after the user navigated away. */
  url: string;
  connectionId: string | null;
  /** Replaces the run's line: an undo result, a failed action. */
  note: string | null;
  busy: boolean;
}

export interface Toast {
  /** Shows `run` and follows its progress until it ends. */
  follow(run: RunSummary, url: string, connectionId: string | null): void;
  /** The run on screen, if any. */
  runId(): string | null;
}

const MAX_RECONNECTS = 5;

export function createToast(ui: Ui, signal: AbortSignal): Toast {
  const message = h("span", { class: "msg" });
  const cancel = button("Cancel", () => act(() => askWorker("content.cancel", { runId: shown!.run.runId }), true), "cancel-run");
  const undo = button("Undo", () => act(async (s) => {
    const { removed, kept } = await askWorker("content.undo", { url: s.url, runId: s.run.runId });
    s.run = { ...s.run, canUndo: false };
    s.note = `Removed ${plural(removed, s.run.kind === "page" ? "block" : "change")}${kept ? `, kept ${kept.length} edited since` : ""}`;
  }), "undo");
  const open = button("Open connection", () => act(() => askWorker("content.open", { what: "connection", connectionId: shown!.connectionId! })), "open-connection");
  const dismiss = button("×", () => show(null), undefined, { "aria-label": "Dismiss", title: "Dismiss" });
  const element = h("div", { class: "pop toast", popover: "manual", role: "status", "data-inkwell": "toast", hidden: true }, message, cancel, undo, open, dismiss);
  ui.root.append(element);

  let shown: Shown | null = null;
  let unfollow = (): void => {};
  let lost = 0;

  function render(): void {
    if (!shown) return ui.hide(element);
    const { run, note, busy } = shown;
    const running = !isDone(run);
    message.textContent = note ?? runText(run);
    element.setAttribute("aria-busy", String(running));
    cancel.hidden = !running;
    cancel.textContent = running && busy ? "Cancelling…" : "Cancel";
    undo.hidden = running || !run.canUndo;
    open.hidden = running || !shown.connectionId;
    dismiss.hidden = running;
    for (const b of [cancel, undo, open]) b.disabled = busy;
    ui.show(element);
  }

  function show(next: Shown | null): void {
    unfollow();
    unfollow = () => {};
    shown = next;
    lost = 0;
    render();
    if (next && !isDone(next.run)) subscribe(next);
  }

  function subscribe(s: Shown): void {
    if (signal.aborted || shown !== s) return;
    unfollow = followRun(
      s.run.runId,
      (run) => {
        lost = 0;
        s.run = run;
        s.note = null;
        if (isDone(run)) {
          s.busy = false;
          unfollow();
        }
        render();
      },
      () => {
        // The worker restarted (MV3 stops idle workers): reconnect a few times, backing off, then say so.
        if (shown !== s || isDone(s.run)) return;
        if (++lost > MAX_RECONNECTS) {
          s.note = "Lost contact with Inkwell: reload the page to see the run.";
          s.busy = false;
          return render();
        }
        setTimeout(() => subscribe(s), 250 * 2 ** lost);
      },
    );
  }

  /** Runs a toast button's request; its failure shows in the toast. `keepBusy` waits for the port to report the outcome. */
  function act(request: (s: Shown) => Promise<unknown>, keepBusy = false): void {
    const s = shown;
    if (!s) return;
    s.busy = true;
    render();
    request(s).then(
      () => {
        if (!keepBusy) s.busy = false;
      },
      (error: unknown) => {
        s.busy = false;
        s.note = errorMessage(error);
      },
    ).finally(() => shown === s && render());
  }

  signal.addEventListener("abort", () => unfollow(), { once: true });

  return {
    follow: (run, url, connectionId) => show({ run, url, connectionId, note: null, busy: false }),
    runId: () => shown?.run.runId ?? null,
  };
}
