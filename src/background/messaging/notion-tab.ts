/**
 * Everything that reaches into a Notion tab: the keyboard command and the
 * context-menu item (both open the in-page panel), and the progress port the
 * content script listens on (it can't read storage, where progress lives).
 */
import browser, { type Runtime } from "webextension-polyfill";
import { parseNotionUrl } from "../../core/notion-url";
import { isRunActive } from "../../core/run-view";
import { isNotionWebUrl, NOTION_WEB_HOSTS } from "../../shared/notion-hosts";
import { OPEN_PANEL_MESSAGE, RUN_PROGRESS_PORT } from "../../shared/protocol/names";
import { readRunRecord } from "../../shared/storage/records-reader";
import { runKey, type Run } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import { summarizeRun } from "../runs/run-summary";

export const CONTEXT_MENU_ID = "inkwell-generate";
export const OPEN_PANEL_COMMAND = "open-panel";

/**
 * Without the "tabs" permission Chrome leaves `tab.url` undefined for Notion
 * tabs (the content-script match grants no host access), so an unknown URL
 * can't mean "not Notion": the message is harmless and only Inkwell's content
 * script, which runs on Notion's hostnames alone, answers it. A known URL
 * (Firefox, or a future permission) still lets us skip other tabs.
 */
async function openPanelIn(tab: { id?: number; url?: string } | undefined): Promise<void> {
  if (tab?.id === undefined || (tab.url !== undefined && !isNotionWebUrl(tab.url))) return;
  await browser.tabs.sendMessage(tab.id, { type: OPEN_PANEL_MESSAGE }).catch(() => undefined);
}

/** Registers the listeners (synchronously, at worker start). */
export function registerNotionTabIntegration(records: RecordStore, extensionId: string): void {
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus?.removeAll().then(() =>
      browser.contextMenus.create({
        id: CONTEXT_MENU_ID,
        title: "Generate with Inkwell",
        contexts: ["page", "selection"],
        documentUrlPatterns: NOTION_WEB_HOSTS.map((host) => `https://${host}/*`),
      }),
    );
  });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId === CONTEXT_MENU_ID) void openPanelIn(tab);
  });
  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== OPEN_PANEL_COMMAND) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    await openPanelIn(tab);
  });

  browser.runtime.onConnect.addListener((port) => serveRunProgress(port, records, extensionId));
}

/**
 * The progress port of a Notion tab: it follows one run at a time, and only a
 * run whose target is the page the tab shows, so a page can't watch another
 * page's runs (their titles, progress and errors).
 */
export function serveRunProgress(port: Runtime.Port, records: RecordStore, extensionId: string): void {
  if (port.name !== RUN_PROGRESS_PORT) return;
  if (!isTrustedNotionPort(port, extensionId)) {
    port.disconnect();
    return;
  }
  let stop: (() => void) | undefined;
  let asked = false;
  let gone = false;
  port.onMessage.addListener(async (message: unknown) => {
    const runId = typeof message === "object" && message !== null ? (message as { runId?: unknown }).runId : undefined;
    if (typeof runId !== "string" || runId.length > 100 || asked) return;
    asked = true;
    const run = await records.getRun(runId);
    const own = parseNotionUrl(port.sender?.tab?.url ?? port.sender?.url ?? "");
    if (gone) return;
    if (!run || !own.ok || own.target.id !== run.targetId) {
      port.disconnect();
      return;
    }
    stop = followRun(records, runId, (next) => {
      port.postMessage(summarizeRun(next));
      if (!isRunActive(next)) port.disconnect();
    });
  });
  port.onDisconnect.addListener(() => {
    gone = true;
    stop?.();
  });
}

function isTrustedNotionPort(port: Runtime.Port, extensionId: string): boolean {
  return port.sender?.id === extensionId && port.sender.tab?.id !== undefined && isNotionWebUrl(port.sender.url);
}

/** Calls back with the run now and on every change until unsubscribed. */
function followRun(records: RecordStore, runId: string, onRun: (run: Run) => void): () => void {
  const key = runKey(runId);
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const next = changes[key]?.newValue;
    if (area !== "local" || next === undefined) return;
    const read = readRunRecord(key, next);
    if (read.ok) onRun(read.record);
  };
  browser.storage.onChanged.addListener(listener);
  void records.getRun(runId).then((run) => run && onRun(run));
  return () => browser.storage.onChanged.removeListener(listener);
}
