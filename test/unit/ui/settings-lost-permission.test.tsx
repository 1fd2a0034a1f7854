// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { SettingsTab } from "../../../src/ui/popup/SettingsTab";
import { answer, answerQuestion, button, byLabel, click, mount, textOf, type, waitFor } from "./dom";
import { settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

/**
 * Firefox closes the toolbar popup when its permission prompt opens, and the
 * answer is lost with the page. Simulated here by a request that never
 * settles and a popup unmounted while it is pending, then opened again.
 */
describe("Settings after a popup closed during the permission prompt", () => {
  const saved = (compatibleBaseUrl: string) => {
    const view = settingsView({ engine: "compatible" });
    return { ...view, settings: { ...view.settings, compatibleBaseUrl } };
  };
  const open = (view = saved("")) =>
    mount(
      <ConfirmProvider>
        <SettingsTab initialView={view} />
      </ConfirmProvider>,
    );
  const lostNote = () => document.querySelector("#permission-lost");

  /** A popup where the address is typed and Check server pressed, closed while the prompt is open. */
  async function closeDuringPrompt(address: string): Promise<void> {
    vi.spyOn(fakeBrowser.permissions, "request").mockImplementation(() => new Promise(() => undefined));
    const popup = await open();
    await type(byLabel("Server address"), address);
    button("Check server").click();
    await popup.unmount();
  }

  beforeEach(() => {
    fakeBrowser.reset();
    localStorage.clear();
    vi.mocked(request).mockReset();
    answer(request, { "ai.models": () => ({ models: [] }), "settings.clear": () => saved("") });
    vi.spyOn(fakeBrowser.permissions, "contains").mockImplementation((async () => false) as never);
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.restoreAllMocks();
  });

  it("brings back the address typed before the popup closed, says the answer was lost, and keeps no credentials or query in the note", async () => {
    await closeDuringPrompt("http://me:hunter2@192.168.1.20:8000/v1?token=abc");
    expect(JSON.stringify(localStorage)).not.toMatch(/hunter2|token=abc/);

    await open();
    await waitFor(() => expect(byLabel("Server address").value).toBe("http://192.168.1.20:8000/v1"));
    await waitFor(() => expect(textOf("#permission-lost")).toContain("asking to let it reach http://192.168.1.20, so your answer never reached Inkwell"));
    expect(textOf("#permission-lost")).toContain("The address you typed is back in the field");
  });

  it("shows the note only for the address it is about: another host typed hides it", async () => {
    await closeDuringPrompt("http://192.168.1.20:8000/v1");
    await open();
    await waitFor(() => expect(lostNote()).not.toBeNull());
    await type(byLabel("Server address"), "http://localhost:1234/v1");
    expect(lostNote()).toBeNull();
  });

  it("forgets the note once Check server gets an answer, and after Clear, so it isn't shown forever", async () => {
    await closeDuringPrompt("http://192.168.1.20:8000/v1");
    vi.spyOn(fakeBrowser.permissions, "request").mockImplementation((async () => false) as never);
    const answered = await open();
    await waitFor(() => expect(lostNote()).not.toBeNull());
    await click(button("Check server"));
    await waitFor(() => expect(lostNote()).toBeNull());
    await answered.unmount();
    await open(saved("http://192.168.1.20:8000/v1"));
    await new Promise((settle) => setTimeout(settle, 50));
    expect(lostNote()).toBeNull();
    document.body.innerHTML = "";

    await closeDuringPrompt("http://192.168.1.20:8000/v1");
    await open(saved("http://192.168.1.20:8000/v1"));
    await waitFor(() => expect(lostNote()).not.toBeNull());
    await click(button("Clear"));
    await answerQuestion(true);
    await waitFor(() => expect(textOf("#settings-status")).toBe("All Inkwell data was cleared."));
    document.body.innerHTML = "";
    await open();
    await new Promise((settle) => setTimeout(settle, 50));
    expect(lostNote()).toBeNull();
    expect(byLabel("Server address").value).toBe("");
  });
});
