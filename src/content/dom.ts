/** A few lines of DOM building instead of a UI library: the content script stays small. */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** `h("button", { type: "button", onclick: go }, "Generate")`. `on*` functions become listeners; false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
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
