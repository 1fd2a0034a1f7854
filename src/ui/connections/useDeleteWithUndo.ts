import { useEffect, useRef, useState } from "preact/hooks";
import type { Connection } from "../../shared/storage/schema";
import { useConfirm } from "../components/ConfirmDialog";
import { errorMessage, request } from "../messaging";
import { chunks, deleteInChunks } from "./deleteRequests";
import { forgetLastDeletion, loadLastDeletion, saveLastDeletion, type LastDeletion } from "./lastDeletion";

export { IDS_PER_REQUEST } from "./deleteRequests";
export { LAST_DELETION_KEY, readLastDeletion, type LastDeletion } from "./lastDeletion";

/** How long "Undo" is offered after a delete (from the delete, also across closing and reopening the popup). */
export const UNDO_TOAST_MS = 10_000;

const toastText = (names: readonly string[], count: number) => (count === 1 && names.length === 1 ? `Deleted “${names[0]}”.` : `Deleted ${count} connections.`);

export interface DeleteToast {
  ids: string[];
  names: string[];
  at: number;
  text: string;
  /** Set while restoring, or after a failed restore. */
  state: "shown" | "restoring" | "error";
  error?: string;
  /** Increases with each delete made in this window: the toast then takes focus (a toast shown again on reopening doesn't). */
  focusRequest: number;
}

export interface DeleteWithUndo {
  toast: DeleteToast | null;
  error: string;
  /** Asks, deletes, then offers Undo. Resolves to true when deleted. */
  remove(connections: readonly Pick<Connection, "id" | "name">[]): Promise<boolean>;
  undo(): Promise<void>;
  dismiss(): void;
  /** Holds the toast while it has the pointer or focus… */
  pause(): void;
  /** …and gives it the full time again once they leave. */
  resume(): void;
}

export const deleteQuestion = (connections: readonly Pick<Connection, "name">[]): string =>
  connections.length === 1
    ? `Delete the connection “${connections[0]!.name}”? Its row in your Notion connections database moves to Notion's trash too.`
    : `Delete ${connections.length} connections? Their rows in your Notion connections database move to Notion's trash too.`;

/**
 * Delete with a confirmation, then an Undo toast that puts the connections
 * back (connection.restore). The worker keeps deleted ones in Inkwell's trash,
 * so the undo is a restore, not a re-create. A second delete while the toast
 * shows joins the first, so Undo brings both back.
 */
export function useDeleteWithUndo(): DeleteWithUndo {
  const ask = useConfirm();
  const [toast, setToastState] = useState<DeleteToast | null>(null);
  const [error, setError] = useState("");
  const current = useRef<DeleteToast | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const focusRequests = useRef(0);

  const setToast = (next: DeleteToast | null) => {
    current.current = next;
    setToastState(next);
  };

  const hideLater = (ms: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const shown = current.current;
      if (shown?.state !== "shown") return;
      setToast(null);
      void forgetLastDeletion(shown.at);
    }, ms);
  };

  useEffect(() => {
    let live = true;
    // Reopened within the window (the popup closes on a click elsewhere): offer Undo again.
    loadLastDeletion().then(
      (stored) => {
        const left = stored ? stored.at + UNDO_TOAST_MS - Date.now() : 0;
        if (!live || !stored || left <= 0 || current.current) return;
        setToast({ ...stored, state: "shown", text: toastText(stored.names, stored.ids.length), focusRequest: 0 });
        hideLater(left);
      },
      () => undefined,
    );
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
  }, []);

  const remove: DeleteWithUndo["remove"] = async (connections) => {
    if (connections.length === 0) return false;
    const confirmLabel = connections.length === 1 ? "Delete" : `Delete ${connections.length}`;
    if (!(await ask(deleteQuestion(connections), { confirmLabel, title: "Delete connections?" }))) return false;
    const ids = connections.map((connection) => connection.id);
    setError("");
    // "Select all visible" can select more than one request takes: if a request fails, Undo is still offered
    // for those already deleted and the rest stay selected.
    const { done, deleted, failed } = await deleteInChunks(ids);
    if (failed) setError(done.length ? `Deleted ${done.length} of ${ids.length} connections, then: ${failed}` : failed);
    if (done.length === 0) return false;
    const nameOf = new Map(connections.map((connection) => [connection.id, connection.name]));
    const previous = current.current?.state === "restoring" ? null : current.current;
    const merged: LastDeletion = {
      ids: [...(previous?.ids ?? []), ...done],
      names: [...(previous?.names ?? []), ...done.map((id) => nameOf.get(id) ?? "")],
      at: Date.now(),
    };
    const count = previous ? merged.ids.length : deleted || done.length;
    focusRequests.current += 1;
    setToast({ ...merged, state: "shown", text: toastText(merged.names, count), focusRequest: focusRequests.current });
    hideLater(UNDO_TOAST_MS);
    await saveLastDeletion(merged);
    return !failed;
  };

  const undo = async () => {
    const shown = current.current;
    if (!shown) return;
    clearTimeout(timer.current);
    setToast({ ...shown, state: "restoring" });
    let left = shown.ids;
    try {
      for (const chunk of chunks(shown.ids)) {
        await request("connection.restore", { ids: chunk });
        left = left.slice(chunk.length);
      }
      setToast(null);
      await forgetLastDeletion(shown.at);
    } catch (failure) {
      // Undo again restores only what is still deleted.
      const names = shown.names.slice(shown.ids.length - left.length);
      setToast({ ...shown, ids: left, names, state: "error", error: errorMessage(failure) });
      await saveLastDeletion({ ids: left, names, at: shown.at });
    }
  };

  const dismiss = () => {
    const shown = current.current;
    clearTimeout(timer.current);
    setToast(null);
    if (shown) void forgetLastDeletion(shown.at);
  };

  const pause = () => clearTimeout(timer.current);
  const resume = () => {
    if (current.current?.state === "shown") hideLater(UNDO_TOAST_MS);
  };

  return { toast, error, remove, undo, dismiss, pause, resume };
}
