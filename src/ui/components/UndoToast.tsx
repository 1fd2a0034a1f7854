import type { DeleteWithUndo } from "../connections/useDeleteWithUndo";

/** The toast after a delete: what was deleted and an Undo button (id "undo-toast", button "Undo"). */
export function UndoToast({ deletion }: { deletion: DeleteWithUndo }) {
  const { toast } = deletion;
  if (!toast) return null;
  return (
    <div id="undo-toast" class="toast" role="status">
      <span class="grow">{toast.state === "error" ? toast.error : toast.text}</span>
      <button type="button" id="undo-delete" onClick={() => void deletion.undo()} disabled={toast.state === "restoring"}>
        {toast.state === "restoring" ? "Restoring…" : "Undo"}
      </button>
      <button type="button" class="ghost" aria-label="Dismiss" onClick={deletion.dismiss}>
        ×
      </button>
    </div>
  );
}
