/**
 * Stored settings and secrets: the engines, their models and keys, the Notion
 * token's identity, concurrency and the price table, with their defaults.
 * Part of the storage schema (./schema.ts re-exports it).
 */

/**
 * Every AI engine. "compatible" is any OpenAI-compatible server (Ollama, LM
 * Studio…) at a user-given base URL; "builtin" is Chrome's on-device model.
 */
export const ENGINE_IDS = ["gemini", "openai", "anthropic", "compatible", "builtin"] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export interface StoredSettings {
  engine: EngineId;
  /** Model id per engine; any id may be typed, the list is only a suggestion. */
  models: Record<EngineId, string>;
  /** The Notion database that mirrors connections (URL as pasted; validated on save). */
  connectionsDatabaseUrl: string;
  /**
   * Database runs: the most rows generated at once. A run adapts below it
   * (src/core/ai-concurrency.ts): more while Notion's budget goes unused, fewer
   * when the AI provider rate-limits.
   */
  concurrency: number;
  /** The OpenAI-compatible server's base URL, e.g. http://localhost:11434/v1 ("" = not set up). */
  compatibleBaseUrl: string;
  /** Cost estimates and the optional monthly budget (Usage tab). */
  usage: UsageSettings;
  /**
   * Who the saved Notion token acts as, learned from GET /v1/users/me (absent until
   * known; dropped whenever the token changes). Error advice depends on it.
   */
  notionIdentity?: NotionIdentity;
}

/**
 * An internal integration secret acts as its bot and sees what was shared with it;
 * a personal access token acts as the person who created it, with their permissions.
 */
export type NotionTokenKind = "integration" | "personal";

export interface NotionIdentity {
  kind: NotionTokenKind;
  /** The integration's name, or the person's ("" if Notion gives none). */
  name: string;
  /** The workspace, when Notion names it (it does for integrations, not for personal access tokens). */
  workspaceName: string;
}

/** A user-editable price estimate, in US dollars per million tokens. */
export interface PriceEstimate {
  /** A model id, or a prefix ending in "*" (e.g. "gpt-5.6*"). */
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
}

export interface UsageSettings {
  /** Estimates only: the user edits them; they are never presented as the provider's truth. */
  prices: PriceEstimate[];
  /** Estimated dollars per calendar month after which runs stop; null = no budget. */
  monthlyBudget: number | null;
}

/**
 * A cap, not a setting to tune: a run starts at 16 and grows only while it
 * helps. 48 lets a 600-requests-a-minute Notion budget be spent with answers
 * taking about 5 s (about 5 rows a second: 25 answers in flight, plus room to
 * catch up after a wait), while the provider's own limits bring it down when
 * they bite.
 */
export const DEFAULT_CONCURRENCY = 48;
export const MAX_CONCURRENCY = 64;

/** Credentials. Kept under their own key so that exports and diagnostics can never include them by accident. */
export interface StoredSecrets {
  notionToken: string;
  geminiKey: string;
  openaiKey: string;
  anthropicKey: string;
  /** Optional for local servers (Ollama accepts any non-empty string). */
  compatibleKey: string;
}

/** Which secret each engine needs; null = the engine needs no key. */
export const ENGINE_SECRET: Record<EngineId, keyof StoredSecrets | null> = {
  gemini: "geminiKey",
  openai: "openaiKey",
  anthropic: "anthropicKey",
  compatible: "compatibleKey",
  builtin: null,
};

export const DEFAULT_MODELS: Record<EngineId, string> = {
  gemini: "gemini-flash-latest",
  openai: "gpt-5.6-mini",
  anthropic: "claude-sonnet-4-6",
  // Local servers name models freely; the user picks one from the server's list.
  compatible: "",
  builtin: "gemini-nano",
};

/**
 * Starting estimates for the Usage tab. They are placeholders the user is asked
 * to check against the provider's pricing page, not facts Inkwell vouches for.
 */
export function defaultPriceEstimates(): PriceEstimate[] {
  return [
    { model: "gemini-flash*", inputPerMillion: 0.3, outputPerMillion: 2.5 },
    { model: "gemini-*pro*", inputPerMillion: 1.25, outputPerMillion: 10 },
    { model: "gpt-5.6-mini*", inputPerMillion: 0.25, outputPerMillion: 2 },
    { model: "gpt-*", inputPerMillion: 1.25, outputPerMillion: 10 },
    { model: "claude-*", inputPerMillion: 3, outputPerMillion: 15 },
  ];
}

export function defaultSettings(): StoredSettings {
  return {
    engine: "gemini",
    models: { ...DEFAULT_MODELS },
    connectionsDatabaseUrl: "",
    concurrency: DEFAULT_CONCURRENCY,
    compatibleBaseUrl: "",
    usage: { prices: defaultPriceEstimates(), monthlyBudget: null },
  };
}

export function emptySecrets(): StoredSecrets {
  return { notionToken: "", geminiKey: "", openaiKey: "", anthropicKey: "", compatibleKey: "" };
}
