/**
 * Gemini API error bodies, as generativelanguage.googleapis.com sends them:
 * `{ error: { code, message, status, details? } }` (google.rpc.Status). The
 * SDK turns any of these into `ApiError { status, message: <the JSON body> }`.
 */
export interface GeminiError {
  status: number;
  body: { error: { code: number; message: string; status: string; details?: unknown[] } };
}

function error(code: number, status: string, message: string, details?: unknown[]): GeminiError {
  return { status: code, body: { error: { code, message, status, ...(details ? { details } : {}) } } };
}

const SERVICE = "generativelanguage.googleapis.com";
const RATE_LIMITS_DOC = "https://ai.google.dev/gemini-api/docs/rate-limits";

/** A key that does not exist: 400 (not 401), reason API_KEY_INVALID. */
export function invalidKey(): GeminiError {
  const message = "API key not valid. Please pass a valid API key.";
  return error(400, "INVALID_ARGUMENT", message, [
    { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: SERVICE } },
    { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message },
  ]);
}

/** No key at all: Google treats the caller as unidentified. */
export function missingKey(): GeminiError {
  return error(
    403,
    "PERMISSION_DENIED",
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

/**
 * 429 RESOURCE_EXHAUSTED with QuotaFailure, Help and RetryInfo. The same shape
 * serves the per-day quota (retrying in `retryDelay` does not help until the
 * day rolls over) and the per-minute limit (retryDelay is meaningful).
 */
export function quotaExceeded(model: string, window: "day" | "minute", limit: number, retryAfterMs: number): GeminiError {
  const metric = `${SERVICE}/generate_content_free_tier_requests`;
  const seconds = retryAfterMs / 1000;
  const message =
    "You exceeded your current quota, please check your plan and billing details. " +
    `For more information on this error, head to: ${RATE_LIMITS_DOC}. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n` +
    `* Quota exceeded for metric: ${metric}, limit: ${limit}, model: ${model}\n` +
    `Please retry in ${seconds.toFixed(2)}s.`;
  return error(429, "RESOURCE_EXHAUSTED", message, [
    {
      "@type": "type.googleapis.com/google.rpc.QuotaFailure",
      violations: [
        {
          quotaMetric: metric,
          quotaId: window === "day" ? "GenerateRequestsPerDayPerProjectPerModel-FreeTier" : "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
          quotaDimensions: { location: "global", model },
          quotaValue: String(limit),
        },
      ],
    },
    { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: RATE_LIMITS_DOC }] },
    // Google rounds the delay down in RetryInfo ("41.39s" in the message, "41s" here).
    { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${Math.max(1, Math.floor(seconds))}s` },
  ]);
}

export function modelNotFound(model: string, apiVersion: string, method?: string): GeminiError {
  const message = method
    ? `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`
    : `models/${model} is not found for API version ${apiVersion}.`;
  return error(404, "NOT_FOUND", message);
}

export function invalidArgument(message: string): GeminiError {
  return error(400, "INVALID_ARGUMENT", message);
}

export function invalidJson(): GeminiError {
  return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.", [
    { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ description: "Invalid JSON payload received. Unexpected token." }] },
  ]);
}

export function methodNotFound(): GeminiError {
  return error(404, "NOT_FOUND", "Method not found.");
}

/** The most common transient failure in practice. */
export function overloaded(): GeminiError {
  return error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
}
