/**
 * The replace journal: "replace what this connection wrote last time",
 * exactly once across worker stops. Pure: the gateway (src/notion/replace-output.ts)
 * does the I/O, the worker stores the journal after every change.
 *
 * Phases, in order; the journal is saved before each one starts:
 *  1. "writing": the new output is written in place of the previous one,
 *     right after the last of the previous blocks still on the page (so it
 *     lands where the old output was), or at the end when none is left.
 *     The write is itself journaled (`write`, an AppendJournal).
 *  2. "trashing": only once the new output is completely written, the
 *     previous blocks go to Notion's trash (idempotent: redone after a stop).
 *  3. "done".
 * A stop at any point resumes in the saved phase: nothing is written twice,
 * and the previous output is removed only after its replacement is complete.
 * Undo restores `previous` and trashes `written`.
 */
import { isJournal, type AppendJournal } from "./append-journal";

export interface ReplaceJournal {
  v: 1;
  /** The top-level blocks the connection wrote last time, in page order: what is replaced. */
  previous: string[];
  /** Where the new output goes: after this child of the target, or at the end (null). */
  after: string | null;
  phase: "writing" | "trashing" | "done";
  /** The write's own journal, once it started. */
  write?: AppendJournal;
  /** The new output's top-level blocks so far. */
  written: string[];
}

/** The last of `previous` still among the target's (live) children, in page order: the new output goes after it. */
export function replaceAnchor(children: readonly string[], previous: readonly string[]): string | null {
  const wanted = new Set(previous);
  for (let i = children.length - 1; i >= 0; i--) if (wanted.has(children[i]!)) return children[i]!;
  return null;
}

export function newReplaceJournal(previous: readonly string[], after: string | null): ReplaceJournal {
  return { v: 1, previous: [...previous], after, phase: "writing", written: [] };
}

export function isReplaceJournal(value: unknown): value is ReplaceJournal {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<ReplaceJournal>;
  const ids = (list: unknown) => Array.isArray(list) && list.every((id) => typeof id === "string");
  return (
    record.v === 1 &&
    ids(record.previous) &&
    ids(record.written) &&
    (record.after === null || typeof record.after === "string") &&
    (record.phase === "writing" || record.phase === "trashing" || record.phase === "done") &&
    (record.write === undefined || isJournal(record.write))
  );
}
