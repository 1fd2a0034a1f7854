/**
 * Keyed DOM reconciliation for live refresh, a tiny stand-in for what React does in
 * the real app: unchanged blocks keep their DOM node (no flicker, no lost selection,
 * a watcher sees new blocks appear below old ones), changed blocks are replaced,
 * and nodes the server did not render (an extension's injected UI) are left alone.
 *
 * Server-rendered children of a container carry a key (`data-block-id` or
 * `data-key`); containers that may be updated in place carry `data-fake-morph`.
 * Runs in the browser only; uses nodeType rather than `instanceof` so it also runs
 * against happy-dom in unit tests.
 */

export function keyOf(node: Node): string | null {
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  return el.getAttribute("data-block-id") ?? el.getAttribute("data-key");
}

/** Makes `current` look like `next`; returns the element now in the document. */
export function morph(current: Element, next: Element): Element {
  if (current.isEqualNode(next)) return current;
  const inPlace =
    current.tagName === next.tagName &&
    keyOf(current) === keyOf(next) &&
    current.hasAttribute("data-fake-morph") &&
    next.hasAttribute("data-fake-morph");
  if (!inPlace) {
    current.replaceWith(next);
    return next;
  }
  syncAttributes(current, next);
  reconcileChildren(current, next);
  return current;
}

function syncAttributes(current: Element, next: Element): void {
  for (const name of current.getAttributeNames()) if (!next.hasAttribute(name)) current.removeAttribute(name);
  for (const name of next.getAttributeNames()) {
    const value = next.getAttribute(name) ?? "";
    if (current.getAttribute(name) !== value) current.setAttribute(name, value);
  }
}

/** Updates the keyed children of `parent` to those of `next`, in `next`'s order. */
export function reconcileChildren(parent: Element, next: Element): void {
  const existing = new Map<string, Element>();
  for (const child of Array.from(parent.children)) {
    const key = keyOf(child);
    if (key !== null) existing.set(key, child);
  }
  const wanted: Element[] = [];
  for (const child of Array.from(next.children)) {
    const key = keyOf(child);
    const match = key === null ? undefined : existing.get(key);
    if (match && key !== null) {
      existing.delete(key);
      wanted.push(morph(match, child));
    } else {
      wanted.push(child);
    }
  }
  for (const stale of existing.values()) stale.remove();
  // Move or insert each wanted element right after its predecessor, skipping foreign nodes.
  let previous: Element | null = null;
  for (const el of wanted) {
    const expected: Element | null = previous ? nextKeyed(previous.nextElementSibling) : nextKeyed(parent.firstElementChild);
    if (expected !== el) {
      if (previous) previous.after(el);
      else parent.prepend(el);
    }
    previous = el;
  }
}

function nextKeyed(start: Element | null): Element | null {
  let el = start;
  while (el && keyOf(el) === null) el = el.nextElementSibling;
  return el;
}
