import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Handler } from "./http";
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
  notion?: NotionEmulatorOptions;
  gemini?: AiEmulatorOptions;
  openai?: AiEmulatorOptions;
  anthropic?: AnthropicEmulatorOptions;
  /** The local OpenAI-compatible server ("openai-compatible" mode unless told otherwise). */
  localAi?: LocalAiServerOptions;
}

export interface Sandbox {
  port: number;
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
  const server: Server = createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const handler = routes.get(host);
    if (!handler) {
      res.writeHead(421, { "content-type": "text/plain" });
      res.end(`The Inkwell sandbox does not serve ${host || "this host"}.`);
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      console.error(`sandbox handler for ${host} crashed`, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await localAi.listen();

  return {
    port,
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
