/**
 * The error vocabulary shared by every context: the worker classifies failures
 * into these codes (core/errors.ts) and sends them to pages and the content
 * script as SerializedError inside a Reply.
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
  /** The model declined to answer (a safety refusal), reported as such. */
  | "ai_refused"
  /** A structured answer that still broke its schema after the one corrective retry. */
  | "ai_invalid_answer"
  | "ai_origin_blocked"
  | "ai_permission_needed"
  | "ai_input_too_long"
  | "ai_unsupported"
  | "budget_reached"
  | "edit_conflict"
  /** A save of a connection that was deleted (it is in Inkwell's trash, restorable for a day). */
  | "connection_deleted"
  | "cancelled"
  /** A save to the browser's storage failed (usually: Inkwell's storage quota is full). */
  | "storage_failed"
  /** Keys can't be stored out of content scripts' reach (the extension's IndexedDB refused). */
  | "secrets_unprotected"
  /** The page or database is in Notion's trash. */
  | "notion_in_trash"
  | "internal";

export interface SerializedError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** Seconds to wait before retrying, when the service said so. */
  retryAfterSeconds?: number;
}
