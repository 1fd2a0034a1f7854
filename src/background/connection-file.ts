/**
 * The connections export format, and validation of connections coming from
 * outside (an export file, or the Notion connections database). Anything not
 * part of a connection is dropped, so a file that carries a key or any other
 * stray field can't smuggle it into storage.
 */
import * as v from "valibot";
import { InkwellError } from "../core/errors";
import { connectionDraftSchema, type ConnectionsExport, type ExportedConnection } from "../shared/protocol";
import type { Connection } from "../shared/storage/schema";

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
    createdAt: time,
    updatedAt: time,
  }),
  v.check((connection) => connection.kind !== "database" || connection.database !== undefined, "a database connection needs its database settings"),
);

/** What an export holds for a connection: everything but this browser's run history and trash state. */
export function toExported(connection: Connection): ExportedConnection {
  const { runIds: _runs, deletedAt: _deleted, ...exported } = connection;
  return exported;
}

export function buildExport(connections: readonly Connection[], now: number): ConnectionsExport {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), connections: connections.map(toExported) };
}

export type Candidate = { ok: true; connection: ExportedConnection } | { ok: false; name: string; reason: string };

/** Validates one connection from outside; a failure carries a reason the import report shows. */
export function validateExported(raw: unknown): Candidate {
  const parsed = v.safeParse(exportedConnectionSchema, raw);
  if (parsed.success) {
    const { database, engine, model, ...rest } = parsed.output;
    return { ok: true, connection: { ...rest, ...(database ? { database } : {}), ...(engine ? { engine } : {}), ...(engine && model !== undefined ? { model } : {}) } };
  }
  const name = typeof (raw as { name?: unknown } | null)?.name === "string" && (raw as { name: string }).name.trim() ? (raw as { name: string }).name.trim().slice(0, 200) : "(unnamed)";
  const issue = parsed.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join(".");
  const reason = issue.type === "check" || issue.type === "regex" || issue.type === "min_length" ? issue.message : `invalid ${path || "connection"}: ${issue.message}`;
  return { ok: false, name, reason: `Not a valid connection (${reason}).` };
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
