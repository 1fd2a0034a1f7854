import { constants as http2Constants } from "node:http2";
import type { ServerResponse } from "node:http";

/**
 * Server-sent events over a Node response. Google terminates each event with
 * CRLF CRLF (`data: {...}\r\n\r\n`), OpenAI with LF LF and names its Responses
 * events (`event: response.created\ndata: {...}\n\n`); both are valid SSE and
 * the writer serves either.
 */
export interface SseOptions {
  lineEnding: "\r\n" | "\n";
  headers?: Record<string, string>;
}

export class SseWriter {
  private readonly eol: string;
  /** Settles when the last write has been handed to the socket. */
  private flushed: Promise<void> = Promise.resolve();

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseOptions,
  ) {
    this.eol = options.lineEnding;
  }

  /** True once the client has gone away (or the stream was cut or ended). */
  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  open(): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      ...this.options.headers,
    });
    // Send the headers now rather than with the first event, so that clients see
    // the response start even when the first token is slow.
    this.res.flushHeaders();
  }

  /** Writes one event; `data` is serialized as JSON unless it is already a string (e.g. "[DONE]"). */
  send(data: unknown, event?: string): void {
    if (this.closed) return;
    this.open();
    const payload = typeof data === "string" ? data : JSON.stringify(data);
    const lines = event === undefined ? [] : [`event: ${event}`];
    lines.push(`data: ${payload}`);
    const chunk = lines.join(this.eol) + this.eol + this.eol;
    this.flushed = new Promise((resolve) => this.res.write(chunk, () => resolve()));
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  /**
   * Fault injection: drops the connection without the final event, after what
   * was already written has been handed to the socket, so the client receives
   * a partial answer followed by a transport error.
   */
  async cut(): Promise<void> {
    if (this.closed) return;
    this.open();
    await this.flushed;
    // Ending the socket (not the response) flushes whatever it still buffers
    // (the head, a TLS record) and then closes it: the body stops without its
    // terminating chunk, which clients report as a broken stream. A bare
    // destroy() could discard those buffered bytes, notably over TLS.
    // Over HTTP/2, the stream is reset instead: ending the socket would end every other stream on it.
    const stream = (this.res as unknown as { stream?: { close(code: number): void } }).stream;
    if (stream) return void stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
    const socket = this.res.socket;
    if (!socket) return void this.res.destroy();
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}
