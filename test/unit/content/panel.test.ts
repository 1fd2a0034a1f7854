// @vitest-environment happy-dom
/** The panel under the Generate button: generate, connect, set up, errors, keyboard. */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ContentConnection } from "../../../src/shared/protocol/types";
import { OPEN_PANEL_MESSAGE } from "../../../src/shared/protocol/names";
import {
  connection,
  FakeWorker,
  hook,
  host,
  idIn,
  isShown,
  mustHook,
  navigate,
  OTHER_ID,
  PAGE_ID,
  renderNotion,
  ROW_ID,
  summary,
  text,
  type,
  useNotionOrigin,
  shadowOf,
  forged,
  frame,
} from "./fixtures";

const worker = new FakeWorker().install();
let start: () => AbortController;
let running: AbortController | undefined;

beforeAll(async () => {
  useNotionOrigin();
  ({ start } = await import("../../../src/content/index"));
});
beforeEach(() => worker.reset());
afterEach(() => running?.abort());

/** Notion with the given status for every URL, the script started and its first status answered. */
async function boot(status: { connection?: ContentConnection | null; configured?: boolean } = {}, options: Parameters<typeof renderNotion>[0] = {}) {
  renderNotion(options);
  worker.status = (url) => ({ targetId: idIn(url), configured: status.configured ?? true, connection: status.connection ?? null, lastRun: null });
  running = start();
  await vi.waitFor(() => expect(host()!.dataset.targetId).toBeDefined());
}

async function openPanel(): Promise<HTMLElement> {
  const requests = worker.of("content.status").length;
  mustHook<HTMLButtonElement>("generate").click();
  const panel = mustHook("panel");
  // Opening refreshes the status (fresh ticked-row count): wait for it to land.
  await vi.waitFor(() => expect(worker.of("content.status").length).toBe(requests + 1));
  await vi.waitFor(() => expect(panel.querySelector(".mute")?.textContent).not.toBe("Loading…"));
  return panel;
}

const panelShown = () => isShown(hook("panel"));
const alerts = () => [...shadowOf(host()!)!.querySelectorAll('[role="alert"]')].map(text);
const label = (panel: HTMLElement, id: string) => text(panel.querySelector(`label[for="${id}"]`));

describe("with a connection", () => {
  it("shows the connection and its prompt, editable, and generates with the edited prompt and the page URL", async () => {
    worker.handlers["content.generate"] = () => summary({ status: "running" });
    await boot({ connection: connection() });
    const panel = await openPanel();
    expect(panel.getAttribute("role")).toBe("dialog");
    expect(panel.getAttribute("aria-label")).toBe("Inkwell");
    expect(mustHook("generate").getAttribute("aria-expanded")).toBe("true");
    expect(text(panel.querySelector("h2"))).toBe("Launch plan writer");
    const prompt = mustHook<HTMLTextAreaElement>("prompt");
    expect(prompt.tagName).toBe("TEXTAREA");
    expect(label(panel, prompt.id)).toBe("Prompt");
    expect(prompt.value).toBe("Write a launch plan.");
    expect(shadowOf(host()!)!.activeElement).toBe(prompt);

    type(prompt, "Write a launch plan for Europe.");
    const run = mustHook<HTMLButtonElement>("run");
    expect(run.textContent).toBe("Generate");
    run.click();
    await vi.waitFor(() => expect(worker.of("content.generate")).toHaveLength(1));
    expect(worker.of("content.generate")[0]).toEqual({
      url: `https://www.notion.so/acme/Launch-plan-${PAGE_ID}`,
      connectionId: "conn-1",
      prompt: "Write a launch plan for Europe.",
      baseUpdatedAt: 1_000,
    });
    await vi.waitFor(() => expect(panelShown()).toBe(false));
    expect(isShown(hook("toast"))).toBe(true);
    expect(text(hook("toast")!.querySelector(".msg"))).toBe("Writing… 0 blocks");
    // The next opening shows the prompt as saved.
    await openPanel();
    expect(mustHook<HTMLTextAreaElement>("prompt").value).toBe("Write a launch plan for Europe.");
  });

  it("keeps what the user types while the status refresh lands", async () => {
    let answer!: () => void;
    await boot({ connection: connection() });
    const fresh = worker.status;
    worker.status = (url) => fresh(url);
    const original = worker.runtime.sendMessage.getMockImplementation()!;
    worker.runtime.sendMessage.mockImplementation(async (message) => {
      if (message.type === "content.status") await new Promise<void>((resolve) => (answer = resolve));
      return original(message);
    });
    mustHook<HTMLButtonElement>("generate").click();
    const prompt = mustHook<HTMLTextAreaElement>("prompt");
    type(prompt, "My own words");
    prompt.setSelectionRange(3, 3);
    await vi.waitFor(() => expect(answer).toBeTypeOf("function"));
    answer();
    await vi.waitFor(() => expect(worker.of("content.status")).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const after = mustHook<HTMLTextAreaElement>("prompt");
    expect(after.value).toBe("My own words");
    expect(shadowOf(host()!)!.activeElement).toBe(after);
    expect(after.selectionStart).toBe(3);
  });

  it("says how many rows are ticked for a database, or what to tick", async () => {
    await boot({ connection: connection({ kind: "database", tickedCount: 3, selectionProperty: "Generate" }) }, { kind: "database", id: "dbdbdbdbdbdbdbdbdbdbdbdbdbdbdbdb" });
    let panel = await openPanel();
    expect(text(panel.querySelector('[data-inkwell="ticked"]'))).toBe("3 rows ticked");
    mustHook<HTMLButtonElement>("cancel").click();
    expect(panelShown()).toBe(false);

    worker.status = (url) => ({ targetId: idIn(url), configured: true, connection: connection({ kind: "database", tickedCount: 0, selectionProperty: "Write it" }), lastRun: null });
    panel = await openPanel();
    await vi.waitFor(() => expect(text(panel.querySelector('[data-inkwell="ticked"]'))).toBe("No rows are ticked: tick “Write it” on the rows to generate."));
  });

  it("shows the worker's error in the panel and stays open", async () => {
    const notShared = "Inkwell can't see this page yet. In Notion, open it, click ••• (top right) → Connections, and add your integration.";
    worker.handlers["content.generate"] = () => {
      throw Object.assign(new Error(notShared), { code: "notion_not_shared" });
    };
    await boot({ connection: connection() });
    await openPanel();
    mustHook<HTMLButtonElement>("run").click();
    await vi.waitFor(() => expect(alerts()).toEqual([notShared]));
    expect(panelShown()).toBe(true);
    expect(mustHook<HTMLButtonElement>("run").disabled).toBe(false);
    expect(isShown(hook("toast"))).toBe(false);
  });

  it("when the prompt was saved from the popup meanwhile: shows why, keeps the typed text, reloads the connection so Generate again is deliberate", async () => {
    const conflict = "This prompt was changed in another window since this panel opened, so nothing was saved or generated.";
    worker.handlers["content.generate"] = (payload) => {
      if (payload.baseUpdatedAt !== 2_000) throw Object.assign(new Error(conflict), { code: "edit_conflict" });
      return summary({ status: "running" });
    };
    await boot({ connection: connection() });
    await openPanel();
    // The popup saves a new prompt after the panel loaded the connection.
    worker.status = (url) => ({ targetId: idIn(url), configured: true, connection: connection({ prompt: "The popup's prompt.", updatedAt: 2_000 }), lastRun: null });
    const statusRequests = worker.of("content.status").length;
    type(mustHook<HTMLTextAreaElement>("prompt"), "The panel's prompt.");
    mustHook<HTMLButtonElement>("run").click();
    await vi.waitFor(() => expect(alerts()).toEqual([conflict]));
    expect(worker.of("content.generate")[0]).toMatchObject({ prompt: "The panel's prompt.", baseUpdatedAt: 1_000 });
    await vi.waitFor(() => expect(worker.of("content.status")).toHaveLength(statusRequests + 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(alerts()).toEqual([conflict]); // the reload doesn't hide the reason
    expect(mustHook<HTMLTextAreaElement>("prompt").value).toBe("The panel's prompt.");
    expect(panelShown()).toBe(true);

    // Generate again: sent with the reloaded base, so the worker accepts it.
    mustHook<HTMLButtonElement>("run").click();
    await vi.waitFor(() => expect(worker.of("content.generate")).toHaveLength(2));
    expect(worker.of("content.generate")[1]).toMatchObject({ prompt: "The panel's prompt.", baseUpdatedAt: 2_000 });
    await vi.waitFor(() => expect(panelShown()).toBe(false));

    // Closed and reopened without typing, the panel shows what is saved.
    worker.status = (url) => ({ targetId: idIn(url), configured: true, connection: connection({ prompt: "The popup's prompt.", updatedAt: 2_000 }), lastRun: null });
    await openPanel();
    await vi.waitFor(() => expect(mustHook<HTMLTextAreaElement>("prompt").value).toBe("The popup's prompt."));
  });

  it("asks for a prompt instead of sending an empty one", async () => {
    await boot({ connection: connection() });
    await openPanel();
    type(mustHook<HTMLTextAreaElement>("prompt"), "   ");
    mustHook<HTMLButtonElement>("run").click();
    expect(alerts()).toEqual(["Write a prompt first."]);
    expect(worker.of("content.generate")).toHaveLength(0);
  });

  it("generates with Ctrl+Enter in the prompt, once however often it is pressed", async () => {
    worker.handlers["content.generate"] = () => summary();
    await boot({ connection: connection() });
    await openPanel();
    const enter = () => mustHook("prompt").dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true, composed: true }));
    enter();
    enter();
    await vi.waitFor(() => expect(worker.of("content.generate")).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.of("content.generate")).toHaveLength(1);
  });
});

describe("against the page it lives in", () => {
  it("ignores clicks and keys the page's script makes up: no panel, no generation", async () => {
    worker.handlers["content.generate"] = () => summary();
    await boot({ connection: connection() });
    mustHook("generate").dispatchEvent(forged(new MouseEvent("click", { bubbles: true, composed: true })));
    await frame();
    expect(isShown(hook("panel"))).toBe(false);

    await openPanel();
    const prompt = mustHook<HTMLTextAreaElement>("prompt");
    prompt.dispatchEvent(forged(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true, composed: true })));
    mustHook("run").dispatchEvent(forged(new MouseEvent("click", { bubbles: true, composed: true })));
    prompt.dispatchEvent(forged(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true })));
    document.body.dispatchEvent(forged(new MouseEvent("pointerdown", { bubbles: true, composed: true })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.of("content.generate")).toHaveLength(0);
    expect(isShown(hook("panel"))).toBe(true);
  });

  it("can't be reached through the host: its shadow root is closed", async () => {
    await boot({ connection: connection() });
    await openPanel();
    expect(host()!.shadowRoot).toBeNull();
    expect(host()!.querySelector("textarea")).toBeNull();
    expect(document.querySelector("[data-inkwell]")).toBeNull();
  });
});

describe("without a connection", () => {
  it("offers to connect, with the page title as the name, then generates", async () => {
    const created = connection({ id: "conn-new", name: "Launch plan", prompt: "Outline it." });
    worker.handlers["content.connect"] = () => created;
    worker.handlers["content.generate"] = () => summary({ runId: "run-9" });
    await boot();
    const panel = await openPanel();
    expect(text(panel)).toContain("This page isn't connected to Inkwell yet.");
    const name = mustHook<HTMLInputElement>("name");
    expect(label(panel, name.id)).toBe("Name");
    expect(name.value).toBe("Launch plan");
    const prompt = mustHook<HTMLTextAreaElement>("prompt");
    expect(label(panel, prompt.id)).toBe("Prompt");
    expect(shadowOf(host()!)!.activeElement).toBe(prompt); // the name is prefilled: the prompt is what is left to write
    type(prompt, "Outline it.");
    const connect = mustHook<HTMLButtonElement>("connect");
    expect(connect.textContent).toBe("Connect and generate");
    connect.click();
    await vi.waitFor(() => expect(worker.of("content.generate")).toHaveLength(1));
    const url = `https://www.notion.so/acme/Launch-plan-${PAGE_ID}`;
    expect(worker.of("content.connect")).toEqual([{ url, name: "Launch plan", prompt: "Outline it." }]);
    expect(worker.of("content.generate")).toEqual([{ url, connectionId: "conn-new", prompt: "Outline it.", baseUpdatedAt: 1_000 }]);
    await vi.waitFor(() => expect(panelShown()).toBe(false));
    expect(isShown(hook("toast"))).toBe(true);
  });

  it("names a page in peek after the peek's title", async () => {
    await boot({}, { peek: ROW_ID, path: `/acme/Launch-plan-${PAGE_ID}?p=${ROW_ID}&pm=s` });
    await openPanel();
    expect(mustHook<HTMLInputElement>("name").value).toBe("A row");
  });

  it("falls back to the tab title when the page shows no title", async () => {
    await boot();
    document.querySelector(".notion-page-block")!.remove();
    document.title = "Tab title";
    await openPanel();
    expect(mustHook<HTMLInputElement>("name").value).toBe("Tab title");
  });

  it("connects a database without running it when no row is ticked", async () => {
    worker.handlers["content.connect"] = () => connection({ kind: "database", tickedCount: 0, selectionProperty: "Generate" });
    await boot({}, { kind: "database", id: "dbdbdbdbdbdbdbdbdbdbdbdbdbdbdbdb" });
    await openPanel();
    type(mustHook<HTMLTextAreaElement>("prompt"), "Describe {Name}.");
    mustHook<HTMLButtonElement>("connect").click();
    await vi.waitFor(() => expect(hook("ticked")).not.toBeNull());
    expect(text(hook("ticked"))).toBe("No rows are ticked: tick “Generate” on the rows to generate.");
    expect(mustHook<HTMLTextAreaElement>("prompt").value).toBe("Describe {Name}.");
    expect(worker.of("content.generate")).toHaveLength(0);
  });

  it("shows a connect failure as an alert", async () => {
    worker.handlers["content.connect"] = () => {
      throw Object.assign(new Error("Inkwell can't see this page yet. Share it with your integration."), { code: "notion_not_shared" });
    };
    await boot();
    await openPanel();
    type(mustHook<HTMLTextAreaElement>("prompt"), "Hello");
    mustHook<HTMLButtonElement>("connect").click();
    await vi.waitFor(() => expect(alerts()).toEqual(["Inkwell can't see this page yet. Share it with your integration."]));
    expect(mustHook<HTMLInputElement>("name").value).toBe("Launch plan");
    expect(mustHook<HTMLTextAreaElement>("prompt").value).toBe("Hello");
  });
});

describe("problems", () => {
  it("sends the user to Settings when Inkwell is not configured", async () => {
    worker.handlers["content.open"] = () => ({ opened: true });
    await boot({ configured: false, connection: connection() });
    const panel = await openPanel();
    expect(text(panel)).toContain("Add your Notion secret and AI key first.");
    expect(hook("prompt")).toBeNull();
    expect(shadowOf(host()!)!.activeElement).toBe(mustHook("open-settings"));
    mustHook<HTMLButtonElement>("open-settings").click();
    await vi.waitFor(() => expect(worker.of("content.open")).toEqual([{ what: "settings" }]));
    await vi.waitFor(() => expect(panelShown()).toBe(false));
  });

  it("explains a worker that does not answer", async () => {
    renderNotion();
    worker.runtime.sendMessage.mockImplementationOnce(async () => undefined as never);
    running = start();
    await vi.waitFor(() => expect(worker.runtime.sendMessage).toHaveBeenCalled());
    worker.runtime.sendMessage.mockImplementationOnce(async () => {
      throw new Error("Could not establish connection. Receiving end does not exist.");
    });
    mustHook<HTMLButtonElement>("generate").click();
    await vi.waitFor(() => expect(alerts()[0]).toContain("Inkwell's background worker did not answer"));
  });
});

describe("an extension reload", () => {
  it("tells the user to reload the tab when the old script has lost its extension", async () => {
    await boot({ connection: connection() });
    worker.runtime.sendMessage.mockImplementation(() => {
      throw new Error("Extension context invalidated.");
    });
    mustHook<HTMLButtonElement>("generate").click();
    await vi.waitFor(() => expect(alerts()).toEqual(["Inkwell was updated or reloaded: reload this tab to use it."]));
  });
});

describe("keyboard, focus and closing", () => {
  it("closes on Escape, returns focus to the button, and keeps the key from Notion", async () => {
    await boot({ connection: connection() });
    await openPanel();
    const notion = vi.fn();
    document.addEventListener("keydown", notion);
    mustHook("prompt").dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true, composed: true }));
    mustHook("prompt").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true }));
    document.removeEventListener("keydown", notion);
    expect(notion).not.toHaveBeenCalled();
    expect(panelShown()).toBe(false);
    expect(shadowOf(host()!)!.activeElement).toBe(mustHook("generate"));
    expect(mustHook("generate").getAttribute("aria-expanded")).toBe("false");
  });

  it("toggles with the button and closes on a click elsewhere", async () => {
    await boot({ connection: connection() });
    await openPanel();
    mustHook<HTMLButtonElement>("generate").click();
    expect(panelShown()).toBe(false);
    await openPanel();
    mustHook("prompt").dispatchEvent(new MouseEvent("pointerdown", { bubbles: true, composed: true }));
    expect(panelShown()).toBe(true);
    document.querySelector(".notion-page-content")!.dispatchEvent(new MouseEvent("pointerdown", { bubbles: true, composed: true }));
    expect(panelShown()).toBe(false);
  });

  it("closes when the user navigates to another page", async () => {
    await boot({ connection: connection() });
    await openPanel();
    navigate(`/acme/Other-${OTHER_ID}`, OTHER_ID);
    await vi.waitFor(() => expect(panelShown()).toBe(false));
  });

  it("opens from the worker's keyboard command / context menu message", async () => {
    await boot({ connection: connection() });
    worker.tell({ type: OPEN_PANEL_MESSAGE });
    expect(panelShown()).toBe(true);
    await vi.waitFor(() => expect(mustHook<HTMLTextAreaElement>("prompt").value).toBe("Write a launch plan."));
    worker.tell({ type: "something else" });
    expect(panelShown()).toBe(true);
  });

  it("anchors the panel under the button in the top bar", async () => {
    await boot({ connection: connection() });
    // happy-dom has no layout: give the button the box it would have in Notion's top bar.
    vi.spyOn(mustHook("generate"), "getBoundingClientRect").mockReturnValue(new DOMRect(innerWidth - 200, 8, 80, 28));
    const panel = await openPanel();
    expect(panel.style.top).toBe("42px");
    expect(panel.style.bottom).toBe("auto");
    expect(panel.style.right).toBe("120px");
  });
});
