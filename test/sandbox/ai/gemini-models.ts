/**
 * The model catalog the Gemini emulator lists, in the REST shape of
 * `GET /v1beta/models` (the SDK maps supportedGenerationMethods to
 * `supportedActions`). Ids follow the late-2026 lineup; aliases resolve to a
 * concrete model, which is what `modelVersion` reports, as Google does.
 */
export interface GeminiModel {
  /** Without the "models/" prefix. */
  id: string;
  displayName: string;
  description: string;
  version: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  supportedGenerationMethods: string[];
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTemperature?: number;
  thinking?: boolean;
  /** For aliases such as gemini-flash-latest: the model that actually answers. */
  resolvesTo?: string;
}

const TEXT_METHODS = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"];

function flash(id: string, displayName: string, extra: Partial<GeminiModel> = {}): GeminiModel {
  return {
    id,
    displayName,
    description: `${displayName}: fast, cost-efficient multimodal model with thinking.`,
    version: id.replace(/^gemini-/u, "").replace(/-latest$/u, ""),
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: TEXT_METHODS,
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
    ...extra,
  };
}

export const GEMINI_MODELS: readonly GeminiModel[] = [
  flash("gemini-3.8-flash", "Gemini 3.8 Flash"),
  flash("gemini-3.7-flash", "Gemini 3.7 Flash"),
  flash("gemini-3.5-flash", "Gemini 3.5 Flash"),
  flash("gemini-3.5-flash-lite", "Gemini 3.5 Flash-Lite", { description: "Gemini 3.5 Flash-Lite: the smallest and cheapest 3.5 model." }),
  flash("gemini-3.1-pro-preview", "Gemini 3.1 Pro Preview", { description: "Gemini 3.1 Pro Preview: the most capable model for complex reasoning." }),
  flash("gemini-flash-latest", "Gemini Flash Latest", { description: "Latest release of Gemini Flash.", version: "Gemini Flash Latest", resolvesTo: "gemini-3.8-flash" }),
  flash("gemini-flash-lite-latest", "Gemini Flash-Lite Latest", { description: "Latest release of Gemini Flash-Lite.", version: "Gemini Flash-Lite Latest", resolvesTo: "gemini-3.5-flash-lite" }),
  flash("gemini-pro-latest", "Gemini Pro Latest", { description: "Latest release of Gemini Pro.", version: "Gemini Pro Latest", resolvesTo: "gemini-3.1-pro-preview" }),
  {
    id: "gemini-embedding-001",
    displayName: "Gemini Embedding 001",
    description: "Obtain a distributed representation of a text.",
    version: "001",
    inputTokenLimit: 2048,
    outputTokenLimit: 1,
    supportedGenerationMethods: ["embedContent", "countTextTokens", "countTokens", "asyncBatchEmbedContent"],
  },
];

/** The REST representation of a model. */
export function modelResource(model: GeminiModel): Record<string, unknown> {
  const { id, resolvesTo: _resolvesTo, ...rest } = model;
  return { name: `models/${id}`, ...rest };
}
