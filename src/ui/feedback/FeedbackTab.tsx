import { useEffect, useState } from "preact/hooks";
import { errorMessage, request } from "../messaging";

/** The project's issue tracker; kept equal to package.json "bugs.url" (a unit test checks), so the bundle needn't include package.json. */
export const ISSUES_URL = "https://github.com/inkwell-extension/inkwell/issues";

type Diagnostics = { state: "loading" } | { state: "ready"; text: string } | { state: "error"; message: string };
type Copy = { state: "idle" } | { state: "copied" } | { state: "manual" };

/**
 * Feedback: where to report a problem, what to include, and "Copy
 * diagnostics" (versions, settings without secrets, the last errors scrubbed)
 * with a preview of exactly what is copied.
 *
 * Stable hooks: a#issues-link, button "Copy diagnostics", #copy-status,
 * pre#diagnostics-preview, textarea#diagnostics-manual (when the clipboard
 * refused; label "Diagnostics to copy by hand").
 */
export function FeedbackTab() {
  const [diagnostics, setDiagnostics] = useState<Diagnostics>({ state: "loading" });
  const [copy, setCopy] = useState<Copy>({ state: "idle" });

  const load = async (): Promise<string | null> => {
    try {
      const { text } = await request("diagnostics.get", {});
      setDiagnostics({ state: "ready", text });
      return text;
    } catch (failure) {
      setDiagnostics({ state: "error", message: errorMessage(failure) });
      return null;
    }
  };

  useEffect(() => {
    void load();
  }, []);

  const copyText = async () => {
    // The previewed text is written within the click itself: the clipboard may refuse a write
    // made after awaiting the worker (the click's user activation can expire meanwhile).
    const text = diagnostics.state === "ready" ? diagnostics.text : await load();
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ state: "copied" });
    } catch {
      setCopy({ state: "manual" });
    }
    // Then read again, so the preview shows errors logged since (a next copy includes them).
    if (diagnostics.state === "ready") void load();
  };

  return (
    <div class="stack feedback">
      <p>
        Found a problem, or missing something?{" "}
        <a id="issues-link" href={ISSUES_URL} target="_blank" rel="noreferrer">
          Open an issue on GitHub
        </a>
        .
      </p>
      <div class="notice">
        <p>Please include:</p>
        <ul class="tight">
          <li>what you did, what you expected, and what happened instead;</li>
          <li>the message Inkwell showed, if any;</li>
          <li>the diagnostics below (paste them into the issue).</li>
        </ul>
        <p class="hint">Don't paste API keys, your Notion secret, or private page content.</p>
      </div>
      <div class="row">
        <button type="button" class="primary" onClick={() => void copyText()} disabled={diagnostics.state === "loading"}>
          Copy diagnostics
        </button>
        <span id="copy-status" role="status" class={copy.state === "manual" ? "error" : "check ok"}>
          {copy.state === "copied" && "Copied"}
          {copy.state === "manual" && "The clipboard isn't available here: select the text below and copy it."}
        </span>
      </div>
      {diagnostics.state === "error" && (
        <p role="alert" class="error">
          {diagnostics.message}
        </p>
      )}
      {copy.state === "manual" && diagnostics.state === "ready" && (
        <div class="field">
          <label for="diagnostics-manual">Diagnostics to copy by hand</label>
          <textarea id="diagnostics-manual" readOnly rows={8} value={diagnostics.text} onFocus={(event) => event.currentTarget.select()} />
        </div>
      )}
      {diagnostics.state === "ready" && (
        <details class="preview" open={copy.state !== "manual"}>
          <summary>What will be copied (no keys or secrets)</summary>
          <pre id="diagnostics-preview" class="diagnostics">
            {diagnostics.text}
          </pre>
        </details>
      )}
    </div>
  );
}
