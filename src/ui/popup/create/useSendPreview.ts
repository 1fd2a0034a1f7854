import { useEffect, useState } from "preact/hooks";
import type { ConnectionDraft, SendPreview } from "../../../shared/protocol/types";
import { errorMessage, request, WorkerError } from "../../messaging";

export const PREVIEW_DELAY_MS = 400;

export type SendPreviewState =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "ready"; preview: SendPreview }
  /** `blocking`: the draft itself is wrong (e.g. an unknown placeholder), so generating can't work. */
  | { state: "error"; message: string; blocking: boolean };

/**
 * Exactly what the worker would send for this draft (for a database, for its
 * first ticked row), asked a short pause after the last edit. The previous
 * answer stays while a new one is pending, so an error keeps Generate disabled
 * until the fix is confirmed. `draft` null (nothing to preview yet, or not
 * wanted) shows nothing; `refreshKey` changes when the rows were read again.
 */
export function useSendPreview(draft: ConnectionDraft | null, refreshKey = 0, delayMs = PREVIEW_DELAY_MS): SendPreviewState {
  const [preview, setPreview] = useState<SendPreviewState>({ state: "idle" });
  // The draft as a value: a new object with the same fields must not ask again.
  const key = draft ? JSON.stringify(draft) : "";

  useEffect(() => {
    if (!draft) {
      setPreview({ state: "idle" });
      return;
    }
    let active = true;
    setPreview((current) => (current.state === "idle" ? { state: "loading" } : current));
    const timer = setTimeout(() => {
      request("send.preview", { draft }).then(
        (answer) => {
          if (active) setPreview({ state: "ready", preview: answer });
        },
        (failure: unknown) => {
          if (!active) return;
          // Only what retrying can't fix blocks Generate; a network hiccup doesn't.
          setPreview({ state: "error", message: errorMessage(failure), blocking: failure instanceof WorkerError ? !failure.detail.retryable : false });
        },
      );
    }, delayMs);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [key, refreshKey, delayMs]);

  return preview;
}
