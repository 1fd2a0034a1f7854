import type { NotionAccess } from "../core/errors";

/**
 * Who the saved Notion token acts as, once known (GET /v1/users/me). Inkwell
 * holds one Notion token at a time, so the gateway keeps this one fact for the
 * advice in its error messages: "share it with the integration" is right for an
 * integration secret and wrong for a personal access token. Undefined until the
 * worker has learned it (the advice then assumes an integration, as before PATs).
 */
let current: NotionAccess | undefined;

export function setNotionAccess(access: NotionAccess | undefined): void {
  current = access;
}

export function currentNotionAccess(): NotionAccess | undefined {
  return current;
}
