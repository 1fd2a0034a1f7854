// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { App } from "../../../src/ui/popup/App";
import { OptionsApp } from "../../../src/ui/options/App";
import { DRAFT_KEY } from "../../../src/ui/popup/create/draft";
import { answer, answerQuestion, button, byLabel, click, mount, type, waitFor } from "./dom";
import { PAGE_URL, settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const tab = (name: string) => [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((element) => element.textContent === name)!;
const selectedTab = () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent;

describe("popup App", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows its tabs at once and opens on Settings until Inkwell is configured", async () => {
    let answerSettings: (value: ReturnType<typeof settingsView>) => void = () => undefined;
    answer(request, { "settings.get": () => new Promise((resolve) => (answerSettings = resolve)) });
    await mount(<App />);
    expect([...document.querySelectorAll('[role="tab"]')].map((element) => element.textContent)).toEqual(["Create", "Connections", "Usage", "Settings", "Feedback"]);
    expect(selectedTab()).toBeUndefined();

    answerSettings(settingsView({ secrets: { notionToken: "ntn_1" } })); // no AI key yet
    await waitFor(() => expect(selectedTab()).toBe("Settings"));
    byLabel("Notion token");
  });

  it("opens on Create when the Notion secret and the engine's key are saved", async () => {
    answer(request, { "settings.get": () => settingsView({ engine: "openai", secrets: { notionToken: "ntn_1", openaiKey: "sk-1" } }) });
    await mount(<App />);
    await waitFor(() => expect(selectedTab()).toBe("Create"));
    await waitFor(() => byLabel("Notion URL"));
    expect(document.querySelector("#panel-settings")?.hasAttribute("hidden")).toBe(true);
    expect(document.querySelector(".notice")).toBeNull();
  });

  it("keeps what was typed, unsaved, in both tabs when switching", async () => {
    answer(request, { "settings.get": () => settingsView(), "ai.models": () => ({ models: [] }) });
    await mount(<App />);
    await waitFor(() => byLabel("Notion token"));
    await type(byLabel("Notion token"), "ntn_unsaved");

    await click(tab("Create"));
    expect(selectedTab()).toBe("Create");
    await waitFor(() => byLabel("Notion URL"));
    expect(() => byLabel("Notion token")).toThrow(); // hidden
    expect(document.querySelector(".notice")?.textContent).toContain("Add your Notion token");
    await type(byLabel("Notion URL"), PAGE_URL);

    await click(tab("Settings"));
    expect(byLabel("Notion token").value).toBe("ntn_unsaved");
    await click(tab("Create"));
    expect(byLabel("Notion URL").value).toBe(PAGE_URL);
  });

  it("moves between tabs with the arrow keys", async () => {
    answer(request, { "settings.get": () => settingsView() });
    await mount(<App />);
    await waitFor(() => expect(selectedTab()).toBe("Settings"));
    tab("Settings").dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    await waitFor(() => expect(selectedTab()).toBe("Feedback"));
    tab("Feedback").dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    await waitFor(() => expect(selectedTab()).toBe("Create")); // wraps around
    expect(tab("Create").tabIndex).toBe(0);
    expect(tab("Settings").tabIndex).toBe(-1);
  });

  it("starts the Create form afresh after Clear, even with a draft write pending", async () => {
    answer(request, {
      "settings.get": () => settingsView(),
      // What the worker does: wipe storage.local, then answer.
      "settings.clear": async () => {
        await fakeBrowser.storage.local.clear();
        return settingsView();
      },
    });
    await mount(<App />);
    await click(tab("Create"));
    await waitFor(() => byLabel("Notion URL"));
    await type(byLabel("Notion URL"), PAGE_URL);
    await waitFor(async () => expect((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY]).toMatchObject({ url: PAGE_URL }));
    await type(byLabel("Notion URL"), `${PAGE_URL}?pending`); // not yet written when Clear comes
    await click(tab("Settings"));
    await click(button("Clear"));
    expect((await answerQuestion(true)).confirmLabel).toBe("Clear everything"); // asked in the page, inside the popup's provider
    await waitFor(() => expect(document.querySelector("#settings-status")?.textContent).toBe("All Inkwell data was cleared."));
    await click(tab("Create"));
    expect(byLabel("Notion URL").value).toBe("");
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the debounce
    expect((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY]).toBeUndefined();
  });
});

describe("options page", () => {
  afterEach(() => {
    document.body.innerHTML = "";
    history.replaceState(null, "", "#");
  });

  it("opens #settings on the Settings form, among the same sections as the popup (Create stays in the popup)", async () => {
    answer(request, { "settings.get": () => settingsView(), "connection.list": () => [] });
    history.replaceState(null, "", "#settings");
    await mount(<OptionsApp />);
    await waitFor(() => byLabel("Notion token"));
    byLabel("Engine");
    byLabel("Model");
    expect([...document.querySelectorAll('[role="tab"]')].map((element) => element.textContent)).toEqual(["Connections", "Usage", "Settings", "Feedback"]);
    expect(selectedTab()).toBe("Settings");
  });
});
