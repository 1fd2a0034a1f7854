import { useEffect, useState } from "preact/hooks";
import { errorMessage, request, WorkerError } from "../../messaging";

export const PREVIEW_DELAY_MS = 400;

export type PromptPreview =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "ready"; rowTitle: string; prompt: string }
  /** No row is ticked, so there is nothing to fill the template from. */
  | { state: "none" }
  /** `blocking`: the template itself is wrong (e.g. an unknown placeholder), so generating can't work. */
  | { state: "error"; message: string; blocking: boolean };

export interface PreviewInput {
  dataSourceId: string;
  selectionProperty: string;
  template: string;
  /** Changes when the rows were read again (the first ticked row may be another). */
  refreshKey: number;
}

/**
 * The template filled from the first ticked row, asked of the worker a short
 * pause after the last edit. The previous answer stays while a new one is
 * pending, so an error keeps Generate disabled until the fix is confirmed.
 */
export function usePromptPreview(input: PreviewInput | null, delayMs = PREVIEW_DELAY_MS): PromptPreview {
  const [preview, setPreview] = useState<PromptPreview>({ state: "idle" });
  const template = input?.template.trim() ? input.template : "";
  const dataSourceId = input?.dataSourceId ?? "";
  const selectionProperty = input?.selectionProperty ?? "";
  const refreshKey = input?.refreshKey ?? 0;

  useEffect(() => {
    if (!template || !dataSourceId || !selectionProperty) {
      setPreview({ state: "idle" });
      return;
    }
    let active = true;
    setPreview((current) => (current.state === "idle" ? { state: "loading" } : current));
    const timer = setTimeout(() => {
      request("database.previewPrompt", { dataSourceId, selectionProperty, template }).then(
        (answer) => {
          if (!active) return;
          setPreview(answer.prompt === null ? { state: "none" } : { state: "ready", rowTitle: answer.rowTitle, prompt: answer.prompt });
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
  }, [template, dataSourceId, selectionProperty, refreshKey, delayMs]);

  return preview;
}
