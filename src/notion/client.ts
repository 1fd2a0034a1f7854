import { Client, LogLevel } from "@notionhq/client";
import { NotionScheduler, type Priority, type SchedulerEvent } from "./scheduler";

/**
 * The Notion API version Inkwell is written against. Pinned explicitly so a new
 * SDK default can't change request or response shapes under us. 2026-03-11 is
 * the first version with `position` for block appends and `in_trash`.
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

export function createNotionClient(token: string, options: { signal?: AbortSignal; priority?: Priority } = {}): Client {
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
