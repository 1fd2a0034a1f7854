/**
 * Tiny DOM helpers for the UI tests: Preact's render into happy-dom, queried by
 * accessible names (label text, button text) the way a person (or the e2e
 * suite) finds things. No testing library is installed.
 */
import { render, type ComponentChild } from "preact";
import { act } from "preact/test-utils";
import { vi } from "vitest";
import type { PageRequestPayload, PageRequestType, PageResponses } from "../../../src/shared/protocol/types";

export async function mount(ui: ComponentChild) {
  const root = document.createElement("div");
  document.body.append(root);
  await act(() => {
    render(ui, root);
  });
  return {
    root,
    async unmount() {
      await act(() => {
        render(null, root);
      });
      root.remove();
    },
  };
}

const isShown = (element: Element) => !element.closest("[hidden]");
const text = (element: Element) => (element.textContent ?? "").replace(/\s+/g, " ").trim();

/** The form control whose <label for> reads exactly `label`. */
export function byLabel<T extends HTMLElement = HTMLInputElement>(label: string, root: ParentNode = document.body): T {
  const matches = [...root.querySelectorAll("label")].filter((element) => text(element) === label && isShown(element));
  if (matches.length !== 1) throw new Error(`Expected one visible label "${label}", found ${matches.length}`);
  const id = matches[0]!.getAttribute("for");
  const control = id ? document.getElementById(id) : null;
  if (!control) throw new Error(`Label "${label}" points at no control (for="${id}")`);
  return control as T;
}

export function queryButton(name: string, root: ParentNode = document.body): HTMLButtonElement | null {
  const matches = [...root.querySelectorAll("button")].filter((element) => text(element) === name && isShown(element));
  if (matches.length > 1) throw new Error(`More than one visible button "${name}"`);
  return matches[0] ?? null;
}

export function button(name: string, root: ParentNode = document.body): HTMLButtonElement {
  const found = queryButton(name, root);
  if (!found) throw new Error(`No visible button "${name}". Buttons: ${[...root.querySelectorAll("button")].map(text).join(" | ")}`);
  return found;
}

export function alerts(root: ParentNode = document.body): string[] {
  return [...root.querySelectorAll('[role="alert"]')].filter(isShown).map(text);
}

export function textOf(selector: string): string {
  const element = document.querySelector(selector);
  if (!element) throw new Error(`Nothing matches ${selector}`);
  return text(element);
}

export async function type(element: HTMLElement, value: string): Promise<void> {
  await act(() => {
    (element as HTMLInputElement).value = value;
    element.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

export async function choose(element: HTMLElement, value: string): Promise<void> {
  await act(() => {
    (element as HTMLSelectElement).value = value;
    element.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

export async function click(element: HTMLElement): Promise<void> {
  await act(() => {
    element.click();
  });
}

/** Retries `check` (rendering between tries) until it stops throwing. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}

type Handler<K extends PageRequestType> = (payload: PageRequestPayload<K>) => PageResponses[K] | Promise<PageResponses[K]>;
export type Handlers = { [K in PageRequestType]?: Handler<K> };

/** Makes the mocked `request` answer from `handlers`; anything else fails the way an unknown request would. */
export function answer(request: unknown, handlers: Handlers): void {
  vi.mocked(request as (type: string, payload: unknown) => Promise<unknown>).mockImplementation(async (type, payload) => {
    const handler = handlers[type as PageRequestType] as ((payload: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`unexpected request ${type}`);
    return handler(payload);
  });
}

/** The in-page question (ConfirmDialog) when it is open, else null. */
export function openQuestion(): { title: string; message: string; confirmLabel: string } | null {
  const dialog = document.querySelector<HTMLDialogElement>("#confirm-dialog");
  if (!dialog?.open) return null;
  return { title: textOf("#confirm-title"), message: textOf("#confirm-message"), confirmLabel: textOf("#confirm-ok") };
}

/**
 * Answers the in-page question the way a person does: waits for the dialog,
 * then clicks its confirming button (#confirm-ok) or Cancel (#confirm-cancel).
 * Returns what was asked.
 */
export async function answerQuestion(confirmed: boolean): Promise<{ title: string; message: string; confirmLabel: string }> {
  const asked = await waitFor(() => {
    const question = openQuestion();
    if (!question) throw new Error("No question is open (#confirm-dialog)");
    return question;
  });
  await click(document.querySelector<HTMLElement>(confirmed ? "#confirm-ok" : "#confirm-cancel")!);
  await waitFor(() => {
    if (openQuestion()) throw new Error("The question is still open");
  });
  return asked;
}
