import type { Runtime } from "webextension-polyfill";
import { isNotionWebUrl } from "../../shared/notion-hosts";

/** Who sent a message: one of Inkwell's own pages (popup, options), or its content script in a Notion tab. */
export type SenderKind = "extension-page" | "content-script";

/**
 * Decides which protocol a message may use from who sent it. Extension pages
 * (popup, options) are trusted; a content script only counts when it runs in a
 * tab showing a Notion web page. Anything else (another extension, a web page
 * through externally_connectable, a frame elsewhere) is refused.
 */
export function classifySender(sender: Runtime.MessageSender, extensionId: string, extensionOrigin: string): SenderKind | null {
  if (sender.id !== extensionId) return null;
  const url = sender.url ?? "";
  if (url.startsWith(extensionOrigin)) return "extension-page";
  if (sender.tab?.id !== undefined && isNotionWebUrl(url) && isNotionWebUrl(sender.tab.url ?? url)) return "content-script";
  return null;
}
