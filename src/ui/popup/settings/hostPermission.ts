import browser from "webextension-polyfill";
import { hostPermissionPattern, serverOrigin, withoutCredentials } from "../../../ai/server-origin";

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
  try {
    return browser.permissions.request({ origins: [pattern] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** Why the permission matters, for when it was refused. */
export function permissionRefusedMessage(baseUrl: string): string {
  const origin = serverOrigin(baseUrl) ?? withoutCredentials(baseUrl);
  return `Inkwell can't reach ${origin} without your permission: the browser blocks extensions from talking to a server you haven't allowed. Press Check server and choose Allow (Inkwell asks for this address only).`;
}
