// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { useState } from "preact/hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultSettings, type EngineId } from "../../../src/shared/storage/schema";
import { toConnectionDraft } from "../../../src/ui/popup/create/connectionDraft";
import { emptyDraft } from "../../../src/ui/popup/create/draft";
import { EngineOverride } from "../../../src/ui/popup/create/EngineOverride";
import { FakeLanguageModel } from "../ai/fake-language-model";
import { byLabel, choose, mount, type, waitFor } from "./dom";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

type Choice = { engine: EngineId | undefined; model: string | undefined };

function Harness({ initial, seen }: { initial: Choice; seen: Choice[] }) {
  const [choice, setChoice] = useState(initial);
  return (
    <EngineOverride
      engine={choice.engine}
      model={choice.model ?? ""}
      onChange={(next) => {
        seen.push(next);
        setChoice(next);
      }}
    />
  );
}

const optionTexts = () => [...byLabel<HTMLSelectElement>("Engine for this connection").options].map((option) => `${option.value}=${option.textContent}`);

describe("a connection's engine override", () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    const settings = defaultSettings();
    await fakeBrowser.storage.local.set({ settings: { ...settings, engine: "anthropic", models: { ...settings.models, anthropic: "claude-opus-4-5", openai: "gpt-5.6" } } });
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
  });

  it("shows Settings' engine and model as the default, then every engine (the built-in one only where it exists)", async () => {
    await mount(<Harness initial={{ engine: undefined, model: undefined }} seen={[]} />);
    await waitFor(() => expect(optionTexts()[0]).toBe("=Default (Claude (Anthropic) · claude-opus-4-5)"));
    expect(optionTexts().slice(1)).toEqual([
      "gemini=Google Gemini",
      "openai=OpenAI",
      "anthropic=Claude (Anthropic)",
      "compatible=OpenAI-compatible server",
    ]);
    expect(() => byLabel("Model for this connection")).toThrow(); // no model of its own while on the default
  });

  it("lists Chrome built-in AI where this page has it", async () => {
    vi.stubGlobal("LanguageModel", new FakeLanguageModel({ availability: "available" }));
    await mount(<Harness initial={{ engine: undefined, model: undefined }} seen={[]} />);
    expect(optionTexts().at(-1)).toBe("builtin=Chrome built-in AI");
  });

  it("leaves Chrome built-in AI out where the device can't run it, as Settings does", async () => {
    vi.stubGlobal("LanguageModel", new FakeLanguageModel({ availability: "unavailable" }));
    await mount(<Harness initial={{ engine: undefined, model: undefined }} seen={[]} />);
    await waitFor(() => expect(optionTexts().map((text) => text.split("=")[0])).toEqual(["", "gemini", "openai", "anthropic", "compatible"]));
  });

  it("sets an engine with an optional model, and goes back to the default", async () => {
    const seen: Choice[] = [];
    await mount(<Harness initial={{ engine: undefined, model: undefined }} seen={seen} />);
    await choose(byLabel("Engine for this connection"), "openai");
    await waitFor(() => expect(byLabel("Model for this connection").getAttribute("placeholder")).toBe("gpt-5.6"));
    await type(byLabel("Model for this connection"), "gpt-5.6-mini");
    await choose(byLabel("Engine for this connection"), "");
    expect(seen).toEqual([
      { engine: "openai", model: "" },
      { engine: "openai", model: "gpt-5.6-mini" },
      { engine: undefined, model: undefined },
    ]);
  });

  it("is carried by the draft to connection.save", () => {
    const draft = { ...emptyDraft(), prompt: "Write", url: "https://www.notion.so/x-11111111222233334444555555555555" };
    const built = toConnectionDraft({ ...draft, engine: "compatible", model: "llama3.2" });
    expect(built.ok && built.draft).toMatchObject({ engine: "compatible", model: "llama3.2" });
    const plain = toConnectionDraft(draft);
    expect(plain.ok && plain.draft).not.toHaveProperty("engine");
  });
});
