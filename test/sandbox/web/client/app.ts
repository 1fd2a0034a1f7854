/**
 * The fake app's browser side (bundled by ../client-bundle.ts, served at
 * /__fake/app.js). Behaves like Notion's SPA where the extension can notice:
 * - internal links navigate with history.pushState and swap the frame in place;
 * - every navigation re-renders the top bar as a new element (as React does), so the
 *   extension cannot keep a reference to it;
 * - database rows open in a side peek (?p=<id>&pm=s), closed by » or Escape;
 * - content refreshes live from Server-Sent Events as the workspace changes.
 */
import { morph } from "./morph";

interface Screen {
  documentTitle: string;
  objectId: string | null;
  peekId: string | null;
  topbar: string;
  sidebar: string;
  frame: string;
  overlay: string;
  version: number;
}

interface Rendered {
  /** location path+search this DOM shows; a render for another URL is a navigation. */
  url: string;
  version: number;
  topbar: string;
  sidebar: string;
}

const initial = JSON.parse(document.getElementById("fake-notion-state")?.textContent ?? "{}") as Partial<Screen>;
const rendered: Rendered = {
  url: currentUrl(),
  version: initial.version ?? -1,
  topbar: initial.topbar ?? "",
  sidebar: initial.sidebar ?? "",
};
let ticket = 0;

function currentUrl(): string {
  return location.pathname + location.search;
}

function fragment(html: string): Element | null {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content.firstElementChild;
}

/** Fetches the screen for the current URL and applies it; later calls supersede earlier ones. */
async function load(): Promise<void> {
  const mine = ++ticket;
  const url = currentUrl();
  let screen: Screen;
  try {
    const response = await fetch(`/__fake/content?path=${encodeURIComponent(url)}`, { cache: "no-store" });
    screen = (await response.json()) as Screen;
  } catch (error) {
    console.warn("fake notion: could not load", url, error);
    return;
  }
  if (mine !== ticket || url !== currentUrl()) return;
  apply(screen, url);
}

function apply(screen: Screen, url: string): void {
  const navigation = url !== rendered.url;
  document.title = screen.documentTitle;

  const topbar = document.querySelector(".notion-topbar");
  if (navigation || screen.topbar !== rendered.topbar) {
    const next = fragment(screen.topbar);
    if (topbar && next) topbar.replaceWith(next);
  }

  const sidebar = document.querySelector(".notion-sidebar");
  if (screen.sidebar !== rendered.sidebar) {
    const next = fragment(screen.sidebar);
    if (sidebar && next) sidebar.replaceWith(next);
  }

  const frame = document.querySelector("main.notion-frame");
  const nextFrame = fragment(screen.frame);
  if (frame && nextFrame) {
    // A new object gets a new frame; the same object (a refresh, or a peek opening over it) is updated in place.
    const sameObject = frame.getAttribute("data-object-id") === nextFrame.getAttribute("data-object-id") &&
      frame.getAttribute("data-object-kind") === nextFrame.getAttribute("data-object-kind");
    if (sameObject) morph(frame, nextFrame);
    else frame.replaceWith(nextFrame);
  }

  applyOverlay(screen.overlay);

  Object.assign(rendered, { url, version: screen.version, topbar: screen.topbar, sidebar: screen.sidebar });
  document.documentElement.dataset.fakeVersion = String(screen.version);
  document.dispatchEvent(new CustomEvent("fake-notion:render", { detail: { navigation, url, version: screen.version } }));
}

function applyOverlay(html: string): void {
  const container = document.querySelector(".notion-overlay-container");
  if (!container) return;
  const current = container.querySelector(".notion-peek-renderer");
  const next = html ? fragment(html) : null;
  if (!next) {
    current?.remove();
    return;
  }
  if (current && current.getAttribute("data-peek-id") === next.getAttribute("data-peek-id")) morph(current, next);
  else if (current) current.replaceWith(next);
  else container.append(next);
}

function navigate(url: string): void {
  history.pushState(null, "", url);
  void load();
}

function withPeek(peekId: string | null): string {
  const url = new URL(location.href);
  if (peekId) {
    url.searchParams.set("p", peekId);
    url.searchParams.set("pm", "s");
  } else {
    url.searchParams.delete("p");
    url.searchParams.delete("pm");
  }
  return url.pathname + url.search;
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;

  if (target.closest(".notion-peek-close")) {
    event.preventDefault();
    navigate(withPeek(null));
    return;
  }
  const open = target.closest(".notion-collection-item-open");
  if (open) {
    event.preventDefault();
    navigate(withPeek(open.getAttribute("data-peek-id")));
    return;
  }
  const link = target.closest("a[href]");
  if (link instanceof HTMLAnchorElement) {
    const sameApp = link.origin === location.origin && !link.target && !link.hasAttribute("download");
    const hashOnly = link.pathname === location.pathname && link.search === location.search && link.hash !== "";
    if (sameApp && !hashOnly) {
      event.preventDefault();
      navigate(link.pathname + link.search);
    }
    return;
  }
  // A click anywhere else on a row (not its title link) opens it in peek, like Notion's table.
  const row = target.closest(".notion-collection-item");
  if (row && !target.closest('[role="checkbox"]')) navigate(withPeek(row.getAttribute("data-peek-id")));
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && document.querySelector(".notion-peek-renderer")) navigate(withPeek(null));
});

window.addEventListener("popstate", () => void load());

// Live refresh. The server sends "hello" on connect (also after a reconnect, so missed
// changes are caught up) and "change" after writes; EventSource reconnects by itself.
if (typeof EventSource === "function") {
  const events = new EventSource("/__fake/events");
  const onVersion = (event: MessageEvent<string>): void => {
    const { version } = JSON.parse(event.data) as { version: number };
    if (version !== rendered.version) void load();
  };
  events.addEventListener("hello", onVersion);
  events.addEventListener("change", onVersion);
}
