import { describe, expect, it } from "vitest";
import { BuiltinEngine } from "../../../src/ai/builtin";
import { BUILTIN_MODEL_ID, builtinOptions, describeAvailability, findLanguageModel } from "../../../src/shared/builtin-model";
import { drain, texts } from "./fake-fetch";
import { FakeLanguageModel, fakeTokens, type FakeModelSetup } from "./fake-language-model";

const engineWith = (setup: FakeModelSetup) => {
  const model = new FakeLanguageModel(setup);
  return { model, engine: new BuiltinEngine({ apiKey: "" }, model) };
};

describe("Chrome built-in AI engine", () => {
  it("finds LanguageModel only where it exists", () => {
    expect(findLanguageModel({})).toBeUndefined();
    const model = new FakeLanguageModel();
    expect(findLanguageModel({ LanguageModel: model })).toBe(model);
  });

  it("names each availability state for Settings", () => {
    expect(describeAvailability("available")).toMatch(/^Ready/);
    expect(describeAvailability("downloadable")).toMatch(/^Needs download \(/);
    expect(describeAvailability("downloading", 0.427)).toBe("Downloading 42%");
    const unsupported = describeAvailability("unavailable");
    expect(unsupported).toMatch(/^Not supported on this device\./);
    for (const why of ["Chrome 138", "22 GB", "4 GB", "16 GB of RAM"]) expect(unsupported).toContain(why);
  });

  it("lists Gemini Nano only when the model is on the device, and says what to do otherwise", async () => {
    expect(await engineWith({ availability: "available" }).engine.listModels()).toEqual([{ id: BUILTIN_MODEL_ID, label: expect.stringContaining("Gemini Nano") }]);
    await expect(engineWith({ availability: "unavailable" }).engine.listModels()).rejects.toMatchObject({ code: "ai_unsupported", message: expect.stringContaining("22 GB") });
    await expect(engineWith({ availability: "downloadable" }).engine.listModels()).rejects.toMatchObject({
      code: "not_configured",
      message: expect.stringContaining("Download model"),
    });
    await expect(engineWith({ availability: "downloading" }).engine.listModels()).rejects.toMatchObject({
      code: "not_configured",
      message: expect.stringContaining("still downloading"),
    });
  });

  it("says so when the worker has no LanguageModel at all", async () => {
    const engine = new BuiltinEngine({ apiKey: "" }, undefined);
    const { error } = await drain(engine.stream({ model: BUILTIN_MODEL_ID, prompt: "p" }));
    expect(error).toMatchObject({ code: "ai_unsupported", message: expect.stringContaining("background worker") });
  });

  it("streams the answer with the system instruction as the session's initial prompt, counts usage, and destroys the session", async () => {
    const { model, engine } = engineWith({ chunks: ["Sour", "dough ", "is bread."] });
    const { events, error } = await drain(engine.stream({ model: BUILTIN_MODEL_ID, prompt: "Explain sourdough", systemInstruction: "Be brief." }));
    expect(error).toBeUndefined();
    expect(texts(events)).toEqual(["Sour", "dough ", "is bread."]);
    expect(events.at(-1)).toEqual({
      type: "done",
      usage: { inputTokens: fakeTokens("Explain sourdough"), outputTokens: fakeTokens("Sourdough is bread.") },
      finish: "stop",
    });
    const [session] = model.sessions;
    expect(session!.options.initialPrompts).toEqual([{ role: "system", content: "Be brief." }]);
    expect(session!.options.expectedInputs).toEqual(builtinOptions().expectedInputs);
    expect(session!.prompts).toEqual(["Explain sourdough"]);
    expect(session!.destroyed).toBe(true);
  });

  it("reads the older usage names, and estimates where the browser measures nothing", async () => {
    const legacy = engineWith({ chunks: ["abcdefgh"], usageApi: "input" });
    expect((await drain(legacy.engine.stream({ model: "m", prompt: "12345678" }))).events.at(-1)).toMatchObject({ usage: { inputTokens: 2, outputTokens: 2 } });
    const bare = engineWith({ chunks: ["abcdefghijkl"], usageApi: "none" });
    expect((await drain(bare.engine.stream({ model: "m", prompt: "1234" }))).events.at(-1)).toMatchObject({ usage: { inputTokens: 1, outputTokens: 3 } });
  });

  it("refuses a prompt that can't fit the context window before prompting, with the sizes", async () => {
    const { model, engine } = engineWith({ contextWindow: 100, chunks: ["never"] });
    const { events, error } = await drain(engine.stream({ model: "m", prompt: "x".repeat(1_000) }));
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: "ai_input_too_long", message: expect.stringContaining("Too long for the on-device model: about 250 tokens of 100") });
    expect(model.sessions[0]!.prompts).toEqual([]);
    expect(model.sessions[0]!.destroyed).toBe(true);
  });

  it("maps Chrome's QuotaExceededError and NotSupportedError to clear messages", async () => {
    const overflow = engineWith({ chunks: ["a"], streamError: { name: "QuotaExceededError", message: "The input is too large.", requested: 5000, quota: 4096 } });
    expect((await drain(overflow.engine.stream({ model: "m", prompt: "p" }))).error).toMatchObject({
      code: "ai_input_too_long",
      message: expect.stringContaining("about 5000 tokens of 4096"),
    });
    const language = engineWith({ chunks: ["a"], streamError: { name: "NotSupportedError", message: "Unsupported language." } });
    const { error } = await drain(language.engine.stream({ model: "m", prompt: "Écris un poème" }));
    expect(error).toMatchObject({ code: "ai_unsupported", message: expect.stringContaining("English, Spanish and Japanese") });
    expect(language.model.sessions[0]!.destroyed).toBe(true);
  });

  it("won't generate until the model is downloaded (a download needs a click in Settings)", async () => {
    const { model, engine } = engineWith({ availability: "downloadable" });
    const { error } = await drain(engine.stream({ model: "m", prompt: "p" }));
    expect(error).toMatchObject({ code: "not_configured", message: expect.stringContaining("Download model") });
    expect(model.sessions).toEqual([]);
  });

  it("stops mid-answer when cancelled: what arrived was delivered, the session is destroyed", async () => {
    const { model, engine } = engineWith({ chunks: ["first ", "second ", "third"], holdAfter: 1 });
    const controller = new AbortController();
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of engine.stream({ model: "m", prompt: "p", signal: controller.signal })) {
        if (event.type === "text") seen.push(event.text);
        controller.abort();
        model.release();
      }
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(["first "]);
    expect(caught).toMatchObject({ code: "cancelled" });
    expect(model.sessions[0]!.destroyed).toBe(true);
  });

  it("reports download progress through create()'s monitor", async () => {
    const model = new FakeLanguageModel({ availability: "downloadable", downloadSteps: [0, 0.5, 1] });
    const progress: number[] = [];
    const session = await model.create({ monitor: (monitor) => monitor.addEventListener("downloadprogress", (event) => progress.push((event as ProgressEvent).loaded)) });
    expect(progress).toEqual([0, 0.5, 1]);
    expect(await model.availability()).toBe("available");
    session.destroy();
  });
});
