/**
 * Notion's error responses: `{ object: "error", status, code, message, request_id }`.
 * Handlers throw `NotionError`; the emulator turns it into that body. Message
 * texts follow the forms Notion really uses (quoted in comments where known),
 * because clients match on them (e.g. "Can't edit block that is archived").
 */
export type ErrorCode =
  | "invalid_json"
  | "invalid_request_url"
  | "invalid_request"
  | "validation_error"
  | "missing_version"
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "conflict_error"
  | "rate_limited"
  | "internal_server_error"
  | "service_unavailable"
  | "service_overload"
  | "gateway_timeout";

export class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** `additional_data` of the body (e.g. a 429's `rate_limit_reason`). */
    readonly additionalData?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "NotionError";
  }
}

/** How Notion prints the offending value in "…, instead was `X`." */
export function shown(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** "body failed validation: <detail>" — the prefix Notion puts on every schema error of a request body. */
export function bodyInvalid(detail: string): NotionError {
  return new NotionError(400, "validation_error", `body failed validation: ${detail}`);
}

export function pathInvalid(detail: string): NotionError {
  return new NotionError(400, "validation_error", `path failed validation: ${detail}`);
}

export function validation(message: string): NotionError {
  return new NotionError(400, "validation_error", message);
}

/** e.g. "body.children.length should be ≤ `100`, instead was `191`." */
export function tooLong(path: string, limit: number, actual: number): NotionError {
  return bodyInvalid(`${path}.length should be ≤ \`${limit}\`, instead was \`${actual}\`.`);
}

export function notPresent(path: string, value: unknown): NotionError {
  return bodyInvalid(`${path} should be not present, instead was \`${shown(value)}\`.`);
}

export function shouldBeDefined(path: string): NotionError {
  return bodyInvalid(`${path} should be defined, instead was \`undefined\`.`);
}

export type ObjectKind = "page" | "block" | "database" | "data_source" | "user";

/** Notion answers the same 404 for "does not exist" and "not shared with this integration". */
export function notFound(kind: ObjectKind, id: string): NotionError {
  return new NotionError(
    404,
    "object_not_found",
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}

/** Notion's answer to any edit of a trashed block or page (the word "archived" predates "in_trash"). */
export function archivedBlock(): NotionError {
  return validation("Can't edit block that is archived. You must unarchive the block before editing.");
}
