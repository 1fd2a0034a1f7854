import { useEffect, useRef, useState } from "preact/hooks";
import type { Connection } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";

/** How long "Undo" is offered after a delete. */
export const UNDO_TOAST_MS = 6_000;

/** The most ids one connection.delete or connection.restore takes (protocol.ts `idList`); more go in several requests. */
export const IDS_PER_REQUEST = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IDS_PER_REQUEST) out.push(items.slice(start, start + IDS_PER_REQUEST));
  return out;
}

export interface DeleteToast {
  ids: string[];
  text: string;
  /** Set while restoring, or after a failed restore. */
  state: "shown" | "restoring" | "error";
  error?: string;
}

export interface DeleteWithUndo {
  toast: DeleteToast | null;
  error: string;
  /** Asks, deletes, then offers Undo. Resolves to true when deleted. */
  remove(connections: readonly Pick<Connection, "id" | "name">[]): Promise<boolean>;
  undo(): Promise<void>;
  dismiss(): void;
}

export const deleteQuestion = (connections: readonly Pick<Connection, "name">[]): string =>
  connections.length === 1
    ? `Delete the connection “${connections[0]!.name}”? Its row in your Notion connections database moves to Notion's trash too.`
    : `Delete ${connections.length} connections? Their rows in your Notion connections database move to Notion's trash too.`;

/**
 * Delete with a confirmation, then an Undo toast for a few seconds that puts
 * the connections back (connection.restore). The worker keeps deleted ones in
 * Inkwell's trash, so the undo is a restore, not a re-create.
 */
export function useDeleteWithUndo(): DeleteWithUndo {
  const [toast, setToast] = useState<DeleteToast | null>(null);
  const [error, setError] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const hideLater = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setToast((current) => (current?.state === "shown" ? null : current)), UNDO_TOAST_MS);
  };

  const remove: DeleteWithUndo["remove"] = async (connections) => {
    if (connections.length === 0 || !confirm(deleteQuestion(connections))) return false;
    const ids = connections.map((connection) => connection.id);
    setError("");
    // "Select all visible" can select more than one request takes. Each chunk is deleted for good before the next
    // is sent, so if one fails, Undo is still offered for those already deleted and the rest stay selected.
    const done: string[] = [];
    let deleted = 0;
    let failed = "";
    for (const chunk of chunks(ids)) {
      try {
        deleted += (await request("connection.delete", { ids: chunk })).deleted;
        done.push(...chunk);
      } catch (failure) {
        failed = errorMessage(failure);
        break;
      }
    }
    if (failed) setError(done.length ? `Deleted ${done.length} of ${ids.length} connections, then: ${failed}` : failed);
    if (done.length === 0) return false;
    const count = deleted || done.length;
    setToast({ ids: done, state: "shown", text: connections.length === 1 ? `Deleted “${connections[0]!.name}”.` : `Deleted ${count} connections.` });
    hideLater();
    return !failed;
  };

  const undo = async () => {
    if (!toast) return;
    clearTimeout(timer.current);
    setToast({ ...toast, state: "restoring" });
    let left = toast.ids;
    try {
      for (const chunk of chunks(toast.ids)) {
        await request("connection.restore", { ids: chunk });
        left = left.slice(chunk.length);
      }
      setToast(null);
    } catch (failure) {
      // Undo again restores only what is still deleted.
      setToast({ ...toast, ids: left, state: "error", error: errorMessage(failure) });
    }
  };

  return { toast, error, remove, undo, dismiss: () => setToast(null) };
}
