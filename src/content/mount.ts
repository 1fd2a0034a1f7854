/**
 * Inkwell's one host element and its closed shadow root (Notion's page script
 * can't reach into it, read the prompt or press a button): the Generate button, the
 * panel and the toast all live inside it, so Notion's styles never reach them
 * and ours never reach Notion (`all: initial` also stops inherited styles, except the
 * font family: the button uses Notion's own font, as its neighbours do).
 * The panel and the toast are popovers where the browser has them, so they sit
 * in the top layer whatever Notion's top bar clips, transforms or stacks.
 */
import { h } from "./dom";
import type { Placement, Theme } from "./locate";

export const HOST_ID = "inkwell-root";

const CSS = [
  `:host{all:initial;display:inline-flex;flex:none;font:14px/1.4 sans-serif;font-family:inherit;color:var(--fg);--fg:#37352f;--mute:#37352fa6;--hov:#37352f14;--bg:#fff;--line:#37352f29;--red:#d44c47;--blue:#2383e2;--sh:0 0 0 1px #0f0f0f0d,0 3px 6px #0f0f0f1a,0 9px 24px #0f0f0f33}`,
  `:host([data-theme=dark]){--fg:#ffffffcf;--mute:#ffffff75;--hov:#ffffff0e;--bg:#252525;--line:#ffffff21;--red:#eb5757}`,
  `:host([data-placement=floating]){position:fixed;right:20px;bottom:20px;z-index:2147483000}`,
  `[hidden]{display:none!important}`,
  `button,textarea,input{font:inherit;color:inherit;border-radius:6px}`,
  `button{background:none;border:0;height:28px;padding:0 8px;margin:0 1px;cursor:pointer;white-space:nowrap}`,
  `button:hover{background:var(--hov)}button:disabled{opacity:.5;cursor:default}`,
  `:host([data-placement=floating]) .gen{height:36px;padding:0 14px;background:var(--bg);box-shadow:var(--sh)}`,
  `.pri{background:var(--blue);color:#fff}`,
  `.pop{position:fixed;inset:auto;margin:0;z-index:2147483001;box-sizing:border-box;border:0;border-radius:10px;padding:12px;background:var(--bg);color:var(--fg);box-shadow:var(--sh)}`,
  `.panel{width:min(360px,100vw - 16px)}`,
  `.toast{right:20px;bottom:20px;display:flex;align-items:center;gap:6px;max-width:min(520px,100vw - 40px);padding:8px 8px 8px 14px}`,
  `:host([data-placement=floating]) .toast{bottom:68px}.msg{flex:1}`,
  `h2{font-size:14px;margin:0 0 4px}p{margin:4px 0}.mute,label{color:var(--mute);font-size:12px}.alert{color:var(--red)}label{display:block;margin:10px 0 4px}`,
  `textarea,input{box-sizing:border-box;width:100%;background:var(--hov);border:1px solid var(--line);padding:6px 8px}`,
  `textarea{min-height:110px;max-height:50vh;resize:vertical}`,
  `.row{display:flex;justify-content:flex-end;gap:8px;margin-top:12px}`,
].join("");

export interface Ui {
  host: HTMLElement;
  root: ShadowRoot;
  button: HTMLButtonElement;
  /** Shows a panel or toast element (as a popover where supported). */
  show(element: HTMLElement): void;
  hide(element: HTMLElement): void;
}

/**
 * Popovers (Chrome 114+, Firefox 125+); `togglePopover(force)` doesn't throw for "already in that state",
 * but Chrome throws InvalidStateError for any call on a disconnected element, so both calls check the host.
 */
type PopoverElement = HTMLElement & { togglePopover?: (force: boolean) => boolean };

export function createUi(): Ui {
  const host = h("div", { id: HOST_ID, "data-theme": "light" });
  const root = host.attachShadow({ mode: "closed" });
  const button = h(
    "button",
    { type: "button", class: "gen", "data-inkwell": "generate", title: "Generate with Inkwell", "aria-haspopup": "dialog", "aria-expanded": "false" },
    "Generate",
  );
  root.append(h("style", {}, CSS), button);
  return {
    host,
    root,
    button,
    show(element: PopoverElement) {
      element.hidden = false;
      if (host.isConnected) element.togglePopover?.(true);
    },
    hide(element: PopoverElement) {
      // Out of the document (Notion re-rendered the top bar) the removal already hid it; calling would throw.
      if (host.isConnected) element.togglePopover?.(false);
      element.hidden = true;
    },
  };
}

/** Moves the host where it belongs, touching the DOM only when it is not already there. Returns whether it moved. */
export function place(ui: Ui, placement: Placement): boolean {
  const { host } = ui;
  let moved = false;
  if (placement.kind === "none") {
    delete host.dataset.placement;
    if (!host.isConnected) return false;
    host.remove();
    return true;
  }
  if (placement.kind === "topbar") {
    const { parent, before } = placement;
    if (host.parentNode !== parent || host.nextElementSibling !== before) {
      parent.insertBefore(host, before);
      moved = true;
    }
  } else if (host.parentNode !== document.body) {
    document.body.append(host);
    moved = true;
  }
  if (host.dataset.placement !== placement.kind) host.dataset.placement = placement.kind;
  // The browser closes popovers whose host leaves the document: open again what should be open.
  if (moved) for (const element of ui.root.querySelectorAll<HTMLElement>(".pop:not([hidden])")) ui.show(element);
  return moved;
}

export function applyTheme(ui: Ui, theme: Theme): void {
  if (ui.host.dataset.theme !== theme) ui.host.dataset.theme = theme;
}
