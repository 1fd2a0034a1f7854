/**
 * The model catalog the OpenAI emulator lists (`GET /v1/models`). Ids follow
 * the late-2026 lineup; `kind` decides which endpoints accept the model.
 */
export interface OpenAIModel {
  id: string;
  /** Unix seconds, as in the API. */
  created: number;
  owned_by: string;
  kind: "text" | "embedding";
}

export const OPENAI_MODELS: readonly OpenAIModel[] = [
  { id: "gpt-6", created: 1_791_936_000, owned_by: "system", kind: "text" },
  { id: "gpt-6-mini", created: 1_791_936_000, owned_by: "system", kind: "text" },
  { id: "gpt-5.6", created: 1_784_160_000, owned_by: "system", kind: "text" },
  { id: "gpt-5.6-mini", created: 1_784_160_000, owned_by: "system", kind: "text" },
  { id: "gpt-5.6-nano", created: 1_784_160_000, owned_by: "system", kind: "text" },
  { id: "gpt-5.5", created: 1_776_902_400, owned_by: "system", kind: "text" },
  { id: "gpt-5.4-mini", created: 1_773_705_600, owned_by: "system", kind: "text" },
  { id: "text-embedding-3-large", created: 1_705_953_180, owned_by: "system", kind: "embedding" },
  { id: "text-embedding-3-small", created: 1_705_948_997, owned_by: "system", kind: "embedding" },
];

export function modelResource(model: OpenAIModel): Record<string, unknown> {
  return { id: model.id, object: "model", created: model.created, owned_by: model.owned_by };
}
