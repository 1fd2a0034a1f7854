import { useEffect, useState } from "preact/hooks";
import { builtinOptions, describeAvailability, findLanguageModel, type BuiltinAvailability, type LanguageModelFactory } from "../../../shared/builtin-model";

export type BuiltinState =
  /** No Prompt API in this page: the engine isn't offered at all. */
  | { availability: "absent" }
  | { availability: "checking" }
  | { availability: BuiltinAvailability; progress?: number; error?: string };

/** The on-device model's availability in this page, asked once. */
export function useBuiltinAvailability(factory: LanguageModelFactory | undefined = findLanguageModel()) {
  const [state, setState] = useState<BuiltinState>(factory ? { availability: "checking" } : { availability: "absent" });
  useEffect(() => {
    if (!factory) return;
    factory.availability(builtinOptions()).then(
      (availability) => setState((current) => (current.availability === "checking" ? { availability } : current)),
      () => setState({ availability: "unavailable" }),
    );
  }, [factory]);

  /**
   * Starts the model download. Must run straight from the click (Chrome only
   * downloads on a user gesture), so create() is the first thing it calls.
   */
  const download = () => {
    if (!factory) return;
    const started = factory.create({
      ...builtinOptions(),
      monitor(monitor) {
        monitor.addEventListener("downloadprogress", (event) => {
          const loaded = (event as ProgressEvent).loaded;
          setState({ availability: "downloading", progress: Math.max(0, Math.min(1, loaded)) });
        });
      },
    });
    setState({ availability: "downloading", progress: 0 });
    started.then(
      (session) => {
        // The session was only a way to fetch the model; runs make their own in the worker.
        session.destroy();
        setState({ availability: "available" });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        setState({ availability: "downloadable", error: `The download didn't finish: ${message}. Try again.` });
      },
    );
  };

  return { state, download };
}

/** Settings' status line for Chrome's built-in AI, with the download button and its progress. */
export function BuiltinStatus({ state, onDownload }: { state: BuiltinState; onDownload: () => void }) {
  if (state.availability === "absent") {
    return (
      <p id="builtin-status" role="status" class="error">
        This browser has no built-in AI here. Choose another engine.
      </p>
    );
  }
  if (state.availability === "checking") {
    return (
      <p id="builtin-status" role="status" class="muted">
        Checking the on-device model…
      </p>
    );
  }
  const { availability, progress, error } = state;
  return (
    <div class="stack">
      <p id="builtin-status" role="status" class={availability === "available" ? "check ok" : availability === "unavailable" ? "error" : "muted"}>
        {describeAvailability(availability, progress)}
      </p>
      {availability === "downloading" && progress !== undefined && <progress id="builtin-progress" value={progress} max={1} aria-label="Model download" />}
      {availability === "downloadable" && (
        <div class="row">
          <button type="button" id="download-model" onClick={onDownload}>
            Download model
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="hint">Gemini Nano runs on this device: no key, and prompts never leave the computer. It is small: best for short pages.</p>
    </div>
  );
}
