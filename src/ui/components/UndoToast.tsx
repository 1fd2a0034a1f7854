import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { DeleteWithUndo } from "../connections/useDeleteWithUndo";

interface UndoToastProps {
  deletion: DeleteWithUndo;
  /** Where focus goes when the toast goes away while it had focus (e.g. the list's search field). */
  returnFocus?: () => HTMLElement | null | undefined;
}

/**
 * The toast after a delete: what was deleted and an Undo button (id
 * "undo-toast", button "Undo" with id "undo-delete"). A fresh delete moves
 * focus to Undo; the toast stays while it has the pointer or focus.
 *
 * The role="status" region is always in the page and only its content
 * changes: a live region inserted together with its text is often not read.
 */
export function UndoToast({ deletion, returnFocus }: UndoToastProps) {
  const { toast } = deletion;
  const undoButton = useRef<HTMLButtonElement>(null);
  const region = useRef<HTMLDivElement>(null);
  const hadFocus = useRef(false);
  const focusRequest = toast?.focusRequest ?? 0;

  // Before paint, so the toast never shows without focus on Undo.
  useLayoutEffect(() => {
    if (focusRequest > 0) undoButton.current?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (toast || !hadFocus.current) return;
    hadFocus.current = false;
    // The focused button went with the toast: focus would fall to <body>, where keyboard users lose their place.
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected || region.current?.contains(active)) returnFocus?.()?.focus();
  }, [toast]);

  return (
    <div
      ref={region}
      class="toast-region"
      role="status"
      onFocusIn={() => {
        hadFocus.current = true;
        deletion.pause();
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next && region.current?.contains(next)) return;
        // Focus that goes nowhere (the focused button was disabled or removed) is not the user moving on.
        if (next) hadFocus.current = false;
        deletion.resume();
      }}
      onMouseEnter={deletion.pause}
      onMouseLeave={deletion.resume}
    >
      {toast && (
        <div id="undo-toast" class="toast">
          <span class="grow">{toast.state === "error" ? toast.error : toast.text}</span>
          <button type="button" id="undo-delete" ref={undoButton} onClick={() => void deletion.undo()} disabled={toast.state === "restoring"}>
            {toast.state === "restoring" ? "Restoring…" : "Undo"}
          </button>
          <button type="button" class="ghost" aria-label="Dismiss" onClick={deletion.dismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
