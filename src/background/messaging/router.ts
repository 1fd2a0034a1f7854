import type { Runtime } from "webextension-polyfill";
import * as v from "valibot";
import { InkwellError, toInkwellError } from "../../core/errors";
import { redactSecrets } from "../../core/redact";
import { contentRequestSchemas, pageRequestSchemas } from "../../shared/protocol/schemas";
import type { ContentRequestPayload, ContentRequestType, ContentResponses, PageRequestPayload, PageRequestType, PageResponses, Reply } from "../../shared/protocol/types";
import { classifySender, type SenderKind } from "./sender";

export type PageHandlers = {
  [K in PageRequestType]: (payload: PageRequestPayload<K>, sender: Runtime.MessageSender) => Promise<PageResponses[K]>;
};
export type ContentHandlers = {
  [K in ContentRequestType]: (payload: ContentRequestPayload<K>, sender: Runtime.MessageSender) => Promise<ContentResponses[K]>;
};

export interface RouterOptions {
  extensionId: string;
  extensionOrigin: string;
  /** Handlers for Inkwell's own pages (popup, options). */
  page: PageHandlers;
  /** Handlers for the content script in a Notion tab. */
  content: ContentHandlers;
  /** Awaited before any handler runs (storage migrations). */
  ready: Promise<unknown>;
  /** Current secrets, so that no error text can echo one back. */
  knownSecrets: () => Promise<readonly string[]>;
  log?: (message: string) => void;
  /** Every failed request, already scrubbed (the diagnostics error log); context is the message type. */
  recordError?: (entry: { code: string; message: string; context: string }) => void;
}

type AnyHandler = (payload: unknown, sender: Runtime.MessageSender) => Promise<unknown>;
const SCHEMAS: Record<SenderKind, Record<string, v.GenericSchema>> = { "extension-page": pageRequestSchemas, "content-script": contentRequestSchemas };

/**
 * Returns the runtime.onMessage listener. Every message is checked for its
 * sender, its type (within what that sender may send) and the shape of its
 * payload before a handler sees it. Replies are `Reply<T>` envelopes; errors
 * are classified and scrubbed of secrets.
 */
export function createMessageListener(options: RouterOptions) {
  const handlers: Record<SenderKind, Record<string, AnyHandler>> = {
    "extension-page": options.page as unknown as Record<string, AnyHandler>,
    "content-script": options.content as unknown as Record<string, AnyHandler>,
  };

  async function dispatch(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
    try {
      const kind = classifySender(sender, options.extensionId, options.extensionOrigin);
      if (!kind) throw new InkwellError("invalid_input", "Message refused: unknown sender.");
      if (!isEnvelope(message)) throw new InkwellError("invalid_input", "Message refused: malformed envelope.");
      const schema = Object.hasOwn(SCHEMAS[kind], message.type) ? SCHEMAS[kind][message.type] : undefined;
      const handler = Object.hasOwn(handlers[kind], message.type) ? handlers[kind][message.type] : undefined;
      if (!schema || !handler) throw new InkwellError("invalid_input", `Message refused: "${message.type}" is not allowed from this sender.`);
      const parsed = v.safeParse(schema, message.payload);
      if (!parsed.success) throw new InkwellError("invalid_input", `Message refused: invalid payload for "${message.type}".`);
      await options.ready;
      return { ok: true, value: await handler(parsed.output, sender) };
    } catch (error) {
      const classified = toInkwellError(error);
      // Keys typed but not yet saved (Settings' Test buttons, a save) aren't among the known ones, yet an
      // error (an SDK's, a server's reply) may echo them: they are scrubbed too, from the reply and the error log.
      const secrets = [...(await options.knownSecrets().catch(() => [])), ...secretsTypedIn(message)];
      const safe = { ...classified.toJSON(), message: redactSecrets(classified.message, secrets) };
      if (safe.code === "internal" || safe.code === "invalid_input") options.log?.(`request failed: ${safe.code}: ${safe.message}`);
      try {
        options.recordError?.({ code: safe.code, message: safe.message, context: isEnvelope(message) ? message.type.slice(0, 100) : "(malformed message)" });
      } catch {
        // Logging must never change the reply.
      }
      return { ok: false, error: safe };
    }
  }

  // Returning a promise from the listener is how webextension-polyfill (and
  // Firefox natively) sends an asynchronous reply.
  return (message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> => dispatch(message, sender);
}

/** The keys a page's request carries: `notion.check`'s secret, `ai.models`' apiKey, and `settings.save`'s patch.secrets. */
function secretsTypedIn(message: unknown): string[] {
  if (!isEnvelope(message) || typeof message.payload !== "object" || message.payload === null) return [];
  const payload = message.payload as { secret?: unknown; apiKey?: unknown; patch?: { secrets?: unknown } };
  const patchSecrets = typeof payload.patch?.secrets === "object" && payload.patch.secrets !== null ? Object.values(payload.patch.secrets) : [];
  return [payload.secret, payload.apiKey, ...patchSecrets].flatMap((value) => (typeof value === "string" ? [value, value.trim()] : []));
}

function isEnvelope(message: unknown): message is { type: string; payload: unknown } {
  return typeof message === "object" && message !== null && typeof (message as { type?: unknown }).type === "string";
}
