/** A few lines of DOM building instead of a UI library: the content script stays small. */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/**
 * A listener that hears only the user: events the page makes up (`dispatchEvent`, `click()`) have
 * isTrusted false, and Notion's page script must not be able to press Inkwell's buttons.
 */
export const trusted =
  <E extends Event>(listener: (event: E) => void) =>
  (event: E): void => {
    if (event.isTrusted) listener(event);
  };

/** `h("button", { type: "button", onclick: go }, "Generate")`. `on*` functions become (trusted-only) listeners; false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), trusted(value));
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
  return element;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** A button as Notion draws them; `hook` is the stable `data-inkwell` name the e2e suite uses. */
export function button(label: string, onclick: () => void, hook?: string, extra: Attrs = {}): HTMLButtonElement {
  return h("button", { type: "button", "data-inkwell": hook, onclick, ...extra }, label);
}
