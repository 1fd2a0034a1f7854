/**
 * Notion-like DOM and a fake `chrome.runtime` for the content script's unit
 * tests. The markup mirrors the landmarks of the sandbox's fake Notion app
 * (test/sandbox/web/README.md), which mirror real Notion's.
 */
import { vi } from "vitest";
import type { ContentConnection, ContentResponses, RunSummary } from "../../../src/shared/protocol/types";

export const PAGE_ID = "1a2b3c4d5e6f40718293a4b5c6d7e8f9";
export const OTHER_ID = "00000000000000000000000000000002";
export const DB_ID = "dbdbdbdbdbdbdbdbdbdbdbdbdbdbdbdb";
export const ROW_ID = "12121212121212121212121212121212";
export const PAGE_URL = `https://www.notion.so/acme/Launch-plan-${PAGE_ID}`;

// ---------------------------------------------------------------------------
// DOM

export function topbarHtml(objectId: string): string {
  const button = (cls: string, label: string, text: string) => `<div role="button" tabindex="0" class="${cls}" aria-label="${label}">${text}</div>`;
  return (
    `<div class="notion-topbar" data-object-id="${objectId}">` +
    `<div class="notion-topbar-breadcrumb shadow-cursor-breadcrumb notranslate"><a class="notion-topbar-breadcrumb-item" href="/">Page</a></div>` +
    `<div class="notion-topbar-action-buttons">` +
    `<div class="notion-topbar-edited">Edited just now</div>` +
    button("notion-topbar-share-menu", "Share", "Share") +
    button("notion-topbar-comments-button", "Comments", "c") +
    button("notion-topbar-favorite-button", "Favorite", "★") +
    button("notion-topbar-more-button", "More actions", "•••") +
    `</div></div>`
  );
}

function bodyHtml(kind: "page" | "database", id: string, title: string): string {
  return kind === "page"
    ? `<div class="notion-selectable notion-page-block" data-block-id="${id}"><h1 placeholder="Untitled">${title}</h1></div><div class="notion-page-content"></div>`
    : `<div class="notion-collection_view-block" data-block-id="${id}"><h1 class="notion-collection-title" placeholder="Untitled">${title}</h1><table class="notion-table-view"></table></div>`;
}

export function peekHtml(id: string, title = "A row"): string {
  return (
    `<div class="notion-peek-renderer" data-peek-id="${id}" data-peek-mode="s" data-object-id="${id}">` +
    `<div class="notion-peek-topbar"><div role="button" class="notion-peek-close" aria-label="Close">»</div></div>` +
    `<div class="notion-scroller"><div class="layout-content">${bodyHtml("page", id, title)}</div></div></div>`
  );
}

export interface NotionOptions {
  id?: string;
  kind?: "page" | "database";
  title?: string;
  topbar?: boolean;
  dark?: boolean;
  peek?: string;
  /** Path and query to show (same origin), e.g. `/Plan-<id>?p=<row>`. */
  path?: string;
}

/** Renders a Notion-like app into the document and moves the URL to it. */
export function renderNotion(options: NotionOptions = {}): void {
  const { id = PAGE_ID, kind = "page", title = "Launch plan", topbar = true, dark = false, peek, path = `/acme/Launch-plan-${id}` } = options;
  history.replaceState(null, "", path);
  document.title = title;
  document.body.className = `notion-body${dark ? " dark" : ""}`;
  document.body.innerHTML =
    `<div id="notion-app"><div class="notion-app-inner notion-${dark ? "dark" : "light"}-theme"><div class="notion-cursor-listener">` +
    `<nav class="notion-sidebar-container"><div class="notion-sidebar"></div></nav>` +
    `<div class="notion-main"><header class="notion-topbar-container">${topbar ? topbarHtml(id) : ""}</header>` +
    `<main class="notion-frame" data-object-id="${id}" data-object-kind="${kind}"><div class="notion-scroller vertical"><div class="layout-content">${bodyHtml(kind, id, title)}</div></div></main>` +
    `</div></div><div class="notion-overlay-container notion-default-overlay-container">${peek ? peekHtml(peek) : ""}</div></div></div>`;
}

function fragment(html: string): Element {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content.firstElementChild!;
}

/** What Notion (and the fake app) does on every navigation: a brand-new top bar element. */
export function replaceTopbar(objectId = PAGE_ID): void {
  document.querySelector(".notion-topbar")!.replaceWith(fragment(topbarHtml(objectId)));
}

/** Navigates like Notion's SPA: pushState, then a re-render (new top bar, new frame). */
export function navigate(path: string, id: string, title = "Other page"): void {
  history.pushState(null, "", path);
  document.title = title;
  replaceTopbar(id);
  const frame = document.querySelector("main.notion-frame")!;
  frame.replaceWith(fragment(`<main class="notion-frame" data-object-id="${id}" data-object-kind="page"><div class="notion-scroller"><div class="layout-content">${bodyHtml("page", id, title)}</div></div></main>`));
}

export function openPeek(rowId: string): void {
  const url = new URL(location.href);
  url.searchParams.set("p", rowId);
  url.searchParams.set("pm", "s");
  history.pushState(null, "", url.pathname + url.search);
  replaceTopbar(document.querySelector("main.notion-frame")!.getAttribute("data-object-id")!);
  document.querySelector(".notion-overlay-container")!.append(fragment(peekHtml(rowId)));
}

export function closePeek(): void {
  const url = new URL(location.href);
  url.searchParams.delete("p");
  url.searchParams.delete("pm");
  history.pushState(null, "", url.pathname + url.search);
  replaceTopbar(document.querySelector("main.notion-frame")!.getAttribute("data-object-id")!);
  document.querySelector(".notion-peek-renderer")!.remove();
}

// ---------------------------------------------------------------------------
// Inkwell's shadow DOM

/**
 * The root is closed (host.shadowRoot is null, as the page sees it); the tests
 * play the user, who sees inside, so they note each root as it is attached.
 */
const shadowRoots = new WeakMap<Element, ShadowRoot>();
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
  const root = attachShadow.call(this, init);
  shadowRoots.set(this, root);
  return root;
};
export const shadowOf = (element: Element): ShadowRoot | null => shadowRoots.get(element) ?? null;

/**
 * happy-dom has no isTrusted: here every event is the user's, except those
 * made with `forged`, which stand for events the page's script dispatches.
 */
const forgedEvents = new WeakSet<Event>();
Object.defineProperty(Event.prototype, "isTrusted", { configurable: true, get(this: Event) { return !forgedEvents.has(this); } });
export function forged<E extends Event>(event: E): E {
  forgedEvents.add(event);
  return event;
}

export const host = (): HTMLElement | null => document.getElementById("inkwell-root");
export const hosts = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>("#inkwell-root")];
export function hook<T extends HTMLElement = HTMLElement>(name: string): T | null {
  const element = host();
  return (element && shadowOf(element)?.querySelector<T>(`[data-inkwell="${name}"]`)) ?? null;
}
export function mustHook<T extends HTMLElement = HTMLElement>(name: string): T {
  const found = hook<T>(name);
  if (!found) throw new Error(`No [data-inkwell="${name}"] in #inkwell-root`);
  return found;
}
export const text = (element: Element | null | undefined): string => (element?.textContent ?? "").replace(/\s+/g, " ").trim();
export const isShown = (element: Element | null): boolean => element !== null && !element.closest("[hidden]");

export function type(element: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  element.focus();
  element.value = value;
  element.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
}

/** One animation frame and the microtasks before it: enough for a scheduled check and a worker reply. */
export const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// ---------------------------------------------------------------------------
// The worker, faked at the chrome.runtime level

type Status = ContentResponses["content.status"];
type Handler = (payload: Record<string, unknown>) => unknown;

export class FakePort {
  readonly posted: unknown[] = [];
  disconnected = false;
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  readonly onMessage = { addListener: (listener: (message: unknown) => void) => void this.messageListeners.push(listener) };
  readonly onDisconnect = { addListener: (listener: () => void) => void this.disconnectListeners.push(listener) };

  constructor(readonly name: string) {}

  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** The worker pushes a summary. */
  push(summary: RunSummary): void {
    for (const listener of this.messageListeners) listener(summary);
  }
  /** The worker went away (stopped, restarted). */
  drop(): void {
    this.disconnected = true;
    for (const listener of this.disconnectListeners) listener();
  }
}

export class FakeWorker {
  requests: { type: string; payload: Record<string, unknown> }[] = [];
  ports: FakePort[] = [];
  handlers: Record<string, Handler> = {};
  private messageListeners: ((message: unknown) => unknown)[] = [];

  /** What content.status answers for a URL (by default: the page's id, configured, not connected). */
  status: (url: string) => Status = (url) => ({ targetId: idIn(url), configured: true, connection: null, lastRun: null });

  private readonly answer = async (message: { type: string; payload: Record<string, unknown> }) => {
    this.requests.push(message);
    try {
      const handler =
        message.type === "content.status"
          ? (payload: Record<string, unknown>) => this.status(String(payload.url))
          : message.type === "content.takeover"
            ? (payload: Record<string, unknown>) => (this.tell({ type: "inkwell.takeover", copy: payload.copy }), { told: true })
            : this.handlers[message.type];
      if (!handler) throw Object.assign(new Error(`no handler for ${message.type}`), { code: "internal" });
      return { ok: true, value: await handler(message.payload) };
    } catch (error) {
      const e = error as { message: string; code?: string };
      return { ok: false, error: { code: e.code ?? "internal", message: e.message, retryable: false } };
    }
  };

  readonly runtime = {
    id: "inkwell-test",
    lastError: undefined,
    sendMessage: vi.fn(this.answer),
    connect: vi.fn(({ name }: { name: string }) => {
      const port = new FakePort(name);
      this.ports.push(port);
      return port;
    }),
    onMessage: {
      addListener: (listener: (message: unknown) => unknown) => void this.messageListeners.push(listener),
      removeListener: (listener: (message: unknown) => unknown) => {
        this.messageListeners = this.messageListeners.filter((l) => l !== listener);
      },
    },
  };

  install(): this {
    (globalThis as { chrome?: unknown }).chrome = { runtime: this.runtime };
    return this;
  }

  reset(): void {
    this.requests = [];
    this.ports = [];
    this.handlers = {};
    // Listeners stay: each copy of the script removes its own when it stops (a newer copy's takeover, or abort).
    this.status = (url) => ({ targetId: idIn(url), configured: true, connection: null, lastRun: null });
    this.runtime.sendMessage.mockReset().mockImplementation(this.answer);
    this.runtime.connect.mockClear();
  }

  of(type: string): Record<string, unknown>[] {
    return this.requests.filter((request) => request.type === type).map((request) => request.payload);
  }

  /** The worker's tabs.sendMessage to this tab. */
  tell(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }

  get listenerCount(): number {
    return this.messageListeners.length;
  }
}

/** The target a URL shows, as the worker would resolve it: the peek's page, else the path's id. */
export function idIn(url: string): string | null {
  const parsed = new URL(url);
  const peek = parsed.searchParams.get("p");
  if (peek) return peek;
  return /([0-9a-f]{32})$/i.exec(parsed.pathname)?.[1] ?? null;
}

export function connection(overrides: Partial<ContentConnection> = {}): ContentConnection {
  return { id: "conn-1", name: "Launch plan writer", kind: "page", prompt: "Write a launch plan.", updatedAt: 1_000, tickedCount: null, selectionProperty: null, ...overrides };
}

export function summary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: "run-1",
    status: "running",
    kind: "page",
    blocksWritten: 0,
    outputTokens: 0,
    rowsTotal: 0,
    rowsDone: 0,
    rowsFailed: 0,
    waitingUntil: null,
    error: null,
    canUndo: false,
    ...overrides,
  };
}

/** happy-dom starts at localhost; the content script runs on www.notion.so. */
export function useNotionOrigin(): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(PAGE_URL);
}
