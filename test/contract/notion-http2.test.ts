/**
 * The emulator over TLS like api.notion.com: HTTP/2 (negotiated by ALPN, with
 * HTTP/1.1 still served to clients that ask for it) or HTTP/1.1 only. A
 * connection dropped after a write was applied resets only that request's
 * stream over HTTP/2; over HTTP/1.1 the connection closes (a keep-alive
 * browser may then resend the request by itself).
 */
import { Client, LogLevel } from "@notionhq/client";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenTls, type Listening, type SandboxProtocol } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { sandboxCertificate } from "../sandbox/tls";

const TOKEN = "ntn_contractHttp2000000000000000000000000";

describe.each<SandboxProtocol>(["h2", "http/1.1"])("Notion emulator served over %s", (protocol) => {
  let notion: NotionEmulator;
  let server: Listening;
  let agent: Agent;
  let client: Client;
  let seen: string[];

  beforeAll(async () => {
    notion = new NotionEmulator({ rateLimit: false });
    notion.addIntegration({ token: TOKEN, name: "Contract" });
    seen = [];
    server = await listenTls(
      (req, res) => {
        seen.push(req.httpVersion);
        return notion.handle(req, res);
      },
      await sandboxCertificate(),
      protocol,
    );
    agent = new Agent({ allowH2: true, connect: { rejectUnauthorized: false } });
    const fetchOverAgent = ((input: string, init: object) => undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch;
    client = new Client({ auth: TOKEN, baseUrl: server.url, notionVersion: "2026-03-11", logLevel: LogLevel.ERROR, logger: () => {}, fetch: fetchOverAgent, retry: false } as never);
  });
  afterAll(async () => {
    await server.close();
    await agent.close();
  });

  it("answers the official SDK, over the protocol a client offering both negotiates", async () => {
    const me = await client.users.me({});
    expect(me.object).toBe("user");
    expect(seen.at(-1)).toBe(protocol === "h2" ? "2.0" : "1.1");
  });

  it("a drop after commit applies the write and fails only that request", async () => {
    const pageId = notion.createPage({ title: "Drops", sharedWith: [TOKEN] });
    notion.injectFault({ kind: "drop", timing: "after", method: "PATCH", path: /\/children$/ });
    await expect(client.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: [{ text: { content: "once" } }] } }] })).rejects.toThrow();
    expect(notion.blockTree(pageId).map((block) => block.type)).toEqual(["paragraph"]);
    // The connection (HTTP/1.1) or the session (HTTP/2) goes on serving.
    expect((await client.blocks.children.list({ block_id: pageId })).results).toHaveLength(1);
  });
});
