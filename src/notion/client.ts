import { Client, LogLevel } from "@notionhq/client";

/**
 * The Notion API version Inkwell is written against. Pinned explicitly so a new
 * SDK default can't change request or response shapes under us. 2026-03-11 is
 * the first version with `position` for block appends and `in_trash`.
 */
export const NOTION_VERSION = "2026-03-11";

export function createNotionClient(token: string): Client {
  return new Client({
    auth: token,
    notionVersion: NOTION_VERSION,
    // Bound to globalThis: a detached `fetch` throws "Illegal invocation" in a service worker.
    fetch: (input, init) => globalThis.fetch(input, init),
    // The SDK's warn-level logs can include request details; errors reach the user through our own messages.
    logLevel: LogLevel.ERROR,
    logger: () => {},
    timeoutMs: 60_000,
  });
}
