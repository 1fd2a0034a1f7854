/**
 * What is on screen and where the button goes. The worker resolves the target
 * (page, database view `?v=`, page in peek `?p=`) from the URL, so the content
 * script only reads the DOM for placement, the theme and the page title.
 */
import { closest, matches, select, warnOnce } from "./selectors";

/** `none`: Notion has not rendered yet (no frame, no top bar); showing a floating button now would only flash. */
export type Placement = { kind: "topbar"; parent: Element; before: Element | null } | { kind: "floating" } | { kind: "none" };
export type Theme = "light" | "dark";

/** The URL as far as the target is concerned: a #block anchor does not change the page. */
export function pageKey(): string {
  return location.href.split("#")[0]!;
}

/** Notion puts every peek in the URL (`?p=<id>&pm=s|c`), so the DOM is only searched for one then. */
export function findPeek(): Element | null {
  return new URLSearchParams(location.search).has("p") ? select("peek") : null;
}

/** Before Share in a top bar's action buttons, if this scope has them. */
function placeIn(scope: ParentNode, host: Element): Placement | null {
  const anchor = select("anchor", scope);
  const parent = (anchor && closest(anchor, "actions")) ?? select("actions", scope) ?? anchor?.parentElement;
  if (!parent) return null;
  let before: Element | null = anchor;
  while (before && before.parentElement !== parent) before = before.parentElement;
  if (!before) {
    before = parent.firstElementChild;
    if (before === host) before = host.nextElementSibling;
  }
  return { kind: "topbar", parent, before };
}

/**
 * A peek covers the right of the page's top bar and is the page on screen: the button goes before the
 * peek's Share (real Notion), else at the end of the peek's header. Otherwise the page's top bar, else floating.
 */
export function findPlacement(host: Element): Placement {
  const peek = findPeek();
  if (peek) {
    const header = select("peekHeader", peek) ?? select("peekHeader");
    const inPeek = placeIn(peek, host) ?? (header && (placeIn(header, host) ?? { kind: "topbar", parent: header, before: null }));
    if (inPeek) return inPeek;
  }
  const topbar = select("topbar");
  const placement = topbar && placeIn(topbar, host);
  if (placement) return placement;
  // Before Notion has rendered, wait; after, a missing top bar means our selectors are stale: float.
  if (!topbar && !select("frame")) return { kind: "none" };
  warnOnce(topbar ? "actions" : "topbar", "a floating button");
  return { kind: "floating" };
}

export function themeRoot(): Element | null {
  return select("themeRoot");
}

export function readTheme(): Theme {
  const root = themeRoot();
  return matches(document.body, "dark") || (root !== null && matches(root, "dark")) ? "dark" : "light";
}

/** The title of the page or database on screen (the peek's when one is open), else the tab title. */
export function pageTitle(): string {
  const scope = findPeek() ?? select("frame") ?? document;
  const text = select("title", scope)?.textContent?.trim();
  return text || document.title.replace(/^\(\d+\+?\)\s*/, "").trim();
}
