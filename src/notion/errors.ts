import { APIResponseError, isNotionClientError } from "@notionhq/client";
import { classifyNotionError, InkwellError, isOfflineError, toInkwellError, type NotionAccess } from "../core/errors";
import { currentNotionAccess } from "./access";

/**
 * Turns whatever the Notion SDK threw into a classified InkwellError, with advice for the token kind in use:
 * the saved token's unless `access` says otherwise ("unknown": a token whose kind is what is being asked).
 */
export function fromNotionError(error: unknown, what?: string, access: NotionAccess | "unknown" | undefined = currentNotionAccess()): InkwellError {
  if (error instanceof InkwellError) return error;
  if (APIResponseError.isAPIResponseError(error)) {
    const retryAfter = Number(readHeader(error.headers, "retry-after"));
    return classifyNotionError(
      { status: error.status, code: error.code, message: error.message, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) },
      what,
      access === "unknown" ? undefined : access,
    );
  }
  if (isOfflineError(error) || (isNotionClientError(error) && error.code === "notionhq_client_request_timeout")) {
    return new InkwellError("offline", "Can't reach Notion. Check your internet connection and try again.", { retryable: true });
  }
  return toInkwellError(error);
}

/** The SDK types response headers loosely (a Headers object or a plain record, depending on the fetch used). */
function readHeader(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (typeof headers === "object" && headers !== null) {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}
