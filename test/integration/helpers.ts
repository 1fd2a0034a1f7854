import { Client, LogLevel } from "@notionhq/client";
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
