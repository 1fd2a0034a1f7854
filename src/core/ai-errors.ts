/**
 * Classifies AI provider failures. Pure: the engine modules extract the HTTP
 * status and the provider's own error code/reason and pass them here.
 *
 * Quota exhaustion is never retried: Gemini's daily free-tier quota and
 * OpenAI's insufficient_quota (billing) don't come back by retrying soon.
 */
import { InkwellError } from "./errors";

export type AiProvider = "gemini" | "openai" | "anthropic" | "compatible";

export interface AiErrorFacts {
  provider: AiProvider;
  status?: number;
  /** Gemini `error.status` (e.g. RESOURCE_EXHAUSTED), OpenAI `error.code`/`error.type`, Anthropic `error.type`. */
  code?: string;
  /** The provider's own error text; read only where the code alone is ambiguous (Anthropic's 400s). */
  message?: string;
  /** Gemini `details[].reason` values, e.g. API_KEY_INVALID. */
  reasons?: string[];
  /** Gemini QuotaFailure `violations[].quotaId` values, e.g. GenerateRequestsPerMinutePerProjectPerModel-FreeTier. */
  quotaIds?: string[];
  retryAfterSeconds?: number;
  model?: string;
}

const PROVIDER_NAMES: Record<AiProvider, string> = { gemini: "Gemini", openai: "OpenAI", anthropic: "Claude", compatible: "The model server" };
const KEY_PAGES: Record<AiProvider, string> = {
  gemini: "aistudio.google.com/apikey",
  openai: "platform.openai.com/api-keys",
  anthropic: "console.anthropic.com/settings/keys",
  compatible: "your server's settings",
};

export function classifyAiError(facts: AiErrorFacts): InkwellError {
  const name = PROVIDER_NAMES[facts.provider];
  const { status = 0, code = "", reasons = [], message = "" } = facts;
  if (facts.provider === "compatible" && (status === 401 || status === 403 || code === "invalid_api_key")) {
    return new InkwellError(
      "ai_invalid_key",
      `The model server refused the request (HTTP ${status || 401}). Check the server's key in Settings (Ollama and LM Studio accept any key, or none) and that the server lets this extension in.`,
    );
  }
  if (reasons.includes("API_KEY_INVALID") || status === 401 || code === "invalid_api_key" || code === "authentication_error") {
    return new InkwellError("ai_invalid_key", `${name} rejected the API key. Create or copy a key at ${KEY_PAGES[facts.provider]} and save it in Settings.`);
  }
  // Anthropic says "Your credit balance is too low…" as a plain 400 invalid_request_error.
  if (facts.provider === "anthropic" && /credit balance/i.test(message)) {
    return new InkwellError(
      "ai_quota_exhausted",
      "Your Anthropic credit balance is too low. Add credit at console.anthropic.com/settings/billing; retrying won't help until then.",
    );
  }
  if (code === "insufficient_quota") {
    return new InkwellError(
      "ai_quota_exhausted",
      "Your OpenAI account has no quota left (billing). Add credit or raise the limit at platform.openai.com/settings/organization/billing; retrying won't help until then.",
    );
  }
  // Gemini answers every quota with the same 429; only a per-minute one comes back by waiting its RetryInfo.
  const quotaIds = facts.quotaIds ?? [];
  if (status === 429 && facts.provider === "gemini" && quotaIds.length > 0 && quotaIds.every((id) => /PerMinute/i.test(id))) {
    return new InkwellError("ai_rate_limited", `${name} is rate limiting this key (requests per minute). Inkwell waits and tries again.`, {
      retryable: true,
      ...(facts.retryAfterSeconds !== undefined ? { retryAfterSeconds: facts.retryAfterSeconds } : {}),
    });
  }
  if (status === 429 && (code === "RESOURCE_EXHAUSTED" || facts.provider === "gemini")) {
    return new InkwellError(
      "ai_quota_exhausted",
      "Gemini's quota for this key is used up (the free tier has daily limits). Wait for it to reset, or enable billing in Google AI Studio; Inkwell won't retry until then.",
      facts.retryAfterSeconds !== undefined ? { retryAfterSeconds: facts.retryAfterSeconds } : {},
    );
  }
  if (status === 429) {
    return new InkwellError("ai_rate_limited", `${name} is rate limiting this key. Inkwell waits and tries again.`, {
      retryable: true,
      ...(facts.retryAfterSeconds !== undefined ? { retryAfterSeconds: facts.retryAfterSeconds } : {}),
    });
  }
  if (status === 404 || code === "model_not_found" || code === "NOT_FOUND") {
    return new InkwellError("ai_model_not_found", `${name} has no model “${facts.model ?? "?"}” for this key. Pick another model in Settings.`);
  }
  if (status === 403 || code === "PERMISSION_DENIED") {
    return new InkwellError("ai_invalid_key", `${name} refused this key (permission denied). Check the key and its project's API access at ${KEY_PAGES[facts.provider]}.`);
  }
  if (status === 413 || code === "request_too_large") {
    return new InkwellError("ai_input_too_long", `The prompt is too large for ${name}. Shorten it (or the row's properties it includes) and try again.`);
  }
  if (status === 529 || code === "overloaded_error") {
    return new InkwellError("ai_unavailable", `${name} is overloaded right now. Inkwell tries again shortly.`, {
      retryable: true,
      ...(facts.retryAfterSeconds !== undefined ? { retryAfterSeconds: facts.retryAfterSeconds } : {}),
    });
  }
  if (status >= 500 || code === "api_error") {
    return new InkwellError("ai_unavailable", `${name} is having trouble right now${status ? ` (HTTP ${status})` : ""}. Try again in a minute.`, { retryable: true });
  }
  // A refused request (a too-high max tokens, a bad temperature…): the provider's own words say what to change.
  if (status === 400 && message && (facts.provider === "anthropic" || facts.provider === "compatible")) {
    return new InkwellError("invalid_input", `${name} refused the request: ${message}`);
  }
  return new InkwellError("internal", `${name} answered with an unexpected error${status ? ` (HTTP ${status})` : ""}${code ? `: ${code}` : ""}.`);
}

/** Parses "41s" / "1.5s" (Google's RetryInfo.retryDelay) into seconds. */
export function parseRetryDelay(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.ceil(Number(match[1])) : undefined;
}
