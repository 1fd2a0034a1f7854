/**
 * Anthropic API error bodies: `{ type: "error", error: { type, message },
 * request_id }` (the request id is also the `request-id` header). The SDK maps
 * the status to a class (400 BadRequestError, 401 AuthenticationError, 404
 * NotFoundError, 429 RateLimitError, 529 OverloadedError) and exposes
 * `error.type` as `type`. Inside a stream the same error arrives as an
 * `event: error` whose data is `{ type: "error", error: { type, message } }`.
 */
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

export interface AnthropicError {
  status: number;
  type: AnthropicErrorType;
  message: string;
  headers?: Record<string, string>;
}

function error(status: number, type: AnthropicErrorType, message: string, headers?: Record<string, string>): AnthropicError {
  return { status, type, message, ...(headers ? { headers } : {}) };
}

/** The wire body; `requestId` is the one the response's `request-id` header carries. */
export function errorBody(e: Pick<AnthropicError, "type" | "message">, requestId?: string): Record<string, unknown> {
  return { type: "error", error: { type: e.type, message: e.message }, ...(requestId ? { request_id: requestId } : {}) };
}

export function missingKey(): AnthropicError {
  return error(401, "authentication_error", "x-api-key header is required");
}

export function invalidKey(): AnthropicError {
  return error(401, "authentication_error", "invalid x-api-key");
}

/** A browser request (it has an Origin) without the opt-in header: refused before anything else, and without CORS headers. */
export function corsNotAllowed(): AnthropicError {
  return error(401, "authentication_error", "CORS requests must set 'anthropic-dangerous-direct-browser-access' header");
}

export function missingVersion(): AnthropicError {
  return error(400, "invalid_request_error", "anthropic-version: header is required");
}

export function invalidVersion(version: string): AnthropicError {
  return error(400, "invalid_request_error", `anthropic-version: invalid version '${version}'`);
}

export function invalidRequest(message: string): AnthropicError {
  return error(400, "invalid_request_error", message);
}

export function fieldRequired(field: string): AnthropicError {
  return error(400, "invalid_request_error", `${field}: Field required`);
}

export function invalidJson(): AnthropicError {
  return error(400, "invalid_request_error", "There was an error parsing the body of your request. Please verify that it is valid JSON.");
}

export function modelNotFound(model: string): AnthropicError {
  return error(404, "not_found_error", `model: ${model}`);
}

export function notFound(): AnthropicError {
  return error(404, "not_found_error", "Not Found");
}

export function maxTokensTooLarge(maxTokens: number, limit: number, model: string): AnthropicError {
  return error(400, "invalid_request_error", `max_tokens: ${maxTokens} > ${limit}, which is the maximum allowed number of output tokens for ${model}`);
}

/** Billing: a 400, not a 429, and retrying does not help. */
export function creditBalanceTooLow(): AnthropicError {
  return error(
    400,
    "invalid_request_error",
    "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
  );
}

/** Requests-per-minute limit: retrying after `retry-after` seconds helps. */
export function rateLimited(rpm: number, retryAfterMs: number, resetAt: Date): AnthropicError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return error(
    429,
    "rate_limit_error",
    `This request would exceed the rate limit for your organization (org-inkwell-emulator) of ${rpm} requests per minute. ` +
      "For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. " +
      "Please reduce the prompt length or the maximum tokens requested, or try again later.",
    {
      "retry-after": String(seconds),
      "anthropic-ratelimit-requests-limit": String(rpm),
      "anthropic-ratelimit-requests-remaining": "0",
      "anthropic-ratelimit-requests-reset": resetAt.toISOString().replace(/\.\d{3}Z$/u, "Z"),
    },
  );
}

/** Transient load across all users (status 529, which the SDK maps to OverloadedError). */
export function overloaded(): AnthropicError {
  return error(529, "overloaded_error", "Overloaded");
}
