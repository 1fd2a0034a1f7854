// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { SettingsTab } from "../../../src/ui/popup/SettingsTab";
import { answer, byLabel, mount, type, waitFor } from "./dom";
import { settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

describe("Settings follows saves made in another window", () => {
  let stored = settingsView();
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    stored = settingsView();
    answer(request, { "settings.get": () => stored, "mirror.status": () => ({ databaseUrl: null, pending: 0, lastError: null }), "ai.models": () => ({ models: [] }) });
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows the other window's save while this form is untouched", async () => {
    await mount(<SettingsTab />);
    await waitFor(() => expect(byLabel("Notion token").value).toBe(""));
    stored = settingsView({ secrets: { notionToken: "ntn_from_options" } });
    await fakeBrowser.storage.local.set({ secrets: stored.secrets });
    await waitFor(() => expect(byLabel("Notion token").value).toBe("ntn_from_options"));
  });

  it("keeps what is being typed here instead", async () => {
    await mount(<SettingsTab />);
    await waitFor(() => byLabel("Notion token"));
    await type(byLabel("Notion token"), "ntn_typing");
    stored = settingsView({ secrets: { notionToken: "ntn_from_options" } });
    await fakeBrowser.storage.local.set({ secrets: stored.secrets });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(byLabel("Notion token").value).toBe("ntn_typing");
  });
});
