import { Client, LogLevel } from "@notionhq/client";
import type { NotionBlock } from "../../src/core/markdown";
import { NOTION_VERSION } from "../../src/notion/client";
import { NotionScheduler } from "../../src/notion/scheduler";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator, type NotionEmulatorOptions } from "../sandbox/notion/emulator";

export const TOKEN = "ntn_integrationTestToken000000000000000";

export interface NotionUnderTest {
  notion: NotionEmulator;
  server: Listening;
  scheduler: NotionScheduler;
  /** An SDK client wired exactly as the extension wires it (scheduler fetch, no SDK retries), pointed at the emulator. */
  client: Client;
  close(): Promise<void>;
}

/** The Notion emulator with its real limits (rate limit on by default) and a client configured like the extension's. */
export async function notionUnderTest(options: NotionEmulatorOptions = {}, scheduler = new NotionScheduler({ baseDelayMs: 50, maxDelayMs: 400 })): Promise<NotionUnderTest> {
  const notion = new NotionEmulator(options);
  notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
  const server = await listenHttp(notion.handle);
  const client = new Client({
    auth: TOKEN,
    baseUrl: server.url,
    notionVersion: NOTION_VERSION,
    logLevel: LogLevel.ERROR,
    logger: () => {},
    ...scheduler.clientOptions(),
  });
  return { notion, server, scheduler, client, close: () => server.close() };
}

/** Flattens a page's block tree into "type:text" lines with indentation, for order- and duplicate-sensitive assertions. */
export function outline(blocks: { type: string; children?: unknown[]; [key: string]: unknown }[], depth = 0): string[] {
  return blocks.flatMap((block) => {
    const payload = block[block.type] as { rich_text?: { plain_text?: string }[] } | undefined;
    const text = (payload?.rich_text ?? []).map((item) => item.plain_text ?? "").join("");
    return [`${"  ".repeat(depth)}${block.type}:${text}`, ...outline((block.children ?? []) as never, depth + 1)];
  });
}

/** The same outline for block requests (what the converter produced). */
export function requestOutline(blocks: unknown[], depth = 0): string[] {
  return blocks.flatMap((raw) => {
    const block = raw as Record<string, { rich_text?: { text?: { content?: string }; equation?: { expression?: string } }[]; children?: unknown[] }> & { type?: string };
    const type = block.type ?? Object.keys(block).find((key) => key !== "object" && key !== "type")!;
    const payload = block[type] ?? {};
    const text = (payload.rich_text ?? []).map((item) => item.text?.content ?? item.equation?.expression ?? "").join("");
    return [`${"  ".repeat(depth)}${type}:${text}`, ...requestOutline(payload.children ?? [], depth + 1)];
  });
}

/** A client for the emulator at `baseUrl` whose scheduler barely waits (500 requests/s, retries after 5–20 ms), sending through `fetchImpl`. */
export function fastClient(baseUrl: string, fetchImpl: typeof fetch, options: { maxConcurrent?: number } = {}): Client {
  const scheduler = new NotionScheduler({ ratePerSecond: 500, burst: 100, ...options, baseDelayMs: 5, maxDelayMs: 20, fetch: fetchImpl });
  return new Client({ auth: TOKEN, baseUrl, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR, logger: () => {}, ...scheduler.clientOptions() });
}

/** Rich text of one plain run. */
export const richText = (content: string) => [{ type: "text" as const, text: { content } }];

/** An unchecked to-do block. */
export const task = (content: string) => ({ type: "to_do", to_do: { rich_text: richText(content), checked: false } }) as unknown as NotionBlock;

/** A bulleted list item, with nested `children` if any. */
export const item = (content: string, children: NotionBlock[] = []) =>
  ({ type: "bulleted_list_item", bulleted_list_item: { rich_text: richText(content), ...(children.length ? { children } : {}) } }) as unknown as NotionBlock;
