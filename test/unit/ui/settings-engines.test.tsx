// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SettingsPatch } from "../../../src/shared/protocol/types";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { SettingsTab } from "../../../src/ui/popup/SettingsTab";
import { FakeLanguageModel } from "../ai/fake-language-model";
import { answer, button, byLabel, choose, click, mount, textOf, type, waitFor } from "./dom";
import { settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const engineOptions = () => [...byLabel<HTMLSelectElement>("Engine").options].map((option) => option.value);

describe("Settings for the other engines", () => {
  let permissionRequest: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    permissionRequest = vi.fn(async () => true);
    vi.spyOn(fakeBrowser.permissions, "request").mockImplementation(permissionRequest as never);
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("offers Claude with its own key field, key link and key check", async () => {
    answer(request, { "ai.models": () => ({ models: [{ id: "claude-sonnet-4-6", label: "Claude Sonnet 4.6 (claude-sonnet-4-6)" }] }) });
    await mount(<SettingsTab initialView={settingsView()} />);
    expect(engineOptions()).toEqual(["gemini", "openai", "anthropic", "compatible"]);
    await choose(byLabel("Engine"), "anthropic");
    expect(byLabel("Model").value).toBe("claude-sonnet-4-6");
    const link = document.querySelector<HTMLAnchorElement>('a[href="https://console.anthropic.com/settings/keys"]');
    expect(link?.textContent).toBe("Get an Anthropic API key");
    await type(byLabel("Anthropic API key"), "sk-ant-1 ");
    await click(button("Check key"));
    await waitFor(() => expect(textOf("#ai-check-result")).toBe("✓ Key works — 1 model"));
    expect(request).toHaveBeenCalledWith("ai.models", { engine: "anthropic", apiKey: "sk-ant-1" });
  });

  it("sets up a local server from a preset and asks for its permission from the Check server click itself", async () => {
    answer(request, { "ai.models": () => ({ models: [{ id: "gemma3", label: "gemma3" }, { id: "llama3.2", label: "llama3.2" }] }) });
    await mount(<SettingsTab initialView={settingsView({ engine: "compatible" })} />);
    expect(button("Check server").disabled).toBe(true);
    await click(button("Ollama"));
    expect(byLabel("Server address").value).toBe("http://localhost:11434/v1");
    expect(byLabel("Server key (optional)").value).toBe("");

    // Dispatched outside act(): the permission must be asked before the handler returns (a user gesture).
    button("Check server").click();
    expect(permissionRequest).toHaveBeenCalledWith({ origins: ["http://localhost/*"] });
    await waitFor(() => expect(textOf("#ai-check-result")).toBe("✓ Server answered — 2 models"));
    expect(request).toHaveBeenCalledWith("ai.models", { engine: "compatible", baseUrl: "http://localhost:11434/v1" });
    expect(textOf("details.hint")).toContain("OLLAMA_ORIGINS=chrome-extension://");
  });

  it("explains why the permission is needed when it is refused, and doesn't pretend the server works", async () => {
    permissionRequest.mockResolvedValue(false);
    answer(request, { "ai.models": () => ({ models: [] }) });
    await mount(<SettingsTab initialView={settingsView({ engine: "compatible" })} />);
    await click(button("LM Studio"));
    await click(button("Check server"));
    await waitFor(() => expect(textOf("#ai-check-result")).toContain("Inkwell can't reach http://localhost:1234 without your permission"));
    expect(document.querySelector("#ai-check-result")?.className).toBe("check error");
    expect(request).not.toHaveBeenCalledWith("ai.models", expect.objectContaining({ engine: "compatible" }));
  });

  it("asks for the server's permission from the Save click, saves the address, and says when access was refused", async () => {
    const patches: SettingsPatch[] = [];
    answer(request, {
      "settings.save": ({ patch }) => {
        patches.push(patch);
        const view = settingsView({ engine: "compatible" });
        return { ...view, settings: { ...view.settings, compatibleBaseUrl: patch.compatibleBaseUrl ?? "" } };
      },
      "ai.models": () => ({ models: [] }),
    });
    await mount(<SettingsTab initialView={settingsView({ engine: "compatible" })} />);
    await type(byLabel("Server address"), "http://192.168.1.20:8000/v1");
    permissionRequest.mockResolvedValue(false);
    button("Save").click();
    expect(permissionRequest).toHaveBeenCalledWith({ origins: ["http://192.168.1.20/*"] });
    await waitFor(() => expect(textOf("#settings-status")).toMatch(/^Saved, but Inkwell can't reach http:\/\/192\.168\.1\.20:8000 without your permission/));
    expect(document.querySelector("#settings-status")?.className).toBe("error");
    expect(patches[0]).toMatchObject({ engine: "compatible", compatibleBaseUrl: "http://192.168.1.20:8000/v1" });

    permissionRequest.mockResolvedValue(true);
    await click(button("Save"));
    await waitFor(() => expect(textOf("#settings-status")).toBe("Saved. Everything stays in this browser."));
  });

  it("doesn't ask again on Save when the saved server isn't the engine in use, but does once its address changes", async () => {
    const withServer = (url: string) => {
      const view = settingsView({ engine: "gemini" });
      return { ...view, settings: { ...view.settings, compatibleBaseUrl: url } };
    };
    answer(request, { "settings.save": ({ patch }) => withServer(patch.compatibleBaseUrl ?? "") });
    await mount(<SettingsTab initialView={withServer("http://localhost:11434/v1")} />);
    await click(button("Save"));
    await waitFor(() => expect(textOf("#settings-status")).toContain("Saved"));
    expect(permissionRequest).not.toHaveBeenCalled();

    await choose(byLabel("Engine"), "compatible");
    await type(byLabel("Server address"), "http://localhost:1234/v1");
    await choose(byLabel("Engine"), "gemini");
    await click(button("Save"));
    expect(permissionRequest).toHaveBeenCalledWith({ origins: ["http://localhost/*"] });
  });

  it("asks again on Save and on Check server once the saved server is chosen as the engine (how an override's server gets access)", async () => {
    const withServer = (engine: "gemini" | "compatible") => {
      const view = settingsView({ engine });
      return { ...view, settings: { ...view.settings, compatibleBaseUrl: "http://localhost:11434/v1" } };
    };
    answer(request, { "settings.save": ({ patch }) => withServer(patch.engine === "compatible" ? "compatible" : "gemini"), "ai.models": () => ({ models: [] }) });
    await mount(<SettingsTab initialView={withServer("gemini")} />);
    await choose(byLabel("Engine"), "compatible");
    button("Save").click();
    expect(permissionRequest).toHaveBeenCalledWith({ origins: ["http://localhost/*"] });
    await waitFor(() => expect(textOf("#settings-status")).toBe("Saved. Everything stays in this browser."));
    permissionRequest.mockClear();
    button("Check server").click();
    expect(permissionRequest).toHaveBeenCalledWith({ origins: ["http://localhost/*"] });
  });

  it("doesn't ask for any permission when no server is set up", async () => {
    answer(request, { "settings.save": () => settingsView() });
    await mount(<SettingsTab initialView={settingsView()} />);
    await click(button("Save"));
    await waitFor(() => expect(textOf("#settings-status")).toContain("Saved"));
    expect(permissionRequest).not.toHaveBeenCalled();
  });

  it("hides Chrome built-in AI where the device can't run it, and says why", async () => {
    vi.stubGlobal("LanguageModel", new FakeLanguageModel({ availability: "unavailable" }));
    answer(request, {});
    await mount(<SettingsTab initialView={settingsView()} />);
    await waitFor(() => expect(textOf("#builtin-unsupported")).toContain("not supported on this device"));
    expect(engineOptions()).not.toContain("builtin");
    expect(textOf("#builtin-unsupported")).toContain("22 GB");
  });

  it("offers Chrome built-in AI where it can run, and downloads the model from the click with progress", async () => {
    const model = new FakeLanguageModel({ availability: "downloadable", downloadSteps: [0.5, 1] });
    const create = vi.spyOn(model, "create");
    vi.stubGlobal("LanguageModel", model);
    answer(request, {});
    await mount(<SettingsTab initialView={settingsView()} />);
    await waitFor(() => expect(engineOptions()).toContain("builtin"));
    await choose(byLabel("Engine"), "builtin");
    expect(() => byLabel("Model")).toThrow();
    await waitFor(() => expect(textOf("#builtin-status")).toMatch(/^Needs download/));

    button("Download model").click();
    expect(create).toHaveBeenCalledOnce(); // from the click itself: Chrome downloads only on a user gesture
    await waitFor(() => expect(textOf("#builtin-status")).toBe("Ready: the model is on this device."));
    expect(model.sessions[0]!.destroyed).toBe(true);
  });

  it("shows the download's progress", async () => {
    const model = new FakeLanguageModel({ availability: "downloadable", downloadSteps: [0.4] });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const realCreate = model.create.bind(model);
    vi.spyOn(model, "create").mockImplementation(async (options) => {
      const session = realCreate(options);
      await finished;
      return session;
    });
    vi.stubGlobal("LanguageModel", model);
    answer(request, {});
    await mount(<SettingsTab initialView={settingsView({ engine: "builtin" })} />);
    await waitFor(() => button("Download model"));
    await click(button("Download model"));
    await waitFor(() => expect(textOf("#builtin-status")).toBe("Downloading 40%"));
    expect(document.querySelector<HTMLProgressElement>("#builtin-progress")?.getAttribute("value")).toBe("0.4");
    finish();
    await waitFor(() => expect(textOf("#builtin-status")).toMatch(/^Ready/));
  });
});
