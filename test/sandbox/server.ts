import { createSecureServer } from "node:http2";
import { createServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import { tlsRequestListener, type Handler, type SandboxProtocol } from "./http";
import { sandboxCertificate, SANDBOX_HOSTS, ALL_SANDBOX_HOSTNAMES } from "./tls";
import { NotionEmulator, type NotionEmulatorOptions } from "./notion/emulator";
import { GeminiEmulator } from "./ai/gemini";
import { OpenAIEmulator } from "./ai/openai";
import { AnthropicEmulator, type AnthropicEmulatorOptions } from "./ai/anthropic";
import { LocalAiServer, type LocalAiServerOptions } from "./ai/local-server";
import type { EmulatorOptions as AiEmulatorOptions } from "./ai/core";
import { FakeNotionApp } from "./web/fake-notion-app";

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * "h2" (default): HTTP/2 like api.notion.com, HTTP/1.1 for clients that ask
   * for it. "http/1.1": HTTP/1.1 only, like a network that downgrades (where a
   * browser may silently resend a write whose connection dropped).
   */
  protocol?: SandboxProtocol;
  notion?: NotionEmulatorOptions;
  gemini?: AiEmulatorOptions;
  openai?: AiEmulatorOptions;
  anthropic?: AnthropicEmulatorOptions;
  /** The local OpenAI-compatible server ("openai-compatible" mode unless told otherwise). */
  localAi?: LocalAiServerOptions;
}

export interface Sandbox {
  port: number;
  protocol: SandboxProtocol;
  notion: NotionEmulator;
  gemini: GeminiEmulator;
  openai: OpenAIEmulator;
  anthropic: AnthropicEmulator;
  /**
   * A local model server on plain HTTP at 127.0.0.1 (its own random port, not
   * behind the HTTPS router): point the extension at `localAi.baseUrl`.
   */
  localAi: LocalAiServer;
  web: FakeNotionApp;
  /** Ids the fake Notion app lists on its home screen and sidebar (mutable: seeding adds to it). */
  homeIds: string[];
  /** The --host-resolver-rules value that sends every real hostname here. */
  hostResolverRules: string;
  close(): Promise<void>;
}

/**
 * One local HTTPS server that answers for Notion's API and web app, Gemini,
 * OpenAI and Anthropic, routing on the Host header, with a certificate
 * generated at start-up; plus a plain-HTTP local model server (localAi).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const notion = new NotionEmulator(options.notion);
  const gemini = new GeminiEmulator(options.gemini);
  const openai = new OpenAIEmulator(options.openai);
  const anthropic = new AnthropicEmulator(options.anthropic);
  const localAi = new LocalAiServer(options.localAi);
  const homeIds: string[] = [];
  const web = new FakeNotionApp(notion, { home: () => homeIds });

  const routes = new Map<string, Handler>([
    [SANDBOX_HOSTS.notionApi, notion.handle],
    [SANDBOX_HOSTS.gemini, gemini.handle],
    [SANDBOX_HOSTS.openai, openai.handle],
    [SANDBOX_HOSTS.anthropic, anthropic.handle],
    ...SANDBOX_HOSTS.notionWeb.map((host) => [host, web.handle] as [string, Handler]),
  ]);

  const { key, cert } = await sandboxCertificate();
  const protocol = options.protocol ?? "h2";
  const route: Handler = (req, res) => {
    const host = (req.headers[":authority"] ?? req.headers.host ?? "").toString().replace(/:\d+$/, "").toLowerCase();
    const handler = routes.get(host);
    if (!handler) {
      res.writeHead(421, { "content-type": "text/plain" });
      res.end(`The Inkwell sandbox does not serve ${host || "this host"}.`);
      return;
    }
    return handler(req, res);
  };
  const listener = tlsRequestListener(route, (error) => console.error("sandbox handler crashed", error));
  const server: Server = protocol === "h2" ? createSecureServer({ key, cert, allowHTTP1: true }, listener as never) : createServer({ key, cert }, listener);
  // Every TLS connection (an HTTP/2 session's included), so close() can end them all at once.
  const open = new Set<{ destroy(): void }>();
  server.on("secureConnection", (socket: { destroy(): void; on(event: string, fn: () => void): void }) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await localAi.listen();

  return {
    port,
    protocol,
    notion,
    gemini,
    openai,
    anthropic,
    localAi,
    web,
    homeIds,
    hostResolverRules: ALL_SANDBOX_HOSTNAMES.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(", "),
    async close() {
      web.close();
      await localAi.close();
      for (const item of open) item.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
