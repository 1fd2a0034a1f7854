/**
 * OpenAI API error bodies: `{ error: { message, type, param, code } }`. The SDK
 * maps the status to a class (401 AuthenticationError, 404 NotFoundError, 429
 * RateLimitError, ...) and copies `code`, `type` and `param` onto the error.
 */
export interface OpenAIError {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
  headers?: Record<string, string>;
}

function error(status: number, message: string, type: string, param: string | null, code: string | null, headers?: Record<string, string>): OpenAIError {
  return { status, body: { error: { message, type, param, code } }, ...(headers ? { headers } : {}) };
}

/**
 * How OpenAI echoes a wrong key: enough to recognise it, not enough to use
 * it. Project keys keep their "sk-proj-" prefix; others show 5 characters;
 * both show the last 4; short keys are fully starred.
 */
export function maskKey(key: string): string {
  if (key.length < 12) return "*".repeat(key.length);
  const head = key.startsWith("sk-proj-") ? "sk-proj-" : key.slice(0, 5);
  const tail = key.slice(-4);
  return head + "*".repeat(Math.max(3, key.length - head.length - tail.length)) + tail;
}

export function invalidKey(key: string): OpenAIError {
  return error(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    "invalid_request_error",
    null,
    "invalid_api_key",
  );
}

export function missingKey(): OpenAIError {
  return error(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    "invalid_request_error",
    null,
    null,
  );
}

/** Billing problem: retrying does not help. */
export function insufficientQuota(): OpenAIError {
  return error(
    429,
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
    "insufficient_quota",
    null,
    "insufficient_quota",
  );
}

/** Requests-per-minute limit: retrying after `retry-after` seconds helps. */
export function rateLimited(model: string, rpm: number, retryAfterMs: number): OpenAIError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return error(
    429,
    `Rate limit reached for ${model} in organization org-inkwell-emulator on requests per min (RPM): Limit ${rpm}, Used ${rpm}, Requested 1. ` +
      `Please try again in ${seconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    "requests",
    null,
    "rate_limit_exceeded",
    {
      "retry-after": String(seconds),
      "x-ratelimit-limit-requests": String(rpm),
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": `${seconds}s`,
    },
  );
}

export function modelNotFound(model: string): OpenAIError {
  return error(404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", null, "model_not_found");
}

/** An embedding model sent to Chat Completions. */
export function notAChatModel(): OpenAIError {
  return error(
    404,
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
    "invalid_request_error",
    "model",
    null,
  );
}

/** An embedding model sent to the Responses API (wording approximated). */
export function notAResponsesModel(model: string): OpenAIError {
  return error(400, `The requested model '${model}' is not supported with the Responses API.`, "invalid_request_error", "model", null);
}

export function invalidUrl(method: string, path: string): OpenAIError {
  return error(404, `Invalid URL (${method} ${path})`, "invalid_request_error", null, null);
}

export function missingParameter(param: string): OpenAIError {
  return error(400, `Missing required parameter: '${param}'.`, "invalid_request_error", param, "missing_required_parameter");
}

export function belowMinimum(param: string, min: number, got: unknown): OpenAIError {
  return error(
    400,
    `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${JSON.stringify(got)} instead.`,
    "invalid_request_error",
    param,
    "integer_below_min_value",
  );
}

export function invalidValue(param: string, message: string): OpenAIError {
  return error(400, message, "invalid_request_error", param, "invalid_value");
}

export function invalidJson(): OpenAIError {
  return error(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    "invalid_request_error",
    null,
    null,
  );
}

/** Transient overload (wording approximated; the status and type are what clients act on). */
export function overloaded(): OpenAIError {
  return error(503, "The engine is currently overloaded, please try again later.", "server_error", null, null);
}
