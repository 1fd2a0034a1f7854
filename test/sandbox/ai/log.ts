import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What the emulator saw and did, per request, for assertions and for printing
 * when a test fails. Keys never appear: the entry holds the key's label, and a
 * `key=` query parameter is redacted from the recorded path.
 */
export type Outcome =
  /** The response was sent in full (whatever its status). */
  | "complete"
  /** The client went away before the response ended. */
  | "aborted"
  /** The emulator dropped the connection mid-stream (fault injection). */
  | "cut";

export interface LogEntry {
  seq: number;
  /** Wall-clock time the request arrived (ms since the epoch). */
  time: number;
  method: string;
  /** Path and query, with any `key=` value redacted. */
  path: string;
  model?: string;
  /** Label of the API key used ("(none)" when missing); never the key. */
  key: string;
  /** Parsed JSON body (or raw text when not JSON); undefined for bodiless requests. */
  body?: unknown;
  /** HTTP status sent (0 until the head is written). */
  status: number;
  /** Undefined while the request is still being served. */
  outcome?: Outcome;
  /** Output tokens sent to the client (generation requests). */
  tokensSent?: number;
  durationMs?: number;
}

export function redactPath(url: string): string {
  return url.replace(/([?&]key=)[^&]*/giu, "$1REDACTED");
}

export class RequestLog {
  private readonly list: LogEntry[] = [];
  private seq = 0;

  get entries(): readonly LogEntry[] {
    return this.list;
  }

  clear(): void {
    this.list.length = 0;
  }

  /** Records a request and finalizes its entry when the response closes. */
  start(req: IncomingMessage, res: ServerResponse): LogEntry {
    const started = performance.now();
    const entry: LogEntry = {
      seq: ++this.seq,
      time: Date.now(),
      method: req.method ?? "GET",
      path: redactPath(req.url ?? "/"),
      key: "(none)",
      status: 0,
    };
    this.list.push(entry);
    res.on("close", () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      entry.durationMs = Math.round(performance.now() - started);
      entry.outcome ??= res.writableFinished ? "complete" : "aborted";
    });
    return entry;
  }

  /** One line per request, e.g. `#3 POST /v1/responses gpt-5.6 key=demo 200 complete 12 tokens 41ms`. */
  format(): string {
    return this.list
      .map((e) =>
        [
          `#${e.seq}`,
          e.method,
          e.path,
          e.model ?? "-",
          `key=${e.key}`,
          e.status || "-",
          e.outcome ?? "pending",
          e.tokensSent === undefined ? "" : `${e.tokensSent} tokens`,
          e.durationMs === undefined ? "" : `${e.durationMs}ms`,
        ]
          .filter(Boolean)
          .join(" "),
      )
      .join("\n");
  }
}
