import { Client, LogLevel } from "@notionhq/client";
import { NotionScheduler, type Priority, type SchedulerEvent } from "./scheduler";

/**
 * The Notion API version Inkwell is written against. Pinned explicitly so a new
 * SDK default can't change request or response shapes under us. 2026-03-11 is
 * the first version with `position` for block appends and `in_trash`.
 *
 * 2026-12-01 exists, but the newest @notionhq/client (5.26.0, checked December
 * 2026) doesn't support it yet: its default is still 2025-09-03 and its types know
 * neither `markdown_version` nor the new markdown positions. Its upgrade guide has
 * every change made on 2026-03-11 first, so that switching the header is the last
 * step; Inkwell has made the ones that concern it:
 * - lists of pages ask for the properties they read (`filter_properties`, by id):
 *   database runs, the prompt preview, the setup preview, the connections-database import;
 * - a person's `name` may be null: names fall back to the email (property-text.ts)
 *   or to the token kind (identity.ts).
 * The others don't concern it: no status-group filters, and of the markdown endpoints only
 * GET /v1/pages/{id}/markdown is used (a page's content for a prompt, translated loosely and
 * read from the blocks instead wherever the endpoint is refused); no markdown is written.
 */
export const NOTION_VERSION = "2026-03-11";

type SchedulerListener = (event: SchedulerEvent) => void;
const listeners = new Set<SchedulerListener>();

/**
 * One scheduler for all of the extension's Notion traffic, whatever the job:
 * it keeps to Notion's rate limit, waits out Retry-After, retries what is safe
 * to repeat, and never resends a write whose outcome is unknown.
 */
export const notionScheduler = new NotionScheduler({
  onEvent: (event) => {
    for (const listener of listeners) listener(event);
  },
});

/** Subscribes to scheduler events (throttling, retries); returns the unsubscribe function. */
export function onNotionSchedulerEvent(listener: SchedulerListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A handle on Notion for the token it was made with. The worker only passes it
 * to the gateway's functions (src/notion), which alone call the SDK.
 */
export type NotionClient = Client;

export function createNotionClient(token: string, options: { signal?: AbortSignal; priority?: Priority } = {}): NotionClient {
  return new Client({
    auth: token,
    notionVersion: NOTION_VERSION,
    // The SDK's warn-level logs can include request details; errors reach the user through our own messages.
    logLevel: LogLevel.ERROR,
    logger: () => {},
    // fetch, retry: false and the timeout come from the scheduler: the SDK's own timer would start while a
    // request waits in our queue, and its retries would bypass the rate limit and the write-safety rules.
    ...notionScheduler.clientOptions(options),
  });
}
