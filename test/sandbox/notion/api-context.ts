/**
 * What every endpoint handler gets: the workspace, the calling integration,
 * the API version's serializer and the emulator's current settings; plus the
 * lookups every handler shares (path ids, visibility, trash, pagination).
 */
import type { WriteContext } from "./blocks";
import { archivedBlock, bodyInvalid, notFound, notPresent, NotionError, pathInvalid, shown, validation, type ObjectKind } from "./errors";
import { normalizeId } from "./ids";
import { checkPageSize } from "./limits";
import { mentionResolver, type ApiVersion, type Serializer } from "./serialize";
import type { Integration, Json, Rec, Store } from "./store";

export interface Settings {
  /** Levels of `children` below the top-level blocks of one request (Notion: 2). */
  maxNestingDepth: number;
  /** Rows one query may page through before it reports `request_status: incomplete` (Notion: about 10,000). */
  queryResultCap: number;
  /** Lifetime blocks the workspace may create; null for no limit (paid plans). */
  blockLimit: number | null;
  /** Records GET /v1/pages/:id/markdown renders before the rest becomes `<unknown>` (Notion: about 20,000). */
  markdownRecordLimit: number;
  /** Whether GET /v1/pages/:id/markdown exists (false: answered like an unknown URL, as by a server without it). */
  markdownEndpoint: boolean;
}

export interface ApiContext {
  store: Store;
  integration: Integration;
  version: ApiVersion;
  ser: Serializer;
  settings: Settings;
}

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
}

export type EndpointHandler = (ctx: ApiContext, req: ApiRequest) => Json;

/** A path id, normalized; Notion's validator message otherwise. */
export function pathId(req: ApiRequest, name: string): string {
  const raw = req.params[name] ?? "";
  const id = normalizeId(raw);
  if (id === undefined) throw pathInvalid(`path.${name} should be a valid uuid, instead was \`${shown(raw)}\`.`);
  return id;
}

/** A body id (e.g. `parent.page_id`), normalized. */
export function bodyId(value: unknown, path: string): string {
  if (value === undefined) throw bodyInvalid(`${path} should be defined, instead was \`undefined\`.`);
  const id = normalizeId(value);
  if (id === undefined) throw bodyInvalid(`${path} should be a valid uuid, instead was \`${shown(value)}\`.`);
  return id;
}

/** The object if it exists and the integration can see it; Notion's 404 otherwise (same answer for both). */
export function visible(ctx: ApiContext, id: string, kind: ObjectKind): Rec {
  const rec = ctx.store.get(id);
  if (!rec || !ctx.store.canSee(ctx.integration, id)) throw notFound(kind, id);
  return rec;
}

export function writeContext(ctx: ApiContext): WriteContext {
  return {
    store: ctx.store,
    by: ctx.integration.id,
    now: ctx.store.nowIso(),
    mentionText: mentionResolver(ctx.store, (id) => userName(ctx.store, id)),
  };
}

export function userName(store: Store, id: string): string | undefined {
  const person = store.people.get(id);
  if (person) return person.name;
  for (const integration of store.integrations.values()) if (integration.id === id) return integration.name;
  return undefined;
}

/**
 * Reads the trash flag of an update body. 2026-03-11 renamed `archived` to
 * `in_trash` and refuses the old name (so does 2026-12-01); 2025-09-03 takes either.
 */
export function trashFlag(ctx: ApiContext, body: Json): boolean | undefined {
  if (body.archived !== undefined && ctx.version !== "2025-09-03") throw notPresent("body.archived", body.archived);
  const value = body.in_trash ?? body.archived;
  if (value !== undefined && typeof value !== "boolean") {
    throw bodyInvalid(`body.${body.in_trash !== undefined ? "in_trash" : "archived"} should be a boolean, instead was \`${shown(value)}\`.`);
  }
  return value as boolean | undefined;
}

/**
 * Refuses edits of a trashed object unless the request restores it, and
 * trashing what is already in the trash — Notion answers both with the same error.
 */
export function checkEditable(ctx: ApiContext, id: string, trash: boolean | undefined): void {
  if (ctx.store.isTrashed(id) && trash !== false) throw archivedBlock();
}

/**
 * Refuses a block-creating write once the workspace is over its lifetime block limit
 * (developers.notion.com/reference/workspace-block-limits): Free workspaces with more
 * than one member may create 1,000 blocks; the limit is shared by the workspace, the
 * write that reaches it succeeds (and starts a grace period, here over at once), later
 * block-creating requests fail; deleting blocks does not restore capacity. It applies
 * to internal integrations, not to personal access tokens (their blocks still count).
 * Notion documents the refusal as 403 restricted_resource but not its message; the
 * emulator's names the block limit, which is what clients can tell it apart by.
 */
export function checkBlockQuota(ctx: ApiContext, creating: number): void {
  const limit = ctx.settings.blockLimit;
  if (limit === null || creating === 0 || ctx.integration.kind === "person") return;
  if (ctx.store.blocksCreated >= limit) {
    throw new NotionError(
      403,
      "restricted_resource",
      `This workspace has reached its block limit: ${ctx.store.blocksCreated} of ${limit} lifetime blocks on the Free plan. Deleting blocks does not restore capacity. Upgrade the workspace's plan to create more content.`,
    );
  }
}

/** One page of `ids` from `start_cursor` (an id in the list) on. */
export function paginate(ids: readonly string[], cursor: unknown, pageSizeRaw: unknown, pageSizePath: string): { page: string[]; next: string | null } {
  const pageSize = checkPageSize(pageSizeRaw, pageSizePath);
  let start = 0;
  if (cursor !== undefined && cursor !== null && cursor !== "") {
    const id = normalizeId(cursor);
    start = id === undefined ? -1 : ids.indexOf(id);
    if (start < 0) throw validation(`The start_cursor provided is invalid: ${String(cursor)}`);
  }
  const page = ids.slice(start, start + pageSize);
  return { page, next: ids[start + pageSize] ?? null };
}
