/**
 * What the emulator received and answered, for assertions ("the client sent
 * exactly one append", "it honoured Retry-After"). Tokens are secrets even in
 * tests: entries name the integration, never the token.
 */
import type { FaultKind, FaultTiming } from "./faults";

export interface RequestLogEntry {
  /** The request_id the answer carried. */
  requestId: string;
  /** When the request arrived (epoch ms, emulator clock). */
  time: number;
  method: string;
  /** Path with query string, as received. */
  path: string;
  /** HTTP status answered, or "dropped" when the connection was cut. */
  status: number | "dropped";
  /** Error code of an error answer. */
  code?: string;
  /** Who the token acts as: the integration's name, or a personal token's person; "(none)" without a token, "(unknown token)" for a token the emulator does not know. */
  token: string;
  notionVersion: string | null;
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  fault?: { kind: FaultKind; timing: FaultTiming };
  durationMs: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /** Keeps the newest `limit` entries, so a long demo session does not hold every body it ever received. */
  constructor(private readonly limit: number) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
