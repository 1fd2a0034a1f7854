/**
 * Pure helpers about a user-given model server's origin, shared by the worker's
 * OpenAI-compatible engine and by Settings (which asks for the permission and
 * shows Ollama's set-up advice). No SDK here, so the pages stay small.
 */

export const SERVER_PRESETS = [
  { name: "Ollama", baseUrl: "http://localhost:11434/v1" },
  { name: "LM Studio", baseUrl: "http://localhost:1234/v1" },
] as const;

/** "http://localhost:11434/v1" → "http://localhost:11434/*": what the host permission is asked and checked for. Null when not an http(s) URL. */
export function hostPermissionPattern(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? `${url.origin}/*` : null;
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
