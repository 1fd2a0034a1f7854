import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { constants as http2Constants, createSecureServer, type Http2ServerResponse } from "node:http2";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

/** Every emulator is a plain Node request handler, so the same code serves the
 * HTTPS sandbox (routed by Host) and the plain-HTTP servers of contract tests. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Listening {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves one handler on plain HTTP at 127.0.0.1 on a free port. */
export async function listenHttp(handler: Handler): Promise<Listening> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      console.error("sandbox handler crashed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("sandbox handler crashed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Which HTTP versions a TLS server offers: "h2" (default, like api.notion.com)
 * negotiates HTTP/2 by ALPN and still serves HTTP/1.1 clients; "http/1.1"
 * serves HTTP/1.1 only, as behind a TLS-inspecting proxy that downgrades.
 */
export type SandboxProtocol = "h2" | "http/1.1";

/** Wraps a handler for a server that may hand it HTTP/1.1 or HTTP/2 (compatibility API) exchanges. */
export function tlsRequestListener(handler: Handler, onCrash: (error: unknown) => void = (error) => console.error("sandbox handler crashed", error)) {
  return (req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      onCrash(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  };
}

/** Serves one handler over TLS at 127.0.0.1 on a free port (certificate from `tls.ts`). */
export async function listenTls(handler: Handler, credentials: { key: string; cert: string }, protocol: SandboxProtocol = "h2"): Promise<Listening> {
  const listener = tlsRequestListener(handler);
  const server =
    protocol === "h2"
      ? createSecureServer({ ...credentials, allowHTTP1: true }, listener as never)
      : createHttpsServer(credentials, listener);
  const sockets = new Set<{ destroy(): void }>();
  server.on("secureConnection", (socket: { destroy(): void; on(event: string, fn: () => void): void }) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Whether this exchange is HTTP/2 (served through the compatibility API). */
export function isHttp2(req: IncomingMessage): boolean {
  return req.httpVersionMajor === 2;
}

/**
 * Ends an exchange with no (further) answer: over HTTP/1.1 the connection is
 * destroyed (a keep-alive client may then silently send the request again on a
 * new one, as Chromium does); over HTTP/2 the stream is reset, which the
 * client sees as a network error for that request only.
 */
export function dropExchange(res: ServerResponse): void {
  const stream = (res as unknown as Partial<Http2ServerResponse>).stream;
  if (stream) stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
  else res.socket?.destroy();
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
