import { OPEN_PANEL_MESSAGE, RUN_PROGRESS_PORT, TAKEOVER_MESSAGE } from "../shared/protocol/names";
import type { ContentRequestPayload, ContentRequestType, ContentResponses, Reply, RunSummary } from "../shared/protocol/types";

// The content script deliberately avoids webextension-polyfill and valibot to stay
// tiny: in MV3 both Chrome and Firefox return promises from runtime.sendMessage.
// It takes only types and the dependency-free names from the protocol, never its schemas.

/** Looked up on every call, so an extension reload (or a test) never leaves a stale reference behind. */
function runtime(): typeof chrome.runtime {
  const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
  return api.runtime;
}

export async function askWorker<K extends ContentRequestType>(type: K, payload: ContentRequestPayload<K>): Promise<ContentResponses[K]> {
  let reply: Reply<ContentResponses[K]> | undefined;
  let failure = "";
  try {
    reply = (await runtime().sendMessage({ type, payload })) as Reply<ContentResponses[K]> | undefined;
  } catch (error) {
    failure = errorMessage(error);
    if (/context invalidated/i.test(failure)) throw new Error("Inkwell was updated or reloaded: reload this tab to use it.", { cause: error });
  }
  if (!reply?.ok) throw new Error(reply?.error.message ?? `Inkwell's background worker did not answer${failure && ` (${failure})`}.`);
  return reply.value;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Follows a run's progress over a port: `onSummary` gets every RunSummary the
 * worker pushes, `onLost` fires if the port closes before we closed it (worker
 * restarted). Returns the function that closes it.
 */
export function followRun(runId: string, onSummary: (summary: RunSummary) => void, onLost: () => void): () => void {
  let closed = false;
  let port: chrome.runtime.Port;
  try {
    port = runtime().connect({ name: RUN_PROGRESS_PORT });
  } catch {
    queueMicrotask(onLost);
    return () => {};
  }
  port.onMessage.addListener((message: RunSummary) => {
    if (!closed && message?.runId === runId) onSummary(message);
  });
  port.onDisconnect.addListener(() => {
    void runtime().lastError; // read, so Chrome does not log it as unchecked
    if (!closed) {
      closed = true;
      onLost();
    }
  });
  port.postMessage({ runId });
  return () => {
    if (closed) return;
    closed = true;
    port.disconnect();
  };
}

/** False once the extension was reloaded or updated: this copy of the script is orphaned. */
export const extensionAlive = (): boolean => Boolean(runtime()?.id);

/**
 * The worker's messages to this tab: "open the panel" (keyboard command, context menu), and
 * "a newer copy of the script took over" (`copy` is the newer one's id; every other copy stops).
 * Only the extension can send these: unlike a DOM event, the page can't forge them.
 */
export function onWorkerMessages(copy: string, open: () => void, replaced: () => void, signal: AbortSignal): void {
  const listener = (message: unknown): undefined => {
    const { type, copy: newer } = (message ?? {}) as { type?: unknown; copy?: unknown };
    if (type === OPEN_PANEL_MESSAGE) open();
    if (type === TAKEOVER_MESSAGE && newer !== copy) replaced();
    return undefined;
  };
  const { onMessage } = runtime();
  onMessage.addListener(listener);
  signal.addEventListener("abort", () => onMessage.removeListener(listener), { once: true });
}
