/**
 * The connections export format, and validation of connections coming from
 * outside (an export file, or the Notion connections database). Anything not
 * part of a connection is dropped, so a file that carries a key or any other
 * stray field can't smuggle it into storage.
 */
import * as v from "valibot";
import { InkwellError } from "../../core/errors";
import { parseNotionUrl, toDashedId } from "../../core/notion-url";
import { isNotionWebUrl } from "../../shared/notion-hosts";
import { connectionDraftSchema } from "../../shared/protocol/schemas";
import type { ConnectionsExport, ExportedConnection } from "../../shared/protocol/types";
import type { Connection } from "../../shared/storage/schema";

export const EXPORT_FORMAT = "inkwell-connections";
export const EXPORT_VERSION = 1;

const draft = connectionDraftSchema.entries;
const time = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * One connection from outside. `v.object` (not strict) strips unknown keys;
 * nested settings reuse the protocol's strict schemas, so anything odd in them
 * makes that connection skipped with a reason.
 */
export const exportedConnectionSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, "its id is malformed")),
    name: v.pipe(draft.name, v.trim(), v.minLength(1, "it has no name")),
    kind: draft.kind,
    url: v.pipe(v.string(), v.maxLength(4_096)),
    targetId: v.pipe(v.string(), v.minLength(1, "it has no Notion target"), v.maxLength(100)),
    targetTitle: v.pipe(v.string(), v.maxLength(2_000)),
    prompt: draft.prompt,
    options: draft.options,
    database: draft.database,
    engine: draft.engine,
    model: draft.model,
    placement: draft.placement,
    context: draft.context,
    createdAt: time,
    updatedAt: time,
  }),
  v.check((connection) => connection.kind !== "database" || connection.database !== undefined, "a database connection needs its database settings"),
);

/** What an export holds for a connection: everything but this browser's run history and trash state. */
export function toExported(connection: Connection): ExportedConnection {
  const { runIds: _runs, deletedAt: _deleted, targetUnchecked: _unchecked, ...exported } = connection;
  return exported;
}

export function buildExport(connections: readonly Connection[], now: number): ConnectionsExport {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), connections: connections.map(toExported) };
}

export type Candidate = { ok: true; connection: ExportedConnection } | { ok: false; name: string; reason: string };

/** Validates one connection from outside; a failure carries a reason the import report shows. */
export function validateExported(raw: unknown): Candidate {
  const parsed = v.safeParse(exportedConnectionSchema, raw);
  const name = typeof (raw as { name?: unknown } | null)?.name === "string" && (raw as { name: string }).name.trim() ? (raw as { name: string }).name.trim().slice(0, 200) : "(unnamed)";
  if (parsed.success) {
    const { database, engine, model, placement, context, ...rest } = parsed.output;
    const target = checkedTarget(rest.targetId, rest.url);
    if (!target.ok) return { ok: false, name, reason: `Not a valid connection (${target.reason}).` };
    const connection = {
      ...rest,
      ...target.value,
      ...(database ? { database } : {}),
      ...(engine ? { engine } : {}),
      ...(engine && model !== undefined ? { model } : {}),
      ...(placement ? { placement } : {}),
      ...(context ? { context } : {}),
    };
    return { ok: true, connection };
  }
  const issue = parsed.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join(".");
  const reason = issue.type === "check" || issue.type === "regex" || issue.type === "min_length" ? issue.message : `invalid ${path || "connection"}: ${issue.message}`;
  return { ok: false, name, reason: `Not a valid connection (${reason}).` };
}

/**
 * The target of a connection from outside, never taken on trust: its id must
 * be a Notion id, and its link (opened from the connection's details) must be
 * a Notion link to that same id. A missing link is derived from the id, and so
 * is one in any form the connection form accepts that isn't an https link on
 * Notion's own web hosts (a bare id, no scheme, http:, a notion.site address,
 * a user name in it): an export of such a connection still imports.
 */
function checkedTarget(rawId: string, rawUrl: string): { ok: true; value: { targetId: string; url: string } } | { ok: false; reason: string } {
  const targetId = toDashedId(rawId.trim());
  if (!targetId) return { ok: false, reason: "its Notion target isn't a Notion id" };
  const url = rawUrl.trim();
  if (!url) return { ok: true, value: { targetId, url: notionUrlFor(targetId) } };
  const parsed = parseNotionUrl(url);
  if (!parsed.ok) return { ok: false, reason: "its link isn't a Notion link" };
  if (parsed.target.id !== targetId) return { ok: false, reason: "its link points to another Notion page than its target" };
  return { ok: true, value: { targetId, url: isPlainNotionWebUrl(url) ? url : notionUrlFor(targetId) } };
}

function isPlainNotionWebUrl(url: string): boolean {
  if (!isNotionWebUrl(url)) return false;
  const { username, password } = new URL(url);
  return !username && !password;
}

/** The canonical Notion link of a page or database id. */
export function notionUrlFor(targetId: string): string {
  return `https://www.notion.so/${targetId.replace(/-/g, "")}`;
}

/** Reads an export file's text: its connections, each validated. Throws a clear error for anything that isn't an Inkwell export. */
export function parseExport(json: string): Candidate[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new InkwellError("invalid_input", "That file isn't an Inkwell connections export (it isn't valid JSON). Choose a file made with Export.");
  }
  const file = data as Partial<ConnectionsExport> | null;
  if (typeof file !== "object" || file === null || file.format !== EXPORT_FORMAT || !Array.isArray(file.connections)) {
    throw new InkwellError("invalid_input", "That file isn't an Inkwell connections export. Choose a file made with Export (it starts with \"format\": \"inkwell-connections\").");
  }
  if (typeof file.version !== "number" || file.version > EXPORT_VERSION) {
    throw new InkwellError("invalid_input", "That export was made by a newer version of Inkwell. Update Inkwell, then import it again.");
  }
  return (file.connections as unknown[]).map(validateExported);
}

/** A stored connection from an imported one; a connection already here keeps its run history. */
export function fromExported(incoming: ExportedConnection, existing: Connection | undefined): Connection {
  // Automations are never imported (a file must not start runs on its own); one set up here stays.
  const { automation: _imported, ...rest } = incoming;
  return { ...rest, targetUnchecked: true, runIds: existing?.runIds ?? [], ...(existing?.automation ? { automation: existing.automation } : {}) };
}
