/**
 * Notices what Notion's single-page app does without re-running the content
 * script: pushState navigation, back/forward, peeks opening and closing, the top
 * bar being re-rendered, the theme switching. One MutationObserver, no polling:
 * its callback only looks at the nodes that changed (cheaply) and coalesces
 * everything relevant into one check per animation frame, so a page where the
 * user only types costs a few `matches` calls per mutation batch, and a hidden
 * tab (no animation frames) at most one pending check.
 */
import { pageKey } from "./locate";

export interface Watcher {
  /** Also watch this element's class attribute (the theme root); idempotent. */
  watchClass(element: Element | null): void;
}

interface NavigationLike {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
}

export function watchPage(options: {
  /** Selector of the landmarks whose arrival or removal matters (top bar, Share, peek…). */
  relevant: string;
  /** The element Inkwell put in the page: if it left the document, the check must run. */
  host: HTMLElement;
  /** `urlChanged` is true when the page key changed since the last check. */
  check: (urlChanged: boolean) => void;
  signal: AbortSignal;
}): Watcher {
  const { relevant, host, check, signal } = options;
  let lastKey = pageKey();
  let pending = false;

  const run = (): void => {
    pending = false;
    if (signal.aborted) return;
    const key = pageKey();
    const urlChanged = key !== lastKey;
    lastKey = key;
    check(urlChanged);
  };
  const schedule = (): void => {
    if (pending || signal.aborted) return;
    pending = true;
    window.requestAnimationFrame(run);
  };

  const isRelevant = (node: Node): boolean => {
    if (node.nodeType !== 1) return false;
    const element = node as Element; // (Inkwell's host never matches: its content is in its shadow root)
    try {
      return element.matches(relevant) || (element.firstElementChild !== null && element.querySelector(relevant) !== null);
    } catch {
      return false;
    }
  };

  const observer = new MutationObserver((records) => {
    if (pending) return;
    // A host placed in the page and then removed (top bar re-rendered); not one waiting for Notion to render.
    if ((host.dataset.placement && !host.isConnected) || pageKey() !== lastKey) return schedule();
    for (const record of records) {
      if (record.type === "attributes") return schedule();
      for (const node of record.addedNodes) if (isRelevant(node)) return schedule();
      for (const node of record.removedNodes) if (isRelevant(node)) return schedule();
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  // body.dark is Notion's other theme switch; the subtree registration above does not report attributes.
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  signal.addEventListener("abort", () => observer.disconnect(), { once: true });

  // The Navigation API reports pushState, replaceState and back/forward directly where it exists;
  // elsewhere popstate covers back/forward, and the observer catches pushState by the re-render it causes.
  // (Explicit `window.`: Firefox runs content scripts in a sandbox whose global is not the window.)
  (window as { navigation?: NavigationLike }).navigation?.addEventListener("currententrychange", schedule, { signal });
  window.addEventListener("popstate", schedule, { signal });

  return {
    // Observing a node again only replaces its registration, so this is idempotent.
    watchClass: (element) => element && observer.observe(element, { attributes: true, attributeFilter: ["class"] }),
  };
}
