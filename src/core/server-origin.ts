/**
 * Pure helpers about a user-given model server's origin, shared by the worker's
 * OpenAI-compatible engine and by Settings (which asks for the permission and
 * shows Ollama's set-up advice). No SDK here, so the pages stay small.
 */

export const SERVER_PRESETS = [
  { name: "Ollama", baseUrl: "http://localhost:11434/v1" },
  { name: "LM Studio", baseUrl: "http://localhost:1234/v1" },
] as const;

/**
 * "http://localhost:11434/v1" → "http://localhost/*": what the host permission
 * is asked for (Settings) and checked for (the worker). Null when not an
 * http(s) URL. No port, on purpose: Firefox's match patterns refuse one (so a
 * server on a port could never be granted there), and in Chrome a pattern
 * without a port matches every port. Granting the whole host is the price.
 */
export function hostPermissionPattern(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? `${url.protocol}//${url.hostname}/*` : null;
  } catch {
    return null;
  }
}

/**
 * The address as messages may show it: without a user name or password, which
 * would otherwise reach run errors, the connections database and the error
 * log. Settings refuses such addresses; this is the backstop.
 */
export function displayAddress(baseUrl: string): string {
  try {
    const url = new URL(baseUrl.trim());
    if (!url.username && !url.password) return baseUrl;
    url.username = "";
    url.password = "";
    return url.href.replace(/\/+$/, "");
  } catch {
    return withoutCredentials(baseUrl);
  }
}

/** Any text with the "user:pass@" part of the URLs in it removed ("https://u:p@host/v1" → "https://host/v1"). */
export function withoutCredentials(text: string): string {
  return text.replace(/(\/\/)[^/?#\s]*@/g, "$1");
}

/** "http://localhost:11434": the server's origin, as permission messages name it (never with credentials). Null when not a URL. */
export function serverOrigin(baseUrl: string): string | null {
  try {
    const { origin } = new URL(baseUrl.trim());
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The value Ollama's OLLAMA_ORIGINS must hold for this extension. Chrome's
 * origin is fixed by the extension id; Firefox gives each install its own
 * moz-extension UUID, so a wildcard is the advice that survives a reinstall.
 */
export function ollamaOriginsValue(extensionOrigin: string | undefined): string {
  const origin = (extensionOrigin ?? "").replace(/\/+$/, "");
  if (origin.startsWith("moz-extension://")) return "moz-extension://*";
  return origin || "chrome-extension://*";
}

/** The exact fix for Ollama's origin check, for this extension. */
export function originBlockedMessage(extensionOrigin: string | undefined): string {
  const value = ollamaOriginsValue(extensionOrigin);
  return (
    `Ollama is refusing requests from the extension. Quit Ollama and start it with OLLAMA_ORIGINS=${value} ollama serve ` +
    `(on macOS: launchctl setenv OLLAMA_ORIGINS "${value}" then restart Ollama).`
  );
}
