// @vitest-environment happy-dom
/**
 * The Generate button in Notion: where it goes, that there is only ever one,
 * and that it follows the page on screen through SPA navigation, top bar
 * re-renders, peeks and theme switches.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  closePeek,
  FakeWorker,
  frame,
  hook,
  host,
  hosts,
  mustHook,
  navigate,
  OTHER_ID,
  openPeek,
  PAGE_ID,
  renderNotion,
  replaceTopbar,
  ROW_ID,
  topbarHtml,
  useNotionOrigin,
  shadowOf,
} from "./fixtures";

const worker = new FakeWorker().install();
let start: () => AbortController;
let running: AbortController | undefined;

beforeAll(async () => {
  useNotionOrigin();
  ({ start } = await import("../../../src/content/index"));
});
beforeEach(() => {
  worker.reset();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  running?.abort();
  vi.restoreAllMocks();
  delete (window as { navigation?: unknown }).navigation;
});

function boot(): AbortController {
  running = start();
  return running;
}

const statusUrls = () => worker.of("content.status").map((payload) => payload.url);

describe("placement", () => {
  it("puts the button in the top bar's action buttons, right before Share", async () => {
    renderNotion();
    boot();
    const root = host()!;
    expect(root.parentElement?.classList.contains("notion-topbar-action-buttons")).toBe(true);
    expect(root.nextElementSibling?.classList.contains("notion-topbar-share-menu")).toBe(true);
    expect(root.dataset.placement).toBe("topbar");
    // Closed: Notion's page script can't reach in.
    expect(root.shadowRoot).toBeNull();
    expect(shadowOf(root)).not.toBeNull();
    const button = mustHook<HTMLButtonElement>("generate");
    expect(button.tagName).toBe("BUTTON");
    expect(button.textContent).toBe("Generate");
    await vi.waitFor(() => expect(root.dataset.targetId).toBe(PAGE_ID));
    expect(statusUrls()).toEqual([location.href]);
    expect(location.href).toMatch(/^https:\/\/www\.notion\.so\//);
  });

  it("keeps its styles in the shadow root: nothing is added to Notion's document", () => {
    renderNotion();
    const before = document.querySelectorAll("style, link").length;
    boot();
    expect(document.querySelectorAll("style, link").length).toBe(before);
    expect(shadowOf(host()!)!.querySelector("style")?.textContent).toContain(":host{all:initial");
  });

  it("floats bottom-right where there is no top bar, and logs that once", async () => {
    renderNotion({ topbar: false });
    boot();
    expect(host()!.parentElement).toBe(document.body);
    expect(host()!.dataset.placement).toBe("floating");
    expect(mustHook("generate").textContent).toBe("Generate");
    // Later checks (a re-render) do not log again.
    document.querySelector("main.notion-frame")!.append(document.createElement("div"));
    document.querySelector(".notion-overlay-container")!.append(Object.assign(document.createElement("div"), { className: "notion-peek-renderer" }));
    await frame();
    const warnings = vi.mocked(console.warn).mock.calls.map(([message]) => String(message));
    expect(warnings.filter((message) => message.startsWith("[inkwell]"))).toHaveLength(1);
    expect(warnings[0]).toContain("[inkwell] Notion's topbar not found (tried .notion-topbar");
    expect(warnings[0]).toContain("Using a floating button.");
  });

  it("moves from floating into the top bar once Notion renders it", async () => {
    renderNotion({ topbar: false });
    boot();
    expect(host()!.dataset.placement).toBe("floating");
    document.querySelector("header.notion-topbar-container")!.innerHTML = topbarHtml(PAGE_ID);
    await vi.waitFor(() => expect(host()!.dataset.placement).toBe("topbar"));
    expect(host()!.nextElementSibling?.classList.contains("notion-topbar-share-menu")).toBe(true);
    expect(hosts()).toHaveLength(1);
  });

  it("waits for Notion to render rather than flashing a floating button", async () => {
    document.body.innerHTML = `<div id="notion-app"><div class="loading-spinner"></div></div>`;
    boot();
    expect(host()).toBeNull();
    const placements: (string | undefined)[] = [];
    const seen = new MutationObserver(() => placements.push(host()?.dataset.placement));
    seen.observe(document.body, { childList: true, subtree: true });
    renderNotion(); // Notion's client render: the whole app at once
    await vi.waitFor(() => expect(host()?.dataset.placement).toBe("topbar"));
    seen.disconnect();
    expect(placements).not.toContain("floating");
    expect(hosts()).toHaveLength(1);
  });

  it("falls back to the other top bar buttons when Share is missing", () => {
    renderNotion();
    document.querySelector(".notion-topbar-share-menu")!.remove();
    boot();
    expect(host()!.nextElementSibling?.classList.contains("notion-topbar-comments-button")).toBe(true);
  });

  it("finds Share even when Notion wraps it", () => {
    renderNotion();
    const share = document.querySelector(".notion-topbar-share-menu")!;
    const wrapper = document.createElement("div");
    share.replaceWith(wrapper);
    wrapper.append(share);
    boot();
    expect(host()!.parentElement?.classList.contains("notion-topbar-action-buttons")).toBe(true);
    expect(host()!.nextElementSibling).toBe(wrapper);
  });
});

describe("theme", () => {
  it("is light by default and dark with Notion's dark theme", () => {
    renderNotion();
    boot();
    expect(host()!.dataset.theme).toBe("light");
    renderNotion({ dark: true });
    boot();
    expect(host()!.dataset.theme).toBe("dark");
  });

  it("reads body.dark alone too", () => {
    renderNotion();
    document.body.classList.add("dark");
    boot();
    expect(host()!.dataset.theme).toBe("dark");
  });

  it("follows a theme switch without a navigation", async () => {
    renderNotion();
    boot();
    const inner = document.querySelector(".notion-app-inner")!;
    inner.classList.replace("notion-light-theme", "notion-dark-theme");
    document.body.classList.add("dark");
    await vi.waitFor(() => expect(host()!.dataset.theme).toBe("dark"));
    inner.classList.replace("notion-dark-theme", "notion-light-theme");
    document.body.classList.remove("dark");
    await vi.waitFor(() => expect(host()!.dataset.theme).toBe("light"));
  });
});

describe("through Notion's single-page app", () => {
  it("re-attaches to a re-rendered top bar, still exactly one button", async () => {
    renderNotion();
    boot();
    const first = host()!;
    replaceTopbar(PAGE_ID);
    expect(first.isConnected).toBe(false);
    await vi.waitFor(() => expect(host()).not.toBeNull());
    expect(hosts()).toHaveLength(1);
    expect(host()).toBe(first); // the same element (and state), moved
    expect(host()!.nextElementSibling?.classList.contains("notion-topbar-share-menu")).toBe(true);
    // Re-rendered again and again: never a second button.
    for (let i = 0; i < 3; i++) replaceTopbar(PAGE_ID);
    await frame();
    await frame();
    expect(hosts()).toHaveLength(1);
    expect(document.querySelector(".notion-topbar-action-buttons #inkwell-root")).not.toBeNull();
    // The same URL: no new status request.
    expect(worker.of("content.status")).toHaveLength(1);
  });

  it("asks again after a pushState navigation and reflects the new page", async () => {
    renderNotion();
    boot();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    navigate(`/acme/Other-${OTHER_ID}`, OTHER_ID);
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(OTHER_ID));
    expect(statusUrls()).toEqual([`https://www.notion.so/acme/Launch-plan-${PAGE_ID}`, `https://www.notion.so/acme/Other-${OTHER_ID}`]);
    expect(hosts()).toHaveLength(1);
    expect(host()!.dataset.placement).toBe("topbar");
  });

  it("asks again when a peek opens and closes, with the peek in the URL", async () => {
    renderNotion();
    boot();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    openPeek(ROW_ID);
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(ROW_ID));
    expect(statusUrls().at(-1)).toBe(`https://www.notion.so/acme/Launch-plan-${PAGE_ID}?p=${ROW_ID}&pm=s`);
    expect(hosts()).toHaveLength(1);
    // The side peek covers the right of the page's top bar: the button moves into the peek's header.
    expect(host()!.parentElement?.classList.contains("notion-peek-topbar")).toBe(true);
    expect(host()!.dataset.placement).toBe("topbar");
    closePeek();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    expect(statusUrls().at(-1)).toBe(`https://www.notion.so/acme/Launch-plan-${PAGE_ID}`);
    expect(host()!.parentElement?.classList.contains("notion-topbar-action-buttons")).toBe(true);
    expect(host()!.nextElementSibling?.classList.contains("notion-topbar-share-menu")).toBe(true);
    expect(worker.of("content.status")).toHaveLength(3);
  });

  it("goes into a peek's own top bar when it has a Share button (Notion's centre peek)", async () => {
    renderNotion();
    boot();
    openPeek(ROW_ID);
    const peekTopbar = document.querySelector(".notion-peek-topbar")!;
    peekTopbar.insertAdjacentHTML("beforeend", `<div class="notion-topbar-action-buttons"><div role="button" class="notion-topbar-share-menu">Share</div></div>`);
    await vi.waitFor(() => expect(host()!.closest(".notion-peek-renderer")).not.toBeNull());
    expect(host()!.nextElementSibling?.classList.contains("notion-topbar-share-menu")).toBe(true);
    expect(hosts()).toHaveLength(1);
  });

  it("notices back/forward through popstate", async () => {
    renderNotion();
    boot();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    history.replaceState(null, "", `/acme/Other-${OTHER_ID}`); // what the browser does before popstate, with no DOM change yet
    dispatchEvent(new PopStateEvent("popstate"));
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(OTHER_ID));
  });

  it("uses the Navigation API where the browser has it", async () => {
    const navigation = new EventTarget();
    (window as { navigation?: EventTarget }).navigation = navigation;
    renderNotion();
    boot();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    history.pushState(null, "", `/acme/Other-${OTHER_ID}`); // no re-render at all
    navigation.dispatchEvent(new Event("currententrychange"));
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(OTHER_ID));
  });

  it("ignores a #block anchor: same page, no new request", async () => {
    renderNotion();
    boot();
    await vi.waitFor(() => expect(worker.of("content.status")).toHaveLength(1));
    history.pushState(null, "", `${location.pathname}#some-block`);
    replaceTopbar(PAGE_ID);
    await frame();
    await frame();
    expect(worker.of("content.status")).toHaveLength(1);
  });

  it("hides the button where there is nothing to generate into (home), and shows it again on a page", async () => {
    renderNotion();
    boot();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    navigate("/", "home", "Home");
    await vi.waitFor(() => expect(mustHook("generate").hidden).toBe(true));
    expect(host()!.dataset.targetId).toBeUndefined();
    navigate(`/acme/Other-${OTHER_ID}`, OTHER_ID);
    await vi.waitFor(() => expect(mustHook("generate").hidden).toBe(false));
  });

  it("does no work for mutations that do not matter (typing in the page)", async () => {
    renderNotion();
    boot();
    await vi.waitFor(() => expect(host()!.dataset.targetId).toBe(PAGE_ID));
    const raf = vi.spyOn(window, "requestAnimationFrame");
    const content = document.querySelector(".notion-page-content")!;
    for (let i = 0; i < 20; i++) {
      const block = document.createElement("div");
      block.className = "notion-selectable notion-text-block";
      block.innerHTML = `<div class="notion-block-text">line ${i}</div>`;
      content.append(block);
      await Promise.resolve();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(raf).not.toHaveBeenCalled();
    expect(worker.of("content.status")).toHaveLength(1);
  });
});

describe("lifecycle", () => {
  it("a newer copy of the script replaces the older one: one button, one listener", async () => {
    renderNotion();
    const first = boot();
    boot();
    // Told through the worker (content.takeover), not through the page's DOM.
    await vi.waitFor(() => expect(first.signal.aborted).toBe(true));
    expect(worker.of("content.takeover")).toHaveLength(2);
    expect(hosts()).toHaveLength(1);
    expect(worker.listenerCount).toBe(1);
    replaceTopbar(PAGE_ID);
    await frame();
    await frame();
    expect(hosts()).toHaveLength(1);
  });

  it("a page can't stop it: the DOM event older builds listened to does nothing, and a takeover only comes from the worker", async () => {
    renderNotion();
    const controller = boot();
    await frame();
    document.dispatchEvent(new Event("inkwell:start"));
    document.dispatchEvent(new CustomEvent("inkwell.takeover", { detail: { copy: "x" } }));
    await frame();
    expect(controller.signal.aborted).toBe(false);
    expect(hosts()).toHaveLength(1);
    // Its own announcement doesn't stop it either; another copy's does.
    const { copy } = (worker.of("content.takeover") as { copy: string }[])[0]!;
    worker.tell({ type: "inkwell.takeover", copy });
    expect(controller.signal.aborted).toBe(false);
    worker.tell({ type: "inkwell.takeover", copy: crypto.randomUUID() });
    expect(controller.signal.aborted).toBe(true);
  });

  it("a copy orphaned by an extension update stops itself and takes its button away", async () => {
    renderNotion();
    const controller = boot();
    await frame();
    const id = worker.runtime.id;
    (worker.runtime as { id: string | undefined }).id = undefined;
    try {
      replaceTopbar(PAGE_ID);
      await vi.waitFor(() => expect(controller.signal.aborted).toBe(true));
      expect(host()).toBeNull();
    } finally {
      (worker.runtime as { id: string | undefined }).id = id;
    }
  });

  it("aborting removes everything it added", () => {
    renderNotion();
    const controller = boot();
    controller.abort();
    expect(host()).toBeNull();
    expect(worker.listenerCount).toBe(0);
    expect(hook("generate")).toBeNull();
  });
});

describe("when Notion fights back", () => {
  it("settles for floating instead of re-inserting once a frame forever", async () => {
    renderNotion();
    boot();
    const actions = document.querySelector(".notion-topbar-action-buttons")!;
    // A (hypothetical) Notion that removes any foreign child of its top bar at once.
    const hostile = new MutationObserver(() => {
      for (const child of [...actions.children]) if (child.id === "inkwell-root") child.remove();
    });
    hostile.observe(actions, { childList: true });
    actions.querySelector("#inkwell-root")!.remove();
    await vi.waitFor(() => expect(host()?.dataset.placement).toBe("floating"), { timeout: 3_000 });
    hostile.disconnect();
    expect(hosts()).toHaveLength(1);
    expect(host()!.parentElement).toBe(document.body);
  });
});
