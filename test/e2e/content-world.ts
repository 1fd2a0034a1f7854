/**
 * The content script's isolated world on a Notion tab, reached through the
 * DevTools protocol (no hook in the product): code evaluated there runs with
 * exactly what Inkwell's content script can reach (its `chrome.*` APIs, the
 * page's DOM), which is also what any code in that world could reach.
 *
 * Inkwell's panel lives in a closed shadow root that Playwright's locators
 * can't enter; `inkwellPart` finds its elements from that world through
 * `chrome.dom.openOrClosedShadowRoot` and acts on them with real (trusted)
 * mouse and keyboard input, as a user would.
 */
import type { CDPSession, Page } from "playwright-core";

interface ExecutionContext {
  id: number;
  name: string;
  origin: string;
  auxData?: { frameId?: string; isDefault?: boolean; type?: string };
}

export interface ContentWorld {
  /** Evaluates an expression (awaiting a promise) in the content script's world; returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** Attaches to `page` and waits for the isolated world of extension `extensionId`'s content script in its main frame. */
export async function contentWorld(page: Page, extensionId: string, timeoutMs = 20_000): Promise<ContentWorld> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts = new Map<number, ExecutionContext>();
  cdp.on("Runtime.executionContextCreated", ({ context }: { context: ExecutionContext }) => void contexts.set(context.id, context));
  cdp.on("Runtime.executionContextDestroyed", ({ executionContextId }: { executionContextId: number }) => void contexts.delete(executionContextId));
  cdp.on("Runtime.executionContextsCleared", () => contexts.clear());
  const { frameTree } = (await cdp.send("Page.getFrameTree")) as { frameTree: { frame: { id: string } } };
  await cdp.send("Runtime.enable");
  const mainFrame = frameTree.frame.id;
  const find = () =>
    [...contexts.values()].reverse().find((context) => context.auxData?.type === "isolated" && context.auxData.frameId === mainFrame && context.origin.includes(extensionId));
  const deadline = Date.now() + timeoutMs;
  while (!find()) {
    if (Date.now() > deadline) throw new Error(`No isolated world of extension ${extensionId} in ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const context = find();
      if (!context) throw new Error("The content script's world is gone (the page reloaded?)");
      const reply = (await cdp.send("Runtime.evaluate", { expression, contextId: context.id, awaitPromise: true, returnByValue: true })) as {
        result: { value?: unknown };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
      return reply.result.value as T;
    },
    close: () => cdp.detach(),
  };
}

/** An element of Inkwell's panel, button or toast (by its data-inkwell name), inside the closed shadow root. */
export interface InkwellPart {
  /** attached: in the root; visible: shown; hidden: absent or not shown. */
  waitFor(options?: { state?: "attached" | "visible" | "hidden"; timeout?: number; hasText?: string | RegExp }): Promise<void>;
  isVisible(): Promise<boolean>;
  count(): Promise<number>;
  textContent(): Promise<string>;
  inputValue(): Promise<string>;
  /** The same part, waited for only while its text matches. */
  filter(options: { hasText: string | RegExp }): InkwellPart;
  /** A real mouse click at the element's centre (a trusted event). */
  click(): Promise<void>;
  /** Clicks into the field, selects what it holds and types `text` over it (trusted input). */
  fill(text: string): Promise<void>;
}

interface PartState {
  count: number;
  visible: boolean;
  text: string;
  value: string;
  box: { x: number; y: number; width: number; height: number } | null;
}

export function inkwellPart(page: Page, world: () => Promise<ContentWorld>, hook: string, textFilter?: string | RegExp): InkwellPart {
  const read = async (): Promise<PartState> =>
    (await world()).evaluate<PartState>(`(() => {
      const host = document.getElementById("inkwell-root");
      const root = host && chrome.dom.openOrClosedShadowRoot(host);
      const all = root ? [...root.querySelectorAll('[data-inkwell=${JSON.stringify(hook)}]')] : [];
      const element = all[0];
      if (!element) return { count: 0, visible: false, text: "", value: "", box: null };
      const rect = element.getBoundingClientRect();
      const visible = element.checkVisibility() && rect.width > 0 && rect.height > 0;
      return { count: all.length, visible, text: element.textContent ?? "", value: element.value ?? "", box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } };
    })()`);
  const matches = (text: string, hasText?: string | RegExp) => hasText === undefined || (typeof hasText === "string" ? text.includes(hasText) : hasText.test(text));
  const part: InkwellPart = {
    filter: ({ hasText }) => inkwellPart(page, world, hook, hasText),
    async waitFor({ state = "visible", timeout = 10_000, hasText = textFilter } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const now = await read().catch(() => null);
        if (now) {
          const textOk = matches(now.text, hasText);
          if (state === "attached" && now.count > 0 && textOk) return;
          if (state === "visible" && now.visible && textOk) return;
          if (state === "hidden" && (!now.visible || !textOk)) return;
        }
        if (Date.now() > deadline) throw new Error(`Inkwell's "${hook}" did not become ${state}${hasText ? ` with ${String(hasText)}` : ""} (last: ${JSON.stringify(now)})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    isVisible: async () => (await read()).visible,
    count: async () => (await read()).count,
    textContent: async () => (await read()).text,
    inputValue: async () => (await read()).value,
    async click() {
      await part.waitFor({ state: "visible" });
      const { box } = await read();
      await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    },
    async fill(text) {
      await part.click();
      await page.keyboard.press("ControlOrMeta+A");
      if (text) await page.keyboard.insertText(text);
      else await page.keyboard.press("Delete");
    },
  };
  return part;
}

const worlds = new WeakMap<Page, Promise<ContentWorld>>();

/** Inkwell's part named `hook` on a Notion tab (the tab's content-script world is attached once, on first use). */
export function inkwell(page: Page, hook: string): InkwellPart {
  const world = (): Promise<ContentWorld> => {
    let attached = worlds.get(page);
    if (!attached) {
      const extensionId = new URL(page.context().serviceWorkers()[0]?.url() ?? "chrome-extension://unknown/").host;
      attached = contentWorld(page, extensionId);
      worlds.set(page, attached);
    }
    return attached;
  };
  return inkwellPart(page, world, hook);
}
