/**
 * The model catalog the Anthropic emulator lists (`GET /v1/models`, newest
 * first). Ids follow the late-2026 lineup in @anthropic-ai/sdk's `Model` type.
 * A model may have aliases (e.g. "claude-haiku-4-5" for the dated id): the
 * Messages API accepts them and answers with the id they resolve to, and the
 * list shows only ids.
 */
export interface AnthropicModel {
  id: string;
  display_name: string;
  /** RFC 3339, as in the API. */
  created_at: string;
  line: "haiku" | "sonnet" | "opus" | "fable" | "mythos" | null;
  /** The largest `max_tokens` the model accepts. */
  maxOutputTokens: number;
  maxInputTokens: number;
  aliases?: string[];
}

export const ANTHROPIC_MODELS: readonly AnthropicModel[] = [
  { id: "claude-opus-5-5", display_name: "Claude Opus 5.5", created_at: "2026-10-14T00:00:00Z", line: "opus", maxOutputTokens: 128_000, maxInputTokens: 1_000_000 },
  { id: "claude-sonnet-5-5", display_name: "Claude Sonnet 5.5", created_at: "2026-10-14T00:00:00Z", line: "sonnet", maxOutputTokens: 64_000, maxInputTokens: 1_000_000 },
  { id: "claude-haiku-5-5", display_name: "Claude Haiku 5.5", created_at: "2026-10-28T00:00:00Z", line: "haiku", maxOutputTokens: 64_000, maxInputTokens: 200_000 },
  { id: "claude-sonnet-5", display_name: "Claude Sonnet 5", created_at: "2026-06-03T00:00:00Z", line: "sonnet", maxOutputTokens: 64_000, maxInputTokens: 1_000_000 },
  { id: "claude-opus-4-8", display_name: "Claude Opus 4.8", created_at: "2026-04-16T00:00:00Z", line: "opus", maxOutputTokens: 64_000, maxInputTokens: 200_000 },
  { id: "claude-sonnet-4-6", display_name: "Claude Sonnet 4.6", created_at: "2026-02-17T00:00:00Z", line: "sonnet", maxOutputTokens: 64_000, maxInputTokens: 200_000 },
  {
    id: "claude-haiku-4-5-20251001",
    display_name: "Claude Haiku 4.5",
    created_at: "2025-10-15T00:00:00Z",
    line: "haiku",
    maxOutputTokens: 64_000,
    maxInputTokens: 200_000,
    aliases: ["claude-haiku-4-5"],
  },
];

/** The model a request names, by id or alias. */
export function findModel(models: readonly AnthropicModel[], name: string): AnthropicModel | undefined {
  return models.find((m) => m.id === name || m.aliases?.includes(name));
}

/** The ModelInfo resource. */
export function modelResource(model: AnthropicModel): Record<string, unknown> {
  return {
    type: "model",
    id: model.id,
    display_name: model.display_name,
    created_at: model.created_at,
    capabilities: null,
    deprecated_at: null,
    lifecycle: "active",
    line: model.line,
    max_input_tokens: model.maxInputTokens,
    max_tokens: model.maxOutputTokens,
    retires_at: null,
  };
}
