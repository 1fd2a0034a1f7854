import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { chooseEngine, workerEngine } from "../../../src/background/engine-choice";
import { defaultSettings, emptySecrets, type StoredSecrets, type StoredSettings } from "../../../src/shared/storage/schema";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const settings = (overrides: Partial<StoredSettings> = {}): StoredSettings => ({ ...defaultSettings(), ...overrides });
const secrets = (overrides: Partial<StoredSecrets> = {}): StoredSecrets => ({ ...emptySecrets(), ...overrides });

describe("engine choice for a run", () => {
  const configured = settings({ engine: "gemini", models: { ...defaultSettings().models, gemini: "gemini-pro-latest", anthropic: "claude-opus-4-5", compatible: "llama3.2" } });
  const keys = secrets({ geminiKey: "AIza", anthropicKey: "sk-ant" });

  it("uses Settings' engine and model when the connection has no override", () => {
    expect(chooseEngine({}, configured, keys)).toEqual({ engine: "gemini", model: "gemini-pro-latest" });
  });

  it("uses the connection's engine, with its own model or else that engine's model from Settings", () => {
    expect(chooseEngine({ engine: "anthropic", model: "claude-haiku-4-5" }, configured, keys)).toEqual({ engine: "anthropic", model: "claude-haiku-4-5" });
    expect(chooseEngine({ engine: "anthropic", model: "  " }, configured, keys)).toEqual({ engine: "anthropic", model: "claude-opus-4-5" });
    expect(chooseEngine({ engine: "anthropic" }, configured, keys)).toEqual({ engine: "anthropic", model: "claude-opus-4-5" });
  });

  it("refuses, naming the engine, when the chosen engine isn't set up", () => {
    expect(() => chooseEngine({ engine: "openai" }, configured, keys)).toThrow(
      expect.objectContaining({ code: "not_configured", message: expect.stringMatching(/^This connection uses OpenAI, which isn't set up yet: add its API key/) }),
    );
    expect(() => chooseEngine({ engine: "compatible" }, configured, keys)).toThrow(expect.objectContaining({ message: expect.stringContaining("its server address") }));
    expect(() => chooseEngine({}, settings({ engine: "anthropic" }), secrets())).toThrow(
      expect.objectContaining({ code: "not_configured", message: expect.stringMatching(/^Claude \(Anthropic\) isn't set up yet/) }),
    );
    // The built-in model needs no key: readiness is checked when it runs.
    expect(chooseEngine({ engine: "builtin" }, configured, keys)).toEqual({ engine: "builtin", model: "gemini-nano" });
  });
});

describe("engines as the worker builds them", () => {
  beforeEach(() => fakeBrowser.reset());

  it("checks the local server's host permission before calling it", async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, "contains").mockResolvedValue(false as never);
    const fetch = vi.fn(globalThis.fetch);
    vi.stubGlobal("fetch", fetch);
    const engine = workerEngine("compatible", settings({ compatibleBaseUrl: "http://localhost:1234/v1" }), secrets());
    await expect(engine.listModels()).rejects.toMatchObject({ code: "ai_permission_needed", message: expect.stringContaining("http://localhost:1234") });
    expect(contains).toHaveBeenCalledWith({ origins: ["http://localhost:1234/*"] });
    expect(fetch).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it("checks the address typed in Settings (before it is saved) when one is given", async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, "contains").mockResolvedValue(false as never);
    const engine = workerEngine("compatible", settings({ compatibleBaseUrl: "http://localhost:11434/v1" }), secrets(), { baseUrl: "http://10.0.0.5:8080/v1" });
    await expect(engine.listModels()).rejects.toMatchObject({ code: "ai_permission_needed" });
    expect(contains).toHaveBeenCalledWith({ origins: ["http://10.0.0.5:8080/*"] });
  });
});
