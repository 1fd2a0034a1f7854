import { rowCounts, runOutcome } from "../../core/run-view";
import type { Connection, Run, RunStatus, TargetKind } from "../../shared/storage/schema";

/** A connection as lists show it: with its newest run, when it has one. */
export interface ConnectionRow {
  connection: Connection;
  lastRun: Run | null;
}

export type SortKey = "name" | "type" | "created" | "lastRun";
export type SortDirection = "asc" | "desc";

export const SORT_LABELS: Record<SortKey, string> = { name: "Name", type: "Type", created: "Created", lastRun: "Last run" };

export interface RowFilter {
  kind: "" | TargetKind;
  /** Matched, case-insensitively, against the name, the target's title and the prompt. */
  text: string;
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** When the newest run started; never-run connections sort as oldest. */
const lastRunTime = (row: ConnectionRow): number => row.lastRun?.startedAt ?? 0;

export function sortRows(rows: readonly ConnectionRow[], key: SortKey, direction: SortDirection): ConnectionRow[] {
  const byName = (a: ConnectionRow, b: ConnectionRow) => collator.compare(a.connection.name, b.connection.name);
  const compare = (a: ConnectionRow, b: ConnectionRow): number => {
    switch (key) {
      case "name":
        return byName(a, b);
      case "type":
        return collator.compare(a.connection.kind, b.connection.kind) || byName(a, b);
      case "created":
        return a.connection.createdAt - b.connection.createdAt || byName(a, b);
      case "lastRun":
        return lastRunTime(a) - lastRunTime(b) || byName(a, b);
    }
  };
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b));
}

/** The direction a column sorts in first: names A→Z, dates newest first. */
export const defaultDirection = (key: SortKey): SortDirection => (key === "created" || key === "lastRun" ? "desc" : "asc");

export function filterRows(rows: readonly ConnectionRow[], filter: RowFilter): ConnectionRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter(({ connection }) => {
    if (filter.kind && connection.kind !== filter.kind) return false;
    if (!needle) return true;
    return [connection.name, connection.targetTitle, connection.prompt].some((field) => field.toLowerCase().includes(needle));
  });
}

/** The id of a connection's newest run (runIds are kept newest last). */
export const lastRunId = (connection: Connection): string | undefined => connection.runIds[connection.runIds.length - 1];

/** "just now", "5 min ago", "3 h ago", "2 days ago", then a date. */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return days === 1 ? "yesterday" : `${days} days ago`;
  return new Date(at).toLocaleDateString();
}

const RESULT_LABELS: Record<RunStatus, string> = {
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  partial: "partial",
  cancelled: "cancelled",
};

/** A run's outcome in one word (the run view's: a database run that finished with failed rows is "partial"). */
export const runResultLabel = (run: Run): string => RESULT_LABELS[runOutcome(run)];
export const statusLabel = (status: RunStatus): string => RESULT_LABELS[status];

/** The connection's own engine and model, or "default" when it uses Settings'. */
export function engineLabel(connection: Connection): string {
  if (!connection.engine) return "default";
  return connection.model ? `${connection.engine} · ${connection.model}` : connection.engine;
}

/** The first `length` characters of a prompt on one line. */
export function excerpt(text: string, length = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

export const kindName = (kind: TargetKind): string => (kind === "page" ? "page" : "database");

/** What a run wrote: blocks for a page, rows for a database. */
export function writtenSummary(run: Run): string {
  if (run.mode === "dry") {
    const previewed = (run.rows ?? []).filter((row) => row.state === "previewed").length;
    return `nothing (preview of ${previewed} ${previewed === 1 ? "row" : "rows"})`;
  }
  if (run.kind === "page") return `${run.blocksWritten} ${run.blocksWritten === 1 ? "block" : "blocks"}`;
  const { done, failed } = rowCounts(run);
  return `${done} ${done === 1 ? "row" : "rows"}${failed ? `, ${failed} failed` : ""}`;
}

export const formatNumber = (value: number): string => value.toLocaleString("en-US");
