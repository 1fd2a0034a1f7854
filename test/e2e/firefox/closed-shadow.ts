/**
 * Inkwell's panel in a Notion tab in Firefox, inside its closed shadow root,
 * reached over standard WebDriver BiDi (no hook in the product): a node
 * serialized with `includeShadowTree: "all"` carries a reference to its
 * closed shadow root, which a later `script.callFunction` takes as an
 * argument. The code runs in a BiDi sandbox (an Xray view of the page), so
 * page scripts can't interfere; clicks and typing are puppeteer's real mouse
 * and keyboard (trusted events, as the panel accepts only those).
 */
import type { Browser, Page } from "puppeteer-core";

type BidiSend = (method: string, params: Record<string, unknown>) => Promise<{ result: Record<string, unknown> }>;

interface RemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string;
}
interface EvaluateResult {
  type: "success" | "exception";
  result?: RemoteValue;
  exceptionDetails?: { text: string };
}

interface PartState {
  count: number;
  visible: boolean;
  text: string;
  value: string;
  box: { x: number; y: number; width: number; height: number } | null;
}

const SANDBOX = "inkwell-e2e";

/** Reads the part named `hook` inside `root` (runs in the page's BiDi sandbox). */
const READ_PART = `(root, hook) => {
  const all = root ? [...root.querySelectorAll('[data-inkwell="' + hook + '"]')] : [];
  const element = all[0];
  if (!element) return JSON.stringify({ count: 0, visible: false, text: "", value: "", box: null });
  const rect = element.getBoundingClientRect();
  const visible = element.checkVisibility() && rect.width > 0 && rect.height > 0;
  return JSON.stringify({ count: all.length, visible, text: element.textContent ?? "", value: element.value ?? "", box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } });
}`;

export interface InkwellPart {
  /** Waits until the part is shown (and, with `hasText`, its text matches); resolves to its text. */
  waitFor(options?: { hasText?: RegExp; timeout?: number }): Promise<string>;
  /** Waits until the field's value is `expected`. */
  waitForValue(expected: string, timeout?: number): Promise<void>;
  /** A real mouse click at the element's centre (a trusted event). */
  click(): Promise<void>;
  /** Clicks into the field, selects what it holds and types `text` over it (trusted input). */
  fill(text: string): Promise<void>;
}

export function inkwellIn(browser: Browser, page: Page) {
  const connection = (browser as unknown as { connection: { send: BidiSend } }).connection;
  const send: BidiSend = connection.send.bind(connection);
  const target = () => ({ context: (page.mainFrame() as unknown as { _id: string })._id, sandbox: SANDBOX });

  async function call(functionDeclaration: string, args: unknown[], serializationOptions?: Record<string, unknown>): Promise<RemoteValue | undefined> {
    const reply = await send("script.callFunction", {
      functionDeclaration,
      arguments: args,
      target: target(),
      awaitPromise: false,
      ...(serializationOptions ? { serializationOptions } : {}),
    });
    const result = reply.result as unknown as EvaluateResult;
    if (result.type === "exception") throw new Error(`Evaluation in the Notion tab failed: ${result.exceptionDetails?.text ?? "unknown error"}`);
    return result.result;
  }

  async function read(hook: string): Promise<PartState> {
    const host = await call(`() => document.getElementById("inkwell-root")`, [], { includeShadowTree: "all", maxDomDepth: 0 });
    const root = (host?.value as { shadowRoot?: RemoteValue } | undefined)?.shadowRoot;
    const rootArgument = root?.sharedId ? { sharedId: root.sharedId } : { type: "null" };
    const state = await call(READ_PART, [rootArgument, { type: "string", value: hook }]);
    return JSON.parse(state?.value as string) as PartState;
  }

  return function part(hook: string): InkwellPart {
    async function until(check: (state: PartState) => boolean, describe: string, timeout: number): Promise<PartState> {
      const deadline = Date.now() + timeout;
      for (;;) {
        const now = await read(hook).catch(() => null);
        if (now && check(now)) return now;
        if (Date.now() > deadline) throw new Error(`Inkwell's "${hook}" did not become ${describe} (last: ${JSON.stringify(now)})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const self: InkwellPart = {
      async waitFor({ hasText, timeout = 20_000 } = {}) {
        const state = await until((now) => now.visible && (!hasText || hasText.test(now.text)), `visible${hasText ? ` with ${String(hasText)}` : ""}`, timeout);
        return state.text;
      },
      async waitForValue(expected, timeout = 20_000) {
        await until((now) => now.value === expected, `valued ${JSON.stringify(expected)}`, timeout);
      },
      async click() {
        const { box } = await until((now) => now.visible, "visible", 20_000);
        await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
      },
      async fill(text) {
        await self.click();
        await page.keyboard.down("Control");
        await page.keyboard.press("a");
        await page.keyboard.up("Control");
        if (text) await page.keyboard.type(text);
        else await page.keyboard.press("Delete");
      },
    };
    return self;
  };
}
