// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SettingsPatch } from "../../../src/shared/protocol/types";
import { DEFAULT_CONCURRENCY } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { SettingsTab } from "../../../src/ui/popup/SettingsTab";
import { answer, button, byLabel, click, mount, textOf, type, waitFor } from "./dom";
import { settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

describe("Settings: most rows generated at once", () => {
  let patches: SettingsPatch[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    patches = [];
    answer(request, {
      "settings.save": ({ patch }) => {
        patches.push(patch);
        return settingsView();
      },
    });
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows the default cap, explains that runs adapt below it, and saves a new one", async () => {
    await mount(
      <ConfirmProvider>
        <SettingsTab initialView={settingsView()} />
      </ConfirmProvider>,
    );
    const field = byLabel("Most rows generated at once") as HTMLInputElement;
    expect(field.value).toBe(String(DEFAULT_CONCURRENCY));
    expect(textOf("#concurrency-help")).toMatch(/A limit, not a speed/);
    expect(textOf("#concurrency-help")).toMatch(/halves and waits as long as the provider asks/);
    await type(field, "8");
    await click(button("Save"));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({ concurrency: 8 });
    expect([field.min, field.max]).toEqual(["1", "64"]);
  });
});
