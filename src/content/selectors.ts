/**
 * Every Notion selector the content script relies on, in one place. Notion ships
 * no stable hooks, so each landmark is a list tried in order (as refined-github
 * does): the class Notion uses today first, then looser fallbacks. When Notion
 * changes, this is the only file to update.
 */
export const SELECTORS = {
  /** The top bar of the page on screen (a new element on every navigation). */
  topbar: [".notion-topbar", ".notion-topbar-container > div"],
  /** The right-hand group of top bar buttons (Share, comments, favourite, •••). */
  actions: [".notion-topbar-action-buttons", ".notion-topbar-actions"],
  /** What the Generate button goes before: Share, else the other top bar buttons. */
  anchor: [
    ".notion-topbar-share-menu",
    '[role="button"][aria-label="Share"]',
    ".notion-topbar-comments-button",
    ".notion-topbar-favorite-button",
    ".notion-topbar-more-button",
  ],
  /** A page open in side or centre peek (its URL has ?p=). */
  peek: [".notion-peek-renderer", '[data-testid="peek-renderer"]', ".notion-overlay-container [data-peek-id]", ".peek-top-hover-area"],
  /** The peek's own header, which covers the page's top bar on the right: the button goes there when it has no Share. */
  peekHeader: [".notion-peek-topbar", ".peek-top-hover-area", ".notion-peek-renderer > div:first-child"],
  /** The main content frame: once it exists, Notion has rendered (so a missing top bar means stale selectors). */
  frame: ["main.notion-frame", ".notion-frame", "main", '[role="main"]'],
  /** The title of the page or database on screen (inside the peek or the frame). */
  title: [".notion-page-block h1", "h1.notion-collection-title", '[placeholder="Untitled"]', "h1"],
  /** The element that carries Notion's theme class. */
  themeRoot: [".notion-app-inner", "#notion-app > div"],
  /** Matched against the theme root and <body>: Notion's dark mode. */
  dark: [".notion-dark-theme", "body.dark", ".dark"],
} as const;

export type SelectorName = keyof typeof SELECTORS;

/** The valid selectors of a list: a typo or an unsupported pseudo-class is dropped, never thrown from a query. */
const checked = new Map<string, boolean>();
const valid = (name: SelectorName): string[] =>
  SELECTORS[name].filter((selector) => {
    let ok = checked.get(selector);
    if (ok === undefined) {
      try {
        ok = !document.createElement("i").matches(selector);
      } catch {
        ok = false;
      }
      checked.set(selector, ok);
    }
    return ok;
  });

/** The first element matched by the first selector of the list that matches anything. */
export function select(name: SelectorName, scope: ParentNode = document): Element | null {
  for (const selector of valid(name)) {
    const found = scope.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** Several lists as one selector, for `matches`, `closest` and "is this node relevant?" checks. */
export const union = (...names: SelectorName[]): string => names.flatMap(valid).join(",") || ":not(*)";

export const matches = (element: Element, name: SelectorName): boolean => element.matches(union(name));

/** The nearest ancestor (or the element itself) matching any selector of the list. */
export const closest = (element: Element, name: SelectorName): Element | null => element.closest(union(name));

const warned = new Set<string>();

/** Logs a selector that matched nothing once per session, so a Notion redesign shows up in the console without flooding it. */
export function warnOnce(name: SelectorName, fallback: string): void {
  if (warned.has(name)) return;
  warned.add(name);
  console.warn(`[inkwell] Notion's ${name} not found (tried ${SELECTORS[name].join(" | ")}); Notion may have changed. Using ${fallback}.`);
}
