/**
 * Content script on Notion's web app. It holds no secret and no SDK: it asks the
 * worker what Inkwell can do for the URL on screen, keeps one Generate button in
 * Notion's top bar (or floating) through SPA navigation, and drives the panel
 * and the progress toast. Everything hangs off one AbortController, so a newer
 * copy of the script (extension updated, or a test) cleanly replaces this one:
 * it announces itself through the worker, never through the page's DOM.
 */
import type { ContentConnection, ContentResponses } from "../shared/protocol/types";
import { findPlacement, pageTitle, readTheme, themeRoot } from "./locate";
import { trusted } from "./dom";
import { applyTheme, createUi, HOST_ID, place } from "./mount";
import { watchPage } from "./navigation";
import { createPanel, type PanelState, type PanelView } from "./panel";
import { union } from "./selectors";
import { createToast, isDone } from "./toast";
import { askWorker, errorMessage, extensionAlive, onWorkerMessages } from "./worker-channel";

type Status = ContentResponses["content.status"];

export function start(): AbortController {
  const controller = new AbortController();
  const { signal } = controller;
  const copy = crypto.randomUUID();
  // An older copy hears this through the worker and stops; one orphaned by an update stops itself (check).
  void askWorker("content.takeover", { copy }).catch(() => undefined);
  document.getElementById(HOST_ID)?.remove();

  const ui = createUi();
  signal.addEventListener("abort", () => ui.host.remove(), { once: true });
  const toast = createToast(ui, signal);

  /** What the worker said about `statusUrl`; null while asking. */
  let status: Status | null = null;
  let statusError: string | null = null;
  let statusUrl = location.href;
  let ticket = 0;
  let panelError: string | null = null;
  let busy = false;

  const panel = createPanel(
    ui,
    {
      generate: (prompt) => {
        if (status?.connection) void generate(status.connection, prompt, statusUrl);
      },
      connect: (name, prompt) => void connect(name, prompt),
      openSettings: () => void act(() => askWorker("content.open", { what: "settings" }), true),
    },
    signal,
  );

  function view(): PanelView {
    if (statusError) return { kind: "message", text: statusError, alert: true };
    if (!status) return { kind: "loading" };
    if (!status.configured) return { kind: "setup" };
    if (!status.targetId) return { kind: "message", text: "Open a Notion page or database to generate into it." };
    if (status.connection) return { kind: "generate", connection: status.connection };
    return { kind: "connect", title: pageTitle() };
  }
  const state = (): PanelState => ({ view: view(), error: panelError, busy });
  const rerender = (): void => {
    if (panel.isOpen()) panel.render(state());
  };

  /** The button reflects the page on screen: hidden where there is nothing to generate into. */
  function reflect(): void {
    const target = status?.targetId;
    if (target) ui.host.dataset.targetId = target;
    else delete ui.host.dataset.targetId;
    if (status) ui.button.hidden = !target;
    rerender();
  }

  async function refresh(): Promise<void> {
    const url = location.href;
    const mine = ++ticket;
    try {
      const next = await askWorker("content.status", { url });
      if (mine !== ticket || signal.aborted) return;
      status = next;
      statusError = null;
      statusUrl = url;
      // A run still going (started earlier, or in another tab) shows its progress here too.
      const run = next.lastRun;
      if (run && !isDone(run) && toast.runId() === null) toast.follow(run, url, next.connection?.id ?? null);
    } catch (error) {
      if (mine !== ticket || signal.aborted) return;
      statusError = errorMessage(error);
    }
    reflect();
  }

  /** Runs a panel action: busy while it runs, its failure shown in the panel; `closes` closes the panel on success. */
  async function act(request: () => Promise<unknown>, closes: boolean): Promise<boolean> {
    busy = true;
    panelError = null;
    rerender();
    try {
      await request();
      if (closes) panel.close();
      return true;
    } catch (error) {
      panelError = errorMessage(error);
      return false;
    } finally {
      busy = false;
      rerender();
    }
  }

  /** Whether a panel action may go: not while one is on its way (Ctrl+Enter pressed twice), nor with an empty prompt. */
  function canSend(prompt: string): boolean {
    if (busy) return false;
    if (prompt.trim()) return true;
    panelError = "Write a prompt first.";
    rerender();
    return false;
  }

  async function generate(connection: ContentConnection, prompt: string, url: string): Promise<void> {
    if (!canSend(prompt)) return;
    const ok = await act(async () => {
      // The base lets the worker refuse an edit made over a newer save from the popup instead of overwriting it.
      const run = await askWorker("content.generate", { url, connectionId: connection.id, prompt, baseUpdatedAt: connection.updatedAt });
      connection.prompt = prompt; // the worker saved it with the run
      toast.follow(run, url, connection.id);
    }, true);
    // Refused (changed or deleted in another window…): the error stays shown while the connection reloads; what was typed stays too.
    if (!ok) void refresh();
  }

  async function connect(name: string, prompt: string): Promise<void> {
    if (!canSend(prompt)) return;
    const url = statusUrl;
    let connection: ContentConnection | undefined;
    const ok = await act(async () => {
      connection = await askWorker("content.connect", { url, name: name.trim() || pageTitle(), prompt });
      if (status && statusUrl === url) status = { ...status, connection };
    }, false);
    if (!ok || !connection || signal.aborted) return;
    reflect(); // now the Generate view, keeping the prompt typed
    // A database with no ticked row would run for nothing: the panel says what to tick instead.
    if (connection.kind === "database" && connection.tickedCount === 0) return;
    await generate(connection, prompt, url);
  }

  function openPanel(): void {
    if (panel.isOpen()) return;
    panelError = null;
    panel.open(state());
    void refresh(); // fresh ticked-row count and prompt; what the user types meanwhile is kept
  }

  /** Moves in the last second: if Notion kept removing the button as fast as we put it back, we would loop once a frame. */
  let moves = 0;
  let movesSince = 0;

  /** Runs when the URL or a relevant part of the page changed (at most once a frame). */
  function check(urlChanged: boolean): void {
    if (!extensionAlive()) return controller.abort();
    if (urlChanged) {
      panel.close();
      status = null;
      statusError = null;
      void refresh();
    }
    const now = Date.now();
    if (now - movesSince > 1_000) [moves, movesSince] = [0, now];
    if (place(ui, moves > 20 ? { kind: "floating" } : findPlacement(ui.host))) {
      moves++;
      if (panel.isOpen()) panel.position();
    }
    applyTheme(ui, readTheme());
    watcher.watchClass(themeRoot());
  }

  ui.button.addEventListener("click", trusted(() => (panel.isOpen() ? panel.close() : openPanel())), { signal });
  const watcher = watchPage({ relevant: union("topbar", "actions", "anchor", "peek", "peekHeader", "frame", "themeRoot"), host: ui.host, check, signal });
  onWorkerMessages(copy, openPanel, () => controller.abort(), signal);
  check(true);
  return controller;
}

start();
