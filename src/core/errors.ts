/**
 * Error classification: every failure a user can hit maps to a code, a clear
 * message that says what to do, and whether retrying can help. Pure: callers
 * pass the facts (HTTP status, provider error code) they extracted.
 */
import type { ErrorCode, SerializedError } from "../shared/errors";
import type { NotionTokenKind } from "../shared/storage/schema";

export type { ErrorCode, SerializedError } from "../shared/errors";

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
  "In Notion, open it (a database as a full page), click ••• (top right) → Connections, and add your integration. Sharing a page also shares everything inside it.";

/**
 * Who Inkwell acts as in Notion, as far as the advice in error messages needs it. The two
 * kinds of token are sent the same way (`Authorization: Bearer …`) and their prefixes prove
 * nothing: GET /v1/users/me says which one it is.
 */
export interface NotionAccess {
  kind: NotionTokenKind;
  /** The integration's name, or the person's; omitted when unknown. */
  name?: string;
}

/**
 * What to tell the user when Notion answers 404 for `what`. Notion gives the
 * same answer for "doesn't exist" and "this token can't see it"; what the user
 * can do about the second depends on the token:
 * - an internal integration sees only what was shared with it (••• → Connections);
 * - a personal access token sees exactly what its person can open in Notion,
 *   so there is nothing to share with Inkwell: the page is gone, or that person has no access.
 * Unknown access (the token not checked yet) gets the integration advice, the older and commoner case.
 */
export function notFoundAdvice(what: string, access?: NotionAccess): string {
  if (access?.kind === "personal") {
    const who = access.name ? access.name : "the person who created your personal access token";
    return `Notion can't find ${what}: it doesn't exist (deleted, or a wrong link), or ${who} has no access to it. A personal access token sees exactly what its person can open in Notion, so there is nothing to share with Inkwell: check the link, or ask the page's owner to give ${access.name ? "you" : "that person"} access.`;
  }
  if (!access?.name) return `Notion can't find ${what}, or it isn't shared with your integration. ${NOTION_SHARE_STEPS}`;
  return `Notion can't find ${what}, or it isn't shared with your integration “${access.name}”. ${NOTION_SHARE_STEPS.replace("your integration", `“${access.name}”`)}`;
}

/**
 * Notion's Free-plan block limit, in the terms of developers.notion.com/reference/workspace-block-limits:
 * Free workspaces with more than one member may create 1,000 blocks in their lifetime; the write that
 * reaches the limit starts a three-day grace period, after which every block-creating request fails with
 * 403 restricted_resource (reads, deletes and edits that create no blocks still work). Deleting blocks
 * does not restore capacity, and the limit does not apply to personal access tokens.
 */
export const BLOCK_LIMIT_ADVICE =
  "This Notion workspace has used up the Free plan's block limit: a Free workspace with more than one member can create 1,000 blocks in its lifetime, and Notion now refuses new content from integrations. Deleting blocks doesn't free any room. To go on: upgrade the workspace to a paid plan, write into a workspace on a paid plan or with a single member, or use a personal access token instead of the integration secret (Notion doesn't apply this limit to personal access tokens). Retrying won't help.";

const UNAUTHORIZED_ADVICE: Record<NotionTokenKind | "unknown", string> = {
  integration:
    "Notion rejected the integration secret. Copy it again from notion.so/profile/integrations (your integration → Configuration → Internal integration secret) and save it in Settings.",
  personal:
    "Notion rejected the personal access token (revoked, expired, or copied incompletely?). Notion shows a token only once: create a new one at notion.so/developers/tokens and save it in Settings.",
  unknown:
    "Notion rejected this token. Copy it again: an integration secret from notion.so/profile/integrations (your integration → Configuration → Internal integration secret), or a personal access token from notion.so/developers/tokens (shown only once: create a new one if needed). Then save it in Settings.",
};

export interface NotionErrorFacts {
  status: number;
  /** Notion's `code` field, e.g. "object_not_found". */
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
}

/** Maps a Notion API error response to what the user should read and do; `access` tailors the advice to the token kind. */
export function classifyNotionError(facts: NotionErrorFacts, what = "this page", access?: NotionAccess): InkwellError {
  const { status, code = "", message = "" } = facts;
  if (status === 401 || code === "unauthorized") {
    return new InkwellError("notion_unauthorized", UNAUTHORIZED_ADVICE[access?.kind ?? "unknown"]);
  }
  if (status === 404 || code === "object_not_found") {
    return new InkwellError("notion_not_shared", notFoundAdvice(what, access));
  }
  // Checked before the other 403s: the block limit is a 403 restricted_resource too, and its advice differs.
  if (isBlockLimitMessage(message)) {
    return new InkwellError("notion_block_limit", BLOCK_LIMIT_ADVICE);
  }
  if (status === 403 || code === "restricted_resource") {
    return new InkwellError(
      "notion_restricted",
      access?.kind === "personal"
        ? "Notion refused this action: your personal access token can only do what its person may do in Notion. Ask the page's owner for edit access (Share → Can edit), then try again."
        : "Your integration lacks a capability for this action. In notion.so/profile/integrations → your integration → Capabilities, enable Read, Update and Insert content.",
    );
  }
  if (status === 429 || code === "rate_limited") {
    return new InkwellError("notion_rate_limited", "Notion asked us to slow down. Inkwell waits and carries on.", {
      retryable: true,
      ...(facts.retryAfterSeconds !== undefined ? { retryAfterSeconds: facts.retryAfterSeconds } : {}),
    });
  }
  if (status === 409 || code === "conflict_error") {
    return new InkwellError("notion_conflict", "Notion reported a conflicting edit. Inkwell retries it.", { retryable: true });
  }
  if (status >= 500) {
    return new InkwellError("notion_unavailable", `Notion is having trouble right now (HTTP ${status}). Try again in a few minutes.`, { retryable: true });
  }
  if (status === 400 && code === "validation_error" && /can't edit block that is archived/i.test(message)) {
    return new InkwellError(
      "notion_in_trash",
      `${what.charAt(0).toUpperCase()}${what.slice(1)} is in Notion's trash (or inside a page that is), so Notion refuses changes. In Notion, open Trash in the sidebar, restore it, then try again.`,
    );
  }
  if (status === 400 && code === "validation_error") {
    return new InkwellError("notion_validation", `Notion refused the request: ${message}`);
  }
  return new InkwellError("internal", `Notion answered with an unexpected error (HTTP ${status}${code ? `, ${code}` : ""}).`);
}

/** Notion's documentation gives no machine-readable field for the block limit, so the message is what tells it apart. */
function isBlockLimitMessage(message: string): boolean {
  return /block (usage )?limit/i.test(message);
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

/**
 * A failed write to the browser's storage. Chrome says "QUOTA_BYTES quota
 * exceeded" (storage.local holds 10 MB without `unlimitedStorage`), Firefox
 * raises a QuotaExceededError; anything else is reported as it is.
 */
export function storageWriteError(error: unknown): InkwellError {
  if (error instanceof InkwellError) return error;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  const full = /quota|QUOTA_BYTES/i.test(text);
  return new InkwellError(
    "storage_failed",
    full
      ? "Inkwell's storage in this browser is full, so it stopped rather than go on without saving its progress. What was already written to Notion stays. Delete connections you no longer need, then run again."
      : "Inkwell couldn't save its progress in the browser's storage, so it stopped rather than go on without it. What was already written to Notion stays. Try again; if it keeps failing, restart the browser.",
    { cause: error },
  );
}
