// @vitest-environment happy-dom
/** Notion's selectors and their fallbacks, without the rest of the content script. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { findPlacement, pageTitle, readTheme } from "../../../src/content/locate";
import { SELECTORS, select, warnOnce } from "../../../src/content/selectors";
import { DB_ID, renderNotion } from "./fixtures";

afterEach(() => vi.restoreAllMocks());

describe("selectors", () => {
  it("tries each fallback in order", () => {
    renderNotion();
    const topbar = document.querySelector(".notion-topbar")!;
    expect(select("topbar")).toBe(topbar);
    topbar.classList.remove("notion-topbar"); // Notion renamed its class: the structural fallback still finds it
    expect(select("topbar")).toBe(topbar);
  });

  it("skips a selector the browser rejects instead of throwing", () => {
    renderNotion();
    const list = SELECTORS.topbar as unknown as string[];
    list.unshift("div:::nonsense(");
    try {
      expect(select("topbar")).toBe(document.querySelector(".notion-topbar"));
      expect(() => findPlacement(document.createElement("div"))).not.toThrow();
    } finally {
      list.shift();
    }
  });

  it("warns once per landmark, with the [inkwell] prefix and what it tried", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    warnOnce("peek", "the page's top bar");
    warnOnce("peek", "the page's top bar");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^\[inkwell\] Notion's peek not found \(tried \.notion-peek-renderer \| .*Using the page's top bar\.$/);
  });
});

describe("locate", () => {
  it("does not complain before Notion has rendered anything", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    document.body.innerHTML = "<div id='notion-app'><div class='loading-spinner'></div></div>";
    expect(findPlacement(document.createElement("div"))).toEqual({ kind: "none" });
    expect(warn).not.toHaveBeenCalled();
  });

  it("complains once Notion is there but its top bar buttons are not", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    renderNotion();
    document.querySelector(".notion-topbar-action-buttons")!.remove();
    expect(findPlacement(document.createElement("div"))).toEqual({ kind: "floating" });
    expect(String(warn.mock.calls[0]![0])).toContain("Notion's actions not found (tried .notion-topbar-action-buttons");
  });

  it("places before Share, not before itself", () => {
    renderNotion();
    const actions = document.querySelector(".notion-topbar-action-buttons")!;
    for (const child of [...actions.children]) child.remove();
    const host = document.createElement("div");
    actions.append(host, document.createElement("span"));
    const placement = findPlacement(host);
    expect(placement).toMatchObject({ kind: "topbar", parent: actions });
    expect(placement.kind === "topbar" && placement.before).toBe(actions.lastElementChild);
  });

  it("reads the theme and the title", () => {
    renderNotion({ kind: "database", id: DB_ID, title: "Topics", dark: true });
    expect(readTheme()).toBe("dark");
    expect(pageTitle()).toBe("Topics");
    renderNotion();
    expect(readTheme()).toBe("light");
    expect(pageTitle()).toBe("Launch plan");
  });
});
