/**
 * Which of Notion's limits a refusal names: `429 rate_limited` carries
 * `additional_data.rate_limit_reason` (this connection, or the workspace
 * shared by all its connections; other values may appear), and
 * `529 service_overload` is Notion itself being overloaded.
 */
import type { RateLimitScope } from "../shared/storage/schema";

export type { RateLimitScope };

export const CONNECTION_LIMIT_REASON = "public_api_request_rate_limit";
export const WORKSPACE_LIMIT_REASON = "public_api_space_request_rate_limit";

/** The scope of a 429/529 from its status and `additional_data.rate_limit_reason`. */
export function rateLimitScope(status: number, reason: unknown): RateLimitScope {
  if (status === 529) return "overload";
  if (reason === CONNECTION_LIMIT_REASON) return "connection";
  if (reason === WORKSPACE_LIMIT_REASON) return "workspace";
  return "unknown";
}

/** `additional_data.rate_limit_reason` of a Notion error body (JSON text), when there is one. */
export function rateLimitReason(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { additional_data?: { rate_limit_reason?: unknown } };
    const reason = parsed?.additional_data?.rate_limit_reason;
    return typeof reason === "string" && /^[a-z_]{1,80}$/.test(reason) ? reason : undefined;
  } catch {
    return undefined;
  }
}
