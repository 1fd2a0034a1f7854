/**
 * The worker's own bookkeeping in storage: the Notion connections database's
 * mirror queue and the diagnostics error log. Part of the storage schema
 * (./schema.ts re-exports it).
 */

/**
 * The worker's bookkeeping for the Notion connections database. Only the worker
 * writes it (serialised), so one key is safe.
 */
export interface MirrorState {
  /** The data source rows are written to, once the database is set up and validated. */
  dataSourceId: string | null;
  /** Connection id → the Notion page (row) that mirrors it. */
  rows: Record<string, string>;
  /** Connection id → a change not yet written to Notion. Retried until it lands. */
  pending: Record<string, PendingMirrorChange>;
  lastError: string | null;
}

export interface PendingMirrorChange {
  op: "upsert" | "trash";
  since: number;
  attempts: number;
}

/** One entry of the diagnostics error log (already scrubbed of secrets). */
export interface LoggedError {
  at: number;
  code: string;
  message: string;
  /** What was being done, e.g. "run.start" or "mirror". */
  context: string;
}

export const ERROR_LOG_LIMIT = 20;

export function emptyMirrorState(): MirrorState {
  return { dataSourceId: null, rows: {}, pending: {}, lastError: null };
}
