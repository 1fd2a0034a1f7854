/**
 * Admission: turns one fetch call (the SDK's input and init, the caller's
 * abort signals and an optional priority) into a Job that the queue can hold,
 * send again and abort, with a body that can be sent more than once.
 */
import { apiPath, isSafeToRepeat } from "../../core/retry-policy";
import { abortError } from "./errors";

/** Request header (removed before sending) that puts a request ahead of bulk work. */
export const PRIORITY_HEADER = "x-inkwell-priority";
export type Priority = "interactive" | "normal";

/** What a fetch made by fetchWith adds to every request. */
export interface Binding {
  priority?: Priority;
  signal?: AbortSignal;
}

export interface Job {
  method: string;
  path: string;
  url: string;
  init: RequestInit;
  safe: boolean;
  priority: Priority;
  /** Aborts when any of the caller's signals does. */
  abort: AbortController;
  /** Attempts sent, 429s included. */
  sends: number;
  /** Attempts that were not refused by the rate limit. */
  attempts: number;
  rateLimited: number;
  state: "queued" | "waiting" | "in-flight" | "done";
  resolve(response: Response): void;
  reject(error: unknown): void;
}

/** Where admitted jobs go: `enter` queues one, `leave` takes an aborted one out. */
export interface Admissions {
  enter(job: Job): void;
  leave(job: Job): void;
}

/** Admits one request; settles when its job is resolved or rejected (or aborted). */
export async function admit(input: RequestInfo | URL, init: RequestInit | undefined, bound: Binding, queue: Admissions): Promise<Response> {
  const signals = [init?.signal, isRequest(input) ? input.signal : undefined, bound.signal].filter((s): s is AbortSignal => s != null);
  if (signals.some((s) => s.aborted)) throw abortError();
  const request = await readRequest(input, init);
  const priority = request.headers.get(PRIORITY_HEADER) === "interactive" ? "interactive" : (bound.priority ?? "normal");
  request.headers.delete(PRIORITY_HEADER);
  const { signal: _callerSignal, ...rest } = init ?? {};
  return new Promise<Response>((resolve, reject) => {
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    for (const s of signals) s.addEventListener("abort", onAbort, { once: true });
    const unlink = () => signals.forEach((s) => s.removeEventListener("abort", onAbort));
    const job: Job = {
      method: request.method,
      path: apiPath(request.url),
      url: request.url,
      init: { ...rest, method: request.method, headers: request.headers, body: request.body },
      safe: isSafeToRepeat(request.method, request.url),
      priority,
      abort,
      sends: 0,
      attempts: 0,
      rateLimited: 0,
      state: "queued",
      resolve: (response) => {
        job.state = "done";
        unlink();
        resolve(response);
      },
      reject: (error) => {
        job.state = "done";
        unlink();
        reject(error);
      },
    };
    // Leaves the queue at once, so it never takes a token; an attempt on the wire is aborted with it.
    abort.signal.addEventListener("abort", () => {
      if (job.state === "done") return;
      queue.leave(job);
      job.reject(abortError());
    });
    // Aborted while the body was being read: never queue it.
    if (signals.some((s) => s.aborted)) return abort.abort();
    queue.enter(job);
  });
}

function isRequest(input: RequestInfo | URL): input is Request {
  return typeof Request !== "undefined" && input instanceof Request;
}

/** Method, URL, headers (a copy we may edit) and a body that can be sent more than once. */
async function readRequest(input: RequestInfo | URL, init: RequestInit | undefined) {
  const request = isRequest(input) ? input : undefined;
  const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const headers = new Headers(init?.headers ?? request?.headers);
  let body = init?.body;
  if (body == null && request?.body) body = await request.clone().arrayBuffer();
  return { method, url, headers, body: body ?? null };
}
