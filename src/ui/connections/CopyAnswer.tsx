import { useEffect, useState } from "preact/hooks";
import type { Run } from "../../shared/storage/schema";
import { request } from "../messaging";

type Copy = { state: "idle" } | { state: "copied" } | { state: "manual" };

/**
 * "Copy the whole answer": a page run keeps everything the model sent (not
 * just the preview), so an answer cut short by a stop or a failed write can
 * be copied, or pasted to write the rest. The text is fetched ahead of the
 * click, so the clipboard write happens within the click itself.
 *
 * Stable hooks for tests: button#copy-answer, #copy-answer-status,
 * textarea#answer-manual (when the clipboard is refused).
 */
export function CopyAnswer({ run }: { run: Run }) {
  const [text, setText] = useState<string | null>(null);
  const [copy, setCopy] = useState<Copy>({ state: "idle" });

  useEffect(() => {
    let current = true;
    void request("run.answer", { runId: run.id })
      .then(({ text: answer }) => current && setText(answer))
      .catch(() => current && setText(null));
    return () => {
      current = false;
    };
  }, [run.id, run.receivedChars, run.status]);

  if (!text) return null;
  const copyText = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ state: "copied" });
    } catch {
      setCopy({ state: "manual" });
    }
  };
  return (
    <div class="stack">
      <div class="row">
        <button type="button" id="copy-answer" onClick={() => void copyText()}>
          Copy the whole answer
        </button>
        <span id="copy-answer-status" role="status" class={copy.state === "manual" ? "error" : "check ok"}>
          {copy.state === "copied" && `Copied (${text.length.toLocaleString()} characters)`}
          {copy.state === "manual" && "The clipboard isn't available here: select the text below and copy it."}
        </span>
      </div>
      {copy.state === "manual" && <textarea id="answer-manual" readOnly rows={8} value={text} aria-label="The whole answer" />}
    </div>
  );
}
