/**
 * /__fake/events: Server-Sent Events telling open tabs that the workspace changed,
 * so the page refreshes as blocks arrive instead of polling.
 *
 * Writes come in bursts (a generation appends many blocks), so notifications are
 * coalesced: the first change arms a timer and everything until it fires becomes one
 * event. Unlike a resetting debounce this cannot starve while a long stream of
 * writes is still going, so a watcher sees content appear progressively.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WorkspaceView } from "../notion/workspace-view";

export class ChangeStream {
  private readonly clients = new Set<ServerResponse>();
  private unsubscribe: (() => void) | undefined;
  private pending: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly view: WorkspaceView,
    private readonly coalesceMs: number,
    private readonly heartbeatMs = 15_000,
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  connect(req: IncomingMessage, res: ServerResponse): void {
    if (this.closed) {
      res.writeHead(503, { "content-type": "text/plain" }).end("shutting down");
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      // HTTP/2 forbids connection-specific headers (its streams stay open anyway).
      ...(req.httpVersionMajor === 2 ? {} : { connection: "keep-alive" }),
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    // "hello" carries the current version so a reconnecting tab catches up on changes it missed.
    res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ version: this.view.version() })}\n\n`);
    this.clients.add(res);
    this.watch();
    req.on("close", () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.unwatch();
    });
  }

  /** Ends every stream and stops listening; later connections get 503. */
  close(): void {
    this.closed = true;
    this.unwatch();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  /** Subscribed only while someone listens, so an idle app adds no work to every write. */
  private watch(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.view.onChange(() => this.schedule());
    this.heartbeat = setInterval(() => this.send(": ping\n\n"), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private unwatch(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.pending);
    this.pending = undefined;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.send(`event: change\ndata: ${JSON.stringify({ version: this.view.version() })}\n\n`);
    }, this.coalesceMs);
  }

  private send(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
