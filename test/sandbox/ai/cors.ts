import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Both providers answer browser calls (CORS) for key-based requests, which is
 * what lets an extension page or a worker call them directly. The emulators
 * mirror that: allow the calling origin and whatever headers it asks for.
 * Returns true when it fully handled a preflight.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, exposeHeaders: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "origin");
  if (exposeHeaders.length > 0) res.setHeader("access-control-expose-headers", exposeHeaders.join(", "));
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "3600",
  });
  res.end();
  return true;
}
