/**
 * The small panel under the Generate button (role=dialog): the prompt of the
 * page's connection with Generate, the Connect form for a page without one, or
 * what to do first. It is re-rendered from state, keeping what the user typed
 * and where the caret was, so a status refresh never eats an edit.
 */
import type { ContentConnection } from "../shared/protocol/types";
import { button, h, plural, trusted } from "./dom";
import type { Ui } from "./mount";

export type PanelView =
  | { kind: "loading" }
  | { kind: "message"; text: string; alert?: boolean }
  | { kind: "setup" }
  | { kind: "connect"; title: string }
  | { kind: "generate"; connection: ContentConnection };

export interface PanelState {
  view: PanelView;
  /** A failed action (not shared with the integration, invalid key…), shown as an alert. */
  error: string | null;
  busy: boolean;
}

export interface PanelActions {
  generate(prompt: string): void;
  connect(name: string, prompt: string): void;
  openSettings(): void;
}

export interface Panel {
  open(state: PanelState): void;
  render(state: PanelState): void;
  close(): void;
  isOpen(): boolean;
  position(): void;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/** What the panel says about the rows a database run would take. */
export function tickedText(connection: ContentConnection): string {
  const count = connection.tickedCount;
  if (count) return `${plural(count, "row")} ticked`;
  // Unknown (null): what to tick; none ticked (0): say so first.
  return `${count === 0 ? "No rows are ticked: t" : "T"}ick “${connection.selectionProperty ?? "Generate"}” on the rows to generate.`;
}

export function createPanel(ui: Ui, actions: PanelActions, signal: AbortSignal): Panel {
  const element = h("div", { class: "pop panel", popover: "manual", role: "dialog", "aria-label": "Inkwell", "data-inkwell": "panel", hidden: true });
  ui.root.append(element);
  /** What the user typed since the panel opened; undefined fields show the stored values. */
  let draft: { name?: string; prompt?: string } = {};
  let session: AbortController | null = null;
  let wantFocus = false;

  const close = (): void => {
    if (!session) return;
    session.abort();
    session = null;
    const hadFocus = element.contains(ui.root.activeElement);
    ui.hide(element);
    element.replaceChildren();
    draft = {};
    ui.button.setAttribute("aria-expanded", "false");
    if (hadFocus) ui.button.focus();
  };

  const field = (tag: "input" | "textarea", hook: "name" | "prompt", label: string, initial: string, submit: () => void): Node[] => {
    const id = `inkwell-${hook}`;
    const control: Field = h(tag, { id, "data-inkwell": hook });
    control.value = draft[hook] ?? initial;
    control.addEventListener("input", trusted(() => (draft[hook] = control.value)));
    control.addEventListener(
      "keydown",
      trusted((event) => {
        const key = event as KeyboardEvent;
        if (key.key === "Enter" && (key.metaKey || key.ctrlKey)) submit();
      }),
    );
    return [h("label", { for: id }, label), control];
  };
  const value = (hook: string): string => (element.querySelector<Field>(`[data-inkwell="${hook}"]`)?.value ?? "");
  const cancel = (): HTMLButtonElement => button("Cancel", close, "cancel");
  const primary = (label: string, run: () => void, hook: string, busy: boolean): HTMLButtonElement =>
    button(label, run, hook, { class: "pri", disabled: busy });

  function content({ view, busy }: PanelState): Node[] {
    switch (view.kind) {
      case "loading":
        return [h("p", { class: "mute" }, "Loading…")];
      case "message":
        return [h("p", view.alert ? { class: "alert", role: "alert" } : {}, view.text), h("div", { class: "row" }, cancel())];
      case "setup":
        return [
          h("p", {}, "Add your Notion secret and AI key first."),
          h("div", { class: "row" }, cancel(), primary("Open settings", actions.openSettings, "open-settings", busy)),
        ];
      case "connect": {
        const submit = (): void => actions.connect(value("name"), value("prompt"));
        return [
          h("p", {}, "This page isn't connected to Inkwell yet."),
          ...field("input", "name", "Name", view.title, submit),
          ...field("textarea", "prompt", "Prompt", "", submit),
          h("div", { class: "row" }, cancel(), primary("Connect and generate", submit, "connect", busy)),
        ];
      }
      case "generate": {
        const { connection } = view;
        const submit = (): void => actions.generate(value("prompt"));
        return [
          h("h2", {}, connection.name),
          ...(connection.kind === "database" ? [h("p", { class: "mute", "data-inkwell": "ticked" }, tickedText(connection))] : []),
          ...field("textarea", "prompt", "Prompt", connection.prompt, submit),
          h("div", { class: "row" }, cancel(), primary("Generate", submit, "run", busy)),
        ];
      }
    }
  }

  function render(state: PanelState): void {
    if (!session) return;
    const active = ui.root.activeElement as Field | null;
    const hook = active && element.contains(active) ? active.dataset.inkwell : undefined;
    const caret = active?.selectionStart;
    const caretEnd = active?.selectionEnd;
    element.replaceChildren(...content(state), ...(state.error ? [h("p", { class: "alert", role: "alert" }, state.error)] : []));
    const again = hook ? element.querySelector<HTMLElement>(`[data-inkwell="${hook}"]`) : null;
    const first = (): HTMLElement | null => element.querySelector("textarea,.pri") ?? element.querySelector("button");
    const target = again ?? (wantFocus ? first() : null);
    if (target && !(target as HTMLButtonElement).disabled) {
      target.focus();
      if (again && typeof caret === "number" && "setSelectionRange" in target) (target as Field).setSelectionRange(caret, caretEnd ?? caret);
      if (target.matches("textarea,input")) wantFocus = false;
    }
  }

  function position(): void {
    const rect = ui.button.getBoundingClientRect();
    const style = element.style;
    const anchored = rect.width > 0;
    const below = anchored && ui.host.dataset.placement === "topbar";
    style.top = below ? `${rect.bottom + 6}px` : "auto";
    style.bottom = below ? "auto" : `${anchored ? window.innerHeight - rect.top + 8 : 20}px`;
    style.right = `${Math.max(8, anchored ? window.innerWidth - rect.right : 20)}px`;
  }

  // Escape closes; no keystroke typed here reaches Notion's shortcuts (its Escape would also close a peek).
  for (const type of ["keydown", "keyup", "keypress"]) {
    element.addEventListener(type, (event) => {
      if (type === "keydown" && event.isTrusted && (event as KeyboardEvent).key === "Escape") close();
      event.stopPropagation();
    });
  }
  signal.addEventListener("abort", close, { once: true });

  return {
    open(state) {
      close();
      session = new AbortController();
      wantFocus = true;
      ui.button.setAttribute("aria-expanded", "true");
      ui.show(element);
      position();
      render(state);
      const options = { signal: session.signal, capture: true };
      window.addEventListener("resize", position, options);
      // A click anywhere outside Inkwell closes the panel, as Notion's own menus do.
      document.addEventListener("pointerdown", trusted((event) => event.composedPath().includes(ui.host) || close()), options);
    },
    render,
    close,
    isOpen: () => session !== null,
    position,
  };
}
