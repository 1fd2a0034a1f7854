/** The errors the scheduler hands to callers, and what failed in an attempt. */

/** What failed: an HTTP status, a dropped connection, or no answer in time. */
export type FailureStatus = number | "network" | "timeout";

/**
 * A write failed in a way that doesn't tell whether Notion applied it (a 5xx
 * or a lost connection). It was not resent: check what Notion holds first.
 */
export class AmbiguousWriteError extends Error {
  override readonly name = "AmbiguousWriteError";
  readonly method: string;
  /** API path without query, e.g. /v1/blocks/<id>/children. */
  readonly path: string;
  readonly status: FailureStatus;
  /** Notion's error code when the answer had one, e.g. "service_unavailable". */
  readonly code?: string;

  constructor(facts: { method: string; path: string; status: FailureStatus; code?: string; cause?: unknown }) {
    const what = typeof facts.status === "number" ? `HTTP ${facts.status}${facts.code ? ` ${facts.code}` : ""}` : facts.status === "timeout" ? "no answer in time" : "the connection failed";
    super(`Notion may or may not have applied ${facts.method} ${facts.path} (${what}); it was not sent again.`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.method = facts.method;
    this.path = facts.path;
    this.status = facts.status;
    if (facts.code !== undefined) this.code = facts.code;
  }
}

/** An attempt got no answer within `timeoutMs`. The code makes isOfflineError() classify it. */
export class NotionTimeoutError extends Error {
  override readonly name = "TimeoutError";
  readonly code = "notionhq_client_request_timeout";
}

export function abortError(): DOMException {
  return new DOMException("The Notion request was aborted.", "AbortError");
}
