/**
 * Error classification: every failure a user can hit maps to a code, a clear
 * message that says what to do, and whether retrying can help. Pure: callers
 * pass the facts (HTTP status, provider error code) they extracted.
 */

export type ErrorCode =
  | "invalid_input"
  | "not_configured"
  | "offline"
  | "notion_unauthorized"
  | "notion_not_shared"
  | "notion_rate_limited"
  | "notion_unavailable"
  | "notion_validation"
  | "notion_block_limit"
  | "notion_restricted"
  | "notion_conflict"
  | "ai_invalid_key"
  | "ai_quota_exhausted"
  | "ai_rate_limited"
  | "ai_model_not_found"
  | "ai_unavailable"
  | "ai_stream_interrupted"
  /** The model answered with nothing at all. */
  | "ai_empty_answer"
  | "ai_origin_blocked"
  | "ai_permission_needed"
  | "ai_input_too_long"
  | "ai_unsupported"
  | "budget_reached"
  | "edit_conflict"
  /** A save of a connection that was deleted (it is in Inkwell's trash, restorable for a day). */
  | "connection_deleted"
  | "cancelled"
  | "internal";

export interface SerializedError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** Seconds to wait before retrying, when the service said so. */
  retryAfterSeconds?: number;
}

export class InkwellError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "InkwellError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toJSON(): SerializedError {
    const json: SerializedError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.retryAfterSeconds !== undefined) json.retryAfterSeconds = this.retryAfterSeconds;
    return json;
  }
}

export const NOTION_SHARE_STEPS =
  "In Notion, open it, click ••• (top right) → Connections, and add your integration. Sharing a page also shares everything inside it.";

export interface NotionErrorFacts {
  status: number;
  /** Notion's `code` field, e.g. "object_not_found". */
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
}

/** Maps a Notion API error response to what the user should read and do. */
export function classifyNotionError(facts: NotionErrorFacts, what = "this page"): InkwellError {
  const { status, code = "", message = "" } = facts;
  if (status === 401 || code === "unauthorized") {
    return new InkwellError(
      "notion_unauthorized",
      "Notion rejected the integration secret. Copy it again from notion.so/profile/integrations (your integration → Configuration → Internal integration secret) and save it in Settings.",
    );
  }
  if (status === 404 || code === "object_not_found") {
    return new InkwellError("notion_not_shared", `Notion can't find ${what}, or it isn't shared with your integration. ${NOTION_SHARE_STEPS}`);
  }
  if (status === 403 || code === "restricted_resource") {
    return new InkwellError(
      "notion_restricted",
      "Your integration lacks a capability for this action. In notion.so/profile/integrations → your integration → Capabilities, enable Read, Update and Insert content.",
    );
  }
  if (status === 429 || code === "rate_limited") {
    return new InkwellError("notion_rate_limited", "Notion asked us to slow down. Inkwell waits and carries on.", {
      retryable: true,
      ...(facts.retryAfterSeconds !== undefined ? { retryAfterSeconds: facts.retryAfterSeconds } : {}),
    });
  }
  if (isBlockLimitMessage(message)) {
    return new InkwellError(
      "notion_block_limit",
      "This Notion workspace has reached the free plan's block limit, so Notion refuses new content. Upgrade the workspace or write into a workspace on a paid plan; retrying won't help.",
    );
  }
  if (status === 409 || code === "conflict_error") {
    return new InkwellError("notion_conflict", "Notion reported a conflicting edit. Inkwell retries it.", { retryable: true });
  }
  if (status >= 500) {
    return new InkwellError("notion_unavailable", `Notion is having trouble right now (HTTP ${status}). Try again in a few minutes.`, { retryable: true });
  }
  if (status === 400 && code === "validation_error") {
    return new InkwellError("notion_validation", `Notion refused the request: ${message}`);
  }
  return new InkwellError("internal", `Notion answered with an unexpected error (HTTP ${status}${code ? `, ${code}` : ""}).`);
}

function isBlockLimitMessage(message: string): boolean {
  return /block limit/i.test(message);
}

/** Anything thrown that is not already classified becomes a generic internal error, with its text scrubbed by the caller. */
export function toInkwellError(error: unknown): InkwellError {
  if (error instanceof InkwellError) return error;
  if (isOfflineError(error)) {
    return new InkwellError("offline", "Can't reach the service. Check your internet connection and try again.", { retryable: true });
  }
  if (isAbortError(error)) return new InkwellError("cancelled", "Cancelled.");
  const message = error instanceof Error ? error.message : String(error);
  return new InkwellError("internal", `Something went wrong: ${message}`);
}

export function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/** fetch() rejects with a TypeError ("Failed to fetch" / "NetworkError …" / "fetch failed") when the network is down. */
export function isOfflineError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TypeError" && /fetch|network/i.test(error.message)) return true;
  const code = (error as { code?: unknown }).code;
  return code === "notionhq_client_request_timeout" || code === "ECONNREFUSED" || code === "ENOTFOUND";
}
