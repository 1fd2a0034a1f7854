import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

export interface ConfirmOptions {
  /** The confirming button's text, e.g. "Delete" (default "OK"). */
  confirmLabel?: string;
  /** The dialog's heading (default "Please confirm"). */
  title?: string;
}

/** Asks a yes/no question; resolves true when the user confirms, false when they cancel (button or Escape). */
export type Ask = (message: string, options?: ConfirmOptions) => Promise<boolean>;

const ConfirmContext = createContext<Ask | null>(null);

/**
 * The nearest ConfirmProvider's in-page question (the popup and the options
 * page each mount one around everything). Without a provider, such as a
 * component rendered on its own, it falls back to window.confirm.
 */
export function useConfirm(): Ask {
  return useContext(ConfirmContext) ?? nativeConfirm;
}

const nativeConfirm: Ask = (message) => Promise.resolve(confirm(message));

interface Question extends Required<ConfirmOptions> {
  message: string;
  /** What had focus when asked; it gets focus back when the dialog closes. */
  trigger: HTMLElement | null;
}

/**
 * Provides useConfirm() with an in-page <dialog>. In Firefox a native
 * confirm() in a toolbar popup can close the popup (and lose what was being
 * confirmed), so the popup asks in its own page instead.
 */
export function ConfirmProvider({ children }: { children: ComponentChildren }) {
  const [question, setQuestion] = useState<Question | null>(null);
  const resolver = useRef<((answer: boolean) => void) | null>(null);

  const ask = useCallback<Ask>((message, options = {}) => {
    // A newer question replaces an unanswered one, which counts as cancelled.
    resolver.current?.(false);
    const active = document.activeElement;
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
      setQuestion({
        message,
        confirmLabel: options.confirmLabel ?? "OK",
        title: options.title ?? "Please confirm",
        trigger: active instanceof HTMLElement && active !== document.body ? active : null,
      });
    });
  }, []);

  const answer = (confirmed: boolean) => {
    const trigger = question?.trigger;
    const resolve = resolver.current;
    resolver.current = null;
    setQuestion(null);
    if (trigger?.isConnected) trigger.focus();
    resolve?.(confirmed);
  };

  useEffect(() => () => resolver.current?.(false), []);

  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      <ConfirmDialog question={question} onAnswer={answer} />
    </ConfirmContext.Provider>
  );
}

/**
 * The modal question: role alertdialog, named by its title and described by
 * the message. Focus starts on the safe button (Cancel); Escape cancels.
 * Stable ids for tests: #confirm-dialog, #confirm-message, #confirm-ok, #confirm-cancel.
 */
export function ConfirmDialog({ question, onAnswer }: { question: Question | null; onAnswer: (confirmed: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (question) {
      if (!element.open) element.showModal();
      cancel.current?.focus();
    } else if (element.open) {
      element.close();
    }
  }, [question]);

  return (
    <dialog
      ref={dialog}
      id="confirm-dialog"
      class="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        // Handled here so that the popup itself doesn't close on the same key.
        event.preventDefault();
        event.stopPropagation();
        onAnswer(false);
      }}
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      {question && (
        <>
          <h2 id="confirm-title">{question.title}</h2>
          <p id="confirm-message">{question.message}</p>
          <div class="row confirm-actions">
            <button type="button" id="confirm-cancel" ref={cancel} onClick={() => onAnswer(false)}>
              Cancel
            </button>
            <button type="button" id="confirm-ok" class="danger" onClick={() => onAnswer(true)}>
              {question.confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
