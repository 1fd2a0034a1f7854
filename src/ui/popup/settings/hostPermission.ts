import browser from "webextension-polyfill";
import { hostPermissionPattern, serverOrigin, withoutCredentials } from "../../../core/server-origin";

/**
 * Asks the browser for access to a model server's host (every port: see
 * hostPermissionPattern, the same pattern the worker checks). Call it straight
 * from a click or submit handler, before any await: browsers only show the
 * prompt during a user gesture (Firefox is strict about it). Resolves false
 * when the user refuses; null when the address isn't an http(s) URL.
 */
export function requestHostPermission(baseUrl: string): Promise<boolean> | null {
  const pattern = hostPermissionPattern(baseUrl);
  if (!pattern) return null;
  rememberAsking(pattern, baseUrl);
  try {
    return browser.permissions.request({ origins: [pattern] }).then(
      (granted) => {
        forgetAsking();
        return granted;
      },
      () => {
        forgetAsking();
        return false;
      },
    );
  } catch {
    forgetAsking();
    return Promise.resolve(false);
  }
}

/**
 * Firefox closes its toolbar popup when the permission prompt opens, and then
 * drops the user's answer: the request belonged to the closed page. So the
 * page notes what it is asking for (in the extension origin's localStorage,
 * shared by the popup and the options page) until an answer arrives. A note
 * left behind, for a host still not granted, means the answer was lost. The
 * note keeps the address that was typed, so that the closed popup's unsaved
 * address isn't lost with it; only its origin and path, never a user name,
 * password or query (no secret in it).
 */
const ASKING_KEY = "inkwell.hostPermissionAsked";

/** A permission request whose answer never reached an extension page. */
export interface LostPermissionRequest {
  /** The host pattern asked for, e.g. "http://localhost/*". */
  pattern: string;
  /** The server address typed when asking, without credentials, query or fragment. */
  address: string;
}

function rememberAsking(pattern: string, baseUrl: string): void {
  let address: string;
  try {
    const url = new URL(baseUrl.trim());
    address = `${url.origin}${url.pathname}`.replace(/\/+$/, "");
  } catch {
    return;
  }
  try {
    globalThis.localStorage?.setItem(ASKING_KEY, JSON.stringify({ pattern, address } satisfies LostPermissionRequest));
  } catch {
    // Without localStorage the lost answer can't be explained; asking still works.
  }
}

/** Forgets the note: an answer arrived, or the user saved or cleared Settings without asking, so it no longer applies. */
export function forgetAsking(): void {
  try {
    globalThis.localStorage?.removeItem(ASKING_KEY);
  } catch {
    // As above.
  }
}

/**
 * The permission request whose answer never reached an extension page (the
 * page closed while the browser asked), when its host is still not granted;
 * null otherwise.
 */
export async function lostPermissionRequest(): Promise<LostPermissionRequest | null> {
  let note: Partial<LostPermissionRequest> | null;
  try {
    note = JSON.parse(globalThis.localStorage?.getItem(ASKING_KEY) ?? "null") as Partial<LostPermissionRequest> | null;
  } catch {
    return null;
  }
  if (typeof note?.pattern !== "string" || typeof note.address !== "string") return null;
  const { pattern, address } = note;
  if (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) {
    forgetAsking();
    return null;
  }
  return { pattern, address };
}

/** Opens Settings in a tab of its own (the options page), where a permission prompt doesn't close the page that asked. */
export function openSettingsInTab(): void {
  void browser.tabs.create({ url: browser.runtime.getURL("options.html#settings") });
}

/** Why the permission matters, for when it was refused. */
export function permissionRefusedMessage(baseUrl: string): string {
  const origin = serverOrigin(baseUrl) ?? withoutCredentials(baseUrl);
  return `Inkwell can't reach ${origin} without your permission: the browser blocks extensions from talking to a server you haven't allowed. Press Check server and choose Allow (Inkwell asks for this address only).`;
}
