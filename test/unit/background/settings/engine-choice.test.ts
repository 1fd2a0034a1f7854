import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { chooseEngine, engineForModelList, workerEngine } from "../../../../src/background/settings/engine-choice";
import { fakeFetch, json } from "../../ai/fake-fetch";
import { defaultSettings, emptySecrets, type StoredSecrets, type StoredSettings } from "../../../../src/shared/storage/schema";

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

  it("refuses, naming the engine and saying exactly how to set it up, when the chosen engine isn't set up", () => {
    // Settings shows only the chosen engine's fields: an override's engine is set up by choosing it there, then switching back.
    expect(() => chooseEngine({ engine: "openai" }, configured, keys)).toThrow(
      expect.objectContaining({
        code: "not_configured",
        message:
          "This connection uses OpenAI, which isn't set up yet. In Settings → AI engine, choose OpenAI, paste its API key, and press Save (you can switch the default engine back afterwards), or choose another engine for this connection.",
      }),
    );
    expect(() => chooseEngine({ engine: "compatible" }, configured, keys)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining("In Settings → AI engine, choose OpenAI-compatible server, type its server address (for Ollama: http://localhost:11434/v1), press Check server and allow access, and press Save"),
      }),
    );
    expect(() => chooseEngine({}, settings({ engine: "anthropic" }), secrets())).toThrow(
      expect.objectContaining({ code: "not_configured", message: "Claude (Anthropic) isn't set up yet. In Settings → AI engine, choose Claude (Anthropic), paste its API key, and press Save." }),
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
    // The host without its port, as Settings asks for it (Firefox refuses ports in match patterns).
    expect(contains).toHaveBeenCalledWith({ origins: ["http://localhost/*"] });
    expect(fetch).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it("checks the address typed in Settings (before it is saved) when one is given", async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, "contains").mockResolvedValue(false as never);
    const engine = workerEngine("compatible", settings({ compatibleBaseUrl: "http://localhost:11434/v1" }), secrets(), { baseUrl: "http://10.0.0.5:8080/v1" });
    await expect(engine.listModels()).rejects.toMatchObject({ code: "ai_permission_needed" });
    expect(contains).toHaveBeenCalledWith({ origins: ["http://10.0.0.5/*"] });
  });

  describe("a stored key goes only to its own engine's host", () => {
    const stored = secrets({ geminiKey: "AIzaStoredGeminiKey0123456789abcdef", openaiKey: "sk-storedOpenAiKey0123456789", anthropicKey: "sk-ant-storedClaudeKey0123456789", compatibleKey: "storedServerKey-42" });
    const HOSTS = { gemini: "generativelanguage.googleapis.com", openai: "api.openai.com", anthropic: "api.anthropic.com" } as const;

    function watch() {
      const seen = fakeFetch(() => json(401, { error: { message: "no" } }));
      vi.stubGlobal("fetch", seen.fetch);
      return seen.requests;
    }

    it.each(Object.entries(HOSTS))("%s ignores any other address a page asks for", async (engine, host) => {
      const requests = watch();
      const built = workerEngine(engine as keyof typeof HOSTS, settings({ compatibleBaseUrl: "https://collector.example/v1" }), stored, { baseUrl: "https://collector.example/v1" });
      await built.listModels().catch(() => undefined);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.map((request) => request.url.host)).toEqual(requests.map(() => host));
      vi.unstubAllGlobals();
    });

    it("the OpenAI-compatible server's stored key goes only to the saved server; another address gets only a typed key", async () => {
      vi.spyOn(fakeBrowser.permissions, "contains").mockResolvedValue(true as never);
      const saved = settings({ compatibleBaseUrl: "http://localhost:11434/v1" });
      const authorization = async (overrides: { baseUrl?: string; apiKey?: string }) => {
        const requests = watch();
        await workerEngine("compatible", saved, stored, overrides).listModels().catch(() => undefined);
        vi.unstubAllGlobals();
        return requests.map((request) => `${request.url.host} ${request.headers.get("authorization") ?? ""}`);
      };
      expect(new Set(await authorization({}))).toEqual(new Set(["localhost:11434 Bearer storedServerKey-42"]));
      const elsewhere = await authorization({ baseUrl: "http://10.0.0.5:8080/v1" });
      expect(elsewhere.length).toBeGreaterThan(0);
      expect(elsewhere.join("\n")).not.toContain("storedServerKey-42");
      expect(new Set(await authorization({ baseUrl: "http://10.0.0.5:8080/v1", apiKey: "typed-for-this-server" }))).toEqual(new Set(["10.0.0.5:8080 Bearer typed-for-this-server"]));
    });
  });
});

describe("the engine Settings lists models with", () => {
  beforeEach(() => fakeBrowser.reset());

  it("refuses a keyed engine without a typed or stored key, and the OpenAI-compatible engine without an address", () => {
    expect(() => engineForModelList("openai", settings(), secrets(), {})).toThrow(expect.objectContaining({ code: "not_configured", message: "Paste the API key first." }));
    expect(() => engineForModelList("openai", settings(), secrets(), { apiKey: "   " })).toThrow(expect.objectContaining({ code: "not_configured" }));
    expect(() => engineForModelList("compatible", settings({ compatibleBaseUrl: "" }), secrets(), {})).toThrow(
      expect.objectContaining({ code: "not_configured", message: expect.stringContaining("Type your server's address first") }),
    );
    expect(() => engineForModelList("openai", settings(), secrets({ openaiKey: "sk-stored" }), {})).not.toThrow();
  });

  it("sends the key typed in the form (trimmed) rather than the stored one, to the address typed (normalised)", async () => {
    vi.spyOn(fakeBrowser.permissions, "contains").mockResolvedValue(true as never);
    const seen = fakeFetch(() => json(401, { error: { message: "no" } }));
    vi.stubGlobal("fetch", seen.fetch);
    await engineForModelList("compatible", settings({ compatibleBaseUrl: "http://localhost:11434/v1" }), secrets({ compatibleKey: "stored-key" }), { apiKey: " typed-key ", baseUrl: " http://10.0.0.5:8080/v1/ " })
      .listModels()
      .catch(() => undefined);
    vi.unstubAllGlobals();
    expect(seen.requests.length).toBeGreaterThan(0);
    expect(new Set(seen.requests.map((request) => `${request.url.host} ${request.headers.get("authorization") ?? ""}`))).toEqual(new Set(["10.0.0.5:8080 Bearer typed-key"]));
  });
});
