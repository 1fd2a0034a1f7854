import browser from "webextension-polyfill";
import type { SerializedError } from "../shared/errors";
import type { PageRequestPayload, PageRequestType, PageResponses, Reply } from "../shared/protocol/types";

/** An error the worker reported, with its user-facing message and code. */
export class WorkerError extends Error {
  constructor(readonly detail: SerializedError) {
    super(detail.message);
    this.name = "WorkerError";
  }
}

/** Sends one typed request from an extension page to the worker. */
export async function request<K extends PageRequestType>(type: K, payload: PageRequestPayload<K>): Promise<PageResponses[K]> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<PageResponses[K]> | undefined;
  if (!reply) throw new WorkerError({ code: "internal", message: "Inkwell's background worker did not answer. Reload the extension.", retryable: true });
  if (!reply.ok) throw new WorkerError(reply.error);
  return reply.value;
}

export function errorMessage(error: unknown): string {
  if (error instanceof WorkerError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The worker's error code ("edit_conflict", "budget_reached"…), or "" for anything else. */
export function errorCode(error: unknown): string {
  return error instanceof WorkerError ? error.detail.code : "";
}
