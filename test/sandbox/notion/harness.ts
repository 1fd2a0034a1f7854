/**
 * A Notion emulator on a plain-HTTP port plus an official SDK client pointed at
 * it, for contract tests and for other suites that need a Notion to talk to.
 * Rate limiting is off unless asked for, so suites are fast by default.
 */
import { Client, LogLevel } from "@notionhq/client";
import { listenHttp, type Listening } from "../http";
import { NotionEmulator, type NotionEmulatorOptions } from "./emulator";

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

export const TEST_TOKEN = "ntn_test_inkwell_0000000000000000";

export interface NotionHarness {
  notion: NotionEmulator;
  server: Listening;
  token: string;
  /** A client for `token` (default TEST_TOKEN) with Notion-Version 2026-03-11 and no retries unless overridden. */
  client(options?: Partial<ClientOptions>): Client;
  close(): Promise<void>;
}

export async function startNotion(options: NotionEmulatorOptions = {}): Promise<NotionHarness> {
  const notion = new NotionEmulator({ rateLimit: false, ...options });
  notion.addIntegration({ token: TEST_TOKEN, name: "Inkwell" });
  const server = await listenHttp(notion.handle);
  return {
    notion,
    server,
    token: TEST_TOKEN,
    client: (clientOptions = {}) =>
      new Client({ auth: TEST_TOKEN, baseUrl: server.url, notionVersion: "2026-03-11", retry: false, logLevel: LogLevel.ERROR, ...clientOptions }),
    close: () => server.close(),
  };
}

type Json = Record<string, unknown>;

/** Paragraph block request with one text item. */
export function paragraph(text: string): { paragraph: { rich_text: { text: { content: string } }[] } } {
  return { paragraph: { rich_text: [{ text: { content: text } }] } };
}

/** Plain text of a ViewBlock or block JSON's rich_text. */
export function blockText(block: Json): string {
  const data = block[block.type as string] as { rich_text?: { plain_text: string }[] } | undefined;
  return (data?.rich_text ?? []).map((t) => t.plain_text).join("");
}
