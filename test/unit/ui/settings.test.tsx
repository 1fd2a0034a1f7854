// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SettingsPatch } from "../../../src/shared/protocol/types";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { SettingsTab } from "../../../src/ui/popup/SettingsTab";
import { answer, answerQuestion, button, byLabel, choose, click, mount, textOf, type, waitFor } from "./dom";
import { settingsView } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const GEMINI_MODELS = [
  { id: "gemini-flash-latest", label: "Gemini Flash" },
  { id: "gemini-pro-latest", label: "Gemini Pro" },
  { id: "gemma-3", label: "Gemma 3" },
];
const datalistValues = () => [...document.querySelectorAll("#model-options option")].map((option) => option.getAttribute("value"));

describe("Settings tab", () => {
  let patches: SettingsPatch[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    patches = [];
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
  });

  // As in the popup and the options page, questions are asked with the in-page dialog.
  const open = async (view = settingsView()) => {
    await mount(
      <ConfirmProvider>
        <SettingsTab initialView={view} />
      </ConfirmProvider>,
    );
    return byLabel("Engine");
  };

  it("checks the typed key with ai.models and shows the model count", async () => {
    answer(request, {
      "ai.models": ({ apiKey }) => {
        if (apiKey !== "AIza-good") throw new WorkerError({ code: "ai_invalid_key", message: "Gemini rejected this API key.", retryable: false });
        return { models: GEMINI_MODELS };
      },
    });
    await open();
    expect(button("Check key").disabled).toBe(true); // nothing to check yet

    await type(byLabel("Gemini API key"), "  AIza-good ");
    await click(button("Check key"));
    await waitFor(() => expect(textOf("#ai-check-result")).toBe("✓ Key works — 3 models"));
    expect(document.querySelector("#ai-check-result")?.className).toBe("check ok");
    expect(request).toHaveBeenCalledWith("ai.models", { engine: "gemini", apiKey: "AIza-good" });
    expect(datalistValues()).toEqual(GEMINI_MODELS.map((model) => model.id));

    await type(byLabel("Gemini API key"), "AIza-bad");
    expect(textOf("#ai-check-result")).toBe(""); // a new key has not been checked
    await click(button("Check key"));
    await waitFor(() => expect(textOf("#ai-check-result")).toBe("Gemini rejected this API key."));
    expect(document.querySelector("#ai-check-result")?.className).toBe("check error");
  });

  it("loads model suggestions on its own once a key is present, for the chosen engine", async () => {
    answer(request, {
      "ai.models": ({ engine }) => ({ models: engine === "gemini" ? GEMINI_MODELS : [{ id: "gpt-5.6-mini", label: "GPT-5.6 mini" }] }),
    });
    await open(settingsView({ secrets: { geminiKey: "AIza-stored", openaiKey: "sk-stored" }, models: { gemini: "gemini-pro-latest" } }));
    const model = byLabel("Model");
    expect(model.value).toBe("gemini-pro-latest");
    expect(model.getAttribute("list")).toBe("model-options");
    await waitFor(() => expect(datalistValues()).toEqual(GEMINI_MODELS.map((item) => item.id)));
    // The saved key stays in the worker: the page asks without one, and the worker uses it.
    expect(request).toHaveBeenCalledWith("ai.models", { engine: "gemini" });

    await choose(byLabel("Engine"), "openai");
    expect(() => byLabel("Gemini API key")).toThrow();
    expect(byLabel("OpenAI API key").value).toBe("");
    expect(byLabel("Model").value).toBe("gpt-5.6-mini");
    await waitFor(() => expect(datalistValues()).toEqual(["gpt-5.6-mini"]));
    // Any id may be typed.
    await type(byLabel("Model"), "my-fine-tune");
    expect(byLabel("Model").value).toBe("my-fine-tune");
  });

  it("links to where each key is made, in a new tab", async () => {
    answer(request, {});
    await open();
    const link = () => document.querySelector<HTMLAnchorElement>('a[href^="https://aistudio"], a[href^="https://platform.openai"]')!;
    expect(link().getAttribute("href")).toBe("https://aistudio.google.com/apikey");
    expect([link().target, link().rel]).toEqual(["_blank", "noreferrer"]);
    await choose(byLabel("Engine"), "openai");
    expect(link().getAttribute("href")).toBe("https://platform.openai.com/api-keys");
    const notionLink = document.querySelector<HTMLAnchorElement>('details a[href="https://www.notion.so/profile/integrations"]');
    expect(notionLink?.target).toBe("_blank");
    // Both kinds of token, with a personal access token offered first.
    const tokenLink = document.querySelector<HTMLAnchorElement>('details a[href="https://www.notion.so/developers/tokens"]');
    expect(tokenLink?.target).toBe("_blank");
    expect(textOf("details.help")).toMatch(/Personal access token.*Internal integration/s);
    expect(textOf("details summary")).toBe("How do I get one?");
  });

  it("saves everything typed, and shows the worker's validation error", async () => {
    answer(request, {
      "settings.save": ({ patch }) => {
        patches.push(patch);
        if (patch.models?.gemini === "not a model") {
          throw new WorkerError({ code: "invalid_input", message: "Model: this isn't a model id.", retryable: false });
        }
        return settingsView({ engine: patch.engine, secrets: patch.secrets });
      },
    });
    await open();
    await type(byLabel("Gemini API key"), "AIza-1");
    await type(byLabel("Notion token"), "ntn_1");
    await type(byLabel("Model"), "not a model");

    await click(button("Save"));
    await waitFor(() => expect(textOf("#settings-status")).toBe("Model: this isn't a model id."));
    expect(document.querySelector("#settings-status")?.className).toBe("error");
    expect(patches[0]).toMatchObject({
      engine: "gemini",
      models: { gemini: "not a model", openai: "gpt-5.6-mini" },
      secrets: { notionToken: "ntn_1", geminiKey: "AIza-1" },
    });
    // Keys not typed are not sent: the worker keeps them as they are.
    expect(Object.keys(patches[0]!.secrets!).sort()).toEqual(["geminiKey", "notionToken"]);
    // The connections database is set up in its own section (mirror.*), never through Save.
    expect(patches[0]).not.toHaveProperty("connectionsDatabaseUrl");

    await type(byLabel("Model"), "gemma-3");
    await click(button("Save"));
    await waitFor(() => expect(textOf("#settings-status")).toContain("Saved"));
  });

  it("tests the Notion token with the one button named Test, and says which kind of token it is", async () => {
    answer(request, {
      "notion.check": ({ secret }) =>
        secret === "ntn_2" ? { kind: "integration", name: "Inkwell Demo", workspaceName: `WS ${secret}` } : { kind: "personal", name: "Ada Lovelace", workspaceName: "" },
      "ai.models": () => ({ models: [] }),
    });
    await open(settingsView({ secrets: { geminiKey: "AIza-x" } }));
    // The e2e suite clicks getByRole("button", { name: "Test" }), which matches any name containing "test".
    const testButtons = [...document.querySelectorAll("button")].filter((element) => /test/i.test(element.textContent ?? ""));
    expect(testButtons.map((element) => element.id)).toEqual(["test-notion"]);

    await type(byLabel("Notion token"), "ntn_2");
    await click(button("Test"));
    await waitFor(() => expect(textOf("#notion-check-result")).toBe("✓ Integration “Inkwell Demo” in WS ntn_2. Share each page or database with it (••• → Connections)."));
    expect(document.querySelector("#notion-check-result")?.className).toBe("check ok");

    await type(byLabel("Notion token"), "pat_of_ada");
    expect(textOf("#notion-check-result")).toBe("");
    await click(button("Test"));
    await waitFor(() =>
      expect(textOf("#notion-check-result")).toBe(
        "✓ Personal access token of “Ada Lovelace” in the workspace chosen when the token was created. It sees what Ada Lovelace can open in Notion: nothing to share.",
      ),
    );
  });

  it("asks before clearing", async () => {
    answer(request, { "settings.clear": () => settingsView() });
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await open(settingsView({ secrets: { notionToken: "ntn_keep" } }));
    await click(button("Clear"));
    expect(await answerQuestion(false)).toEqual({
      title: "Clear all data?",
      message: "Clear all Inkwell data (keys, settings, connections, run history) from this browser? Runs in progress are stopped first; what they already wrote to Notion stays.",
      confirmLabel: "Clear everything",
    });
    expect(request).not.toHaveBeenCalledWith("settings.clear", {});
    expect(textOf("#notion-secret-saved")).toBe("Set.");

    await click(button("Clear"));
    await answerQuestion(true);
    await waitFor(() => expect(textOf("#settings-status")).toBe("All Inkwell data was cleared."));
    expect(document.querySelector("#notion-secret-saved")).toBeNull();
    expect(byLabel("Notion token").value).toBe("");
    expect(nativeConfirm).not.toHaveBeenCalled(); // a native dialog can close a Firefox popup
  });

  describe("saved keys never come back in plaintext", () => {
    const GEMINI = "AIzaSavedKey0123456789abcdefWXYZ";
    const NOTION = "ntn_savedSecret0123456789abcdef9f2c";

    it("shows a saved key as set with its last four characters, and the fields hold no key", async () => {
      answer(request, { "ai.models": () => ({ models: [] }) });
      await open(settingsView({ secrets: { geminiKey: GEMINI, notionToken: NOTION } }));
      expect(textOf("#gemini-key-saved")).toBe("Set, ending in …WXYZ.");
      expect(textOf("#notion-secret-saved")).toBe("Set, ending in …9f2c.");
      expect(byLabel("Gemini API key").value).toBe("");
      expect(byLabel("Notion token").placeholder).toBe("Set, ending in …9f2c. Type to replace it.");
      // Show reveals only what was typed here, which is nothing.
      await click(document.querySelector<HTMLButtonElement>("#gemini-key + button")!);
      expect(byLabel("Gemini API key").type).toBe("text");
      expect(byLabel("Gemini API key").value).toBe("");
      expect(document.body.innerHTML).not.toContain("AIzaSavedKey");
      expect(document.body.innerHTML).not.toContain("savedSecret");
    });

    it("sends a key only when one is typed, and Remove sends an empty one", async () => {
      answer(request, {
        "ai.models": () => ({ models: [] }),
        "settings.save": ({ patch }) => {
          patches.push(patch);
          return settingsView({ secrets: { geminiKey: GEMINI, notionToken: NOTION } });
        },
      });
      await open(settingsView({ secrets: { geminiKey: GEMINI, notionToken: NOTION } }));
      await type(byLabel("Model"), "gemini-pro-latest");
      await click(button("Save"));
      await waitFor(() => expect(textOf("#settings-status")).toContain("Saved"));
      expect(patches[0]!.secrets).toEqual({});

      await click(document.querySelector<HTMLButtonElement>("#notion-secret-remove")!);
      expect(textOf("#notion-secret-saved")).toBe("The saved key will be removed when you save.");
      await type(byLabel("Gemini API key"), "AIzaNewKey");
      await click(button("Save"));
      await waitFor(() => expect(patches).toHaveLength(2));
      expect(patches[1]!.secrets).toEqual({ notionToken: "", geminiKey: "AIzaNewKey" });
      // After the save the typed key is gone from the page too.
      await waitFor(() => expect(byLabel("Gemini API key").value).toBe(""));
    });

    it("checks a saved key through the worker without sending one, and a short key shows no ending", async () => {
      answer(request, { "ai.models": () => ({ models: GEMINI_MODELS }), "notion.check": () => ({ kind: "integration", name: "Inkwell", workspaceName: "" }) });
      await open(settingsView({ secrets: { geminiKey: GEMINI, notionToken: "ntn_short" } }));
      expect(textOf("#notion-secret-saved")).toBe("Set.");
      await click(button("Check key"));
      await waitFor(() => expect(textOf("#ai-check-result")).toBe("✓ Key works — 3 models"));
      expect(request).toHaveBeenCalledWith("ai.models", { engine: "gemini" });
      await click(button("Test"));
      await waitFor(() => expect(textOf("#notion-check-result")).toBe("✓ Integration “Inkwell”. Share each page or database with it (••• → Connections)."));
      expect(request).toHaveBeenCalledWith("notion.check", {});
    });

    it("says so when keys can't be kept out of web pages' reach", async () => {
      answer(request, {});
      await open({ ...settingsView(), protection: { ok: false, problem: "This browser refused Inkwell's private key storage." } });
      expect(textOf("#secrets-unprotected")).toBe("This browser refused Inkwell's private key storage.");
    });
  });
});
