/**
 * A fetch that answers from a handler, for driving the official SDKs in unit
 * tests without a server: canned JSON, canned SSE streams, refused
 * connections. The emulators (test/sandbox) cover the real HTTP path.
 */
import type { GenerationEvent } from "../../../src/ai/engine";

export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type Handler = (request: SeenRequest) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: typeof globalThis.fetch;
  requests: SeenRequest[];
}

export function fakeFetch(handler: Handler): FakeFetch {
  const requests: SeenRequest[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const text = typeof init.body === "string" ? init.body : "";
    const seen: SeenRequest = { method: (init.method ?? "GET").toUpperCase(), url, headers: new Headers(init.headers), body: text ? JSON.parse(text) : undefined };
    requests.push(seen);
    if (init.signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    return handler(seen);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A bare answer: a status and no body, the way Ollama's origin check refuses. */
export function bare(status: number): Response {
  return new Response(null, { status });
}

export interface SseEvent {
  event?: string;
  data: unknown;
}

/** An SSE response; `data` objects are JSON-encoded, strings sent as they are (e.g. "[DONE]"). */
export function sse(events: SseEvent[], options: { cutAfter?: number } = {}): Response {
  const chunks = events.slice(0, options.cutAfter ?? events.length).map(({ event, data }) => {
    const payload = typeof data === "string" ? data : JSON.stringify(data);
    return `${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`;
  });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

/** A fetch that can't connect, the way browsers report a refused connection. */
export function refused(): never {
  throw new TypeError("Failed to fetch");
}

/** Runs a stream to its end, returning its events or the error it threw. */
export async function drain<T>(stream: AsyncIterable<T>): Promise<{ events: T[]; error?: unknown }> {
  const events: T[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** The text deltas of a stream's events, in order. */
export function texts(events: readonly GenerationEvent[]): string[] {
  return events.flatMap((event) => (event.type === "text" ? [event.text] : []));
}
