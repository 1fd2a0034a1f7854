import type { ContentRequestPayload, ContentRequestType, ContentResponses, Reply } from "../shared/protocol";

// The content script deliberately avoids webextension-polyfill and zod to stay
// tiny: in MV3 both Chrome and Firefox return promises from chrome.runtime.sendMessage.
declare const browser: typeof chrome | undefined;
const runtime = (typeof browser !== "undefined" ? browser : chrome).runtime;

export async function askWorker<K extends ContentRequestType>(type: K, payload: ContentRequestPayload<K>): Promise<ContentResponses[K]> {
  const reply = (await runtime.sendMessage({ type, payload })) as Reply<ContentResponses[K]> | undefined;
  if (!reply?.ok) throw new Error(reply?.error.message ?? "Inkwell's background worker did not answer.");
  return reply.value;
}
