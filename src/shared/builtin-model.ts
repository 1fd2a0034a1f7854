/**
 * Chrome's built-in AI as Inkwell sees it: the Prompt API's `LanguageModel`
 * surface (Gemini Nano, on the device, no key), its feature detection and the
 * wording of its states. It exists only in desktop Chrome 138+ on capable
 * hardware, so everything feature-detects. Shared by the built-in engine
 * (src/ai/builtin.ts) and by Settings, which shows availability and starts the download.
 */

export type BuiltinAvailability = "unavailable" | "downloadable" | "downloading" | "available";

export interface LanguageModelMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface LanguageModelOptions {
  initialPrompts?: LanguageModelMessage[];
  expectedInputs?: { type: "text"; languages?: string[] }[];
  expectedOutputs?: { type: "text"; languages?: string[] }[];
  temperature?: number;
  topK?: number;
  signal?: AbortSignal;
  monitor?: (monitor: EventTarget) => void;
}

/** The session surface Inkwell uses; the usage names changed in 2026 (inputUsage → contextUsage), so both are read. */
export interface LanguageModelSession {
  /** responseConstraint: a JSON schema the answer is held to (Chrome 137+). */
  promptStreaming(input: string, options?: { signal?: AbortSignal; responseConstraint?: object }): ReadableStream<string>;
  measureContextUsage?(input: string): Promise<number>;
  measureInputUsage?(input: string): Promise<number>;
  readonly contextUsage?: number;
  readonly contextWindow?: number;
  readonly inputUsage?: number;
  readonly inputQuota?: number;
  destroy(): void;
}

export interface LanguageModelFactory {
  availability(options?: LanguageModelOptions): Promise<BuiltinAvailability>;
  create(options?: LanguageModelOptions): Promise<LanguageModelSession>;
}

export const BUILTIN_MODEL_ID = "gemini-nano";

/** What Chrome asks of a device for Gemini Nano (developer.chrome.com/docs/ai/get-started). */
export const BUILTIN_REQUIREMENTS =
  "It needs desktop Chrome 138 or later (Windows, macOS, Linux or ChromeOS on a Chromebook Plus), about 22 GB of free disk space, and a GPU with more than 4 GB of memory or 16 GB of RAM.";

/** The Prompt API in this context, if there is one. */
export function findLanguageModel(scope: object = globalThis): LanguageModelFactory | undefined {
  const candidate = (scope as { LanguageModel?: unknown }).LanguageModel;
  return candidate && typeof (candidate as LanguageModelFactory).availability === "function" ? (candidate as LanguageModelFactory) : undefined;
}

/** The languages Gemini Nano is tuned for; anything else is declared as English so Chrome doesn't refuse up front. */
const SUPPORTED_LANGUAGES = ["en", "es", "ja"];

export function builtinOptions(language = typeof navigator === "undefined" ? "en" : navigator.language): LanguageModelOptions {
  const primary = language.toLowerCase().split("-")[0] ?? "en";
  const languages = SUPPORTED_LANGUAGES.includes(primary) ? [primary] : ["en"];
  return { expectedInputs: [{ type: "text", languages }], expectedOutputs: [{ type: "text", languages }] };
}

/** Settings' one-line status for each availability state. `progress` is 0..1 while downloading. */
export function describeAvailability(state: BuiltinAvailability, progress?: number): string {
  switch (state) {
    case "available":
      return "Ready: the model is on this device.";
    case "downloadable":
      return "Needs download (several GB, once; Chrome keeps it for every site and extension).";
    case "downloading":
      return progress === undefined ? "Downloading…" : `Downloading ${Math.floor(progress * 100)}%`;
    case "unavailable":
      return `Not supported on this device. ${BUILTIN_REQUIREMENTS}`;
  }
}
