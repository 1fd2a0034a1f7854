import type { IncludedContent, SendPreview } from "../../../shared/protocol/types";
import type { SendPreviewState } from "./useSendPreview";

const count = (value: number) => value.toLocaleString("en-US");

/** "The row's content: 1,234 characters ≈ 309 tokens, cut to the 12,000-character cap." */
export function includedText(included: IncludedContent): string {
  const what = included.source === "row" ? "The row's content" : "The page's content";
  if (included.chars === 0) return `${what} is empty, so nothing of it is sent.`;
  const size = `${count(included.chars)} characters ≈ ${count(included.estimatedTokens)} tokens`;
  return included.truncated ? `${what}: ${size}, cut to the ${count(included.capChars)}-character cap.` : `${what}: ${size}, all of it.`;
}

function Sent({ preview, isDatabase }: { preview: SendPreview; isDatabase: boolean }) {
  return (
    <>
      <p class="hint">{isDatabase ? <>For the first ticked row, “{preview.rowTitle || "Untitled"}”:</> : <>Sent for this page:</>}</p>
      <pre id="preview-prompt">{preview.prompt}</pre>
      {preview.notice && <p class="notice">{preview.notice}</p>}
      {preview.included && (
        <p id="preview-included" class={preview.included.truncated ? "notice" : "hint"}>
          {includedText(preview.included)}
        </p>
      )}
      {preview.systemInstruction && (
        <details>
          <summary>System instruction</summary>
          <pre id="preview-system">{preview.systemInstruction}</pre>
        </details>
      )}
      {preview.outputSchema && (
        <details>
          <summary>Answer format (JSON schema)</summary>
          <pre id="preview-schema">{JSON.stringify(preview.outputSchema, null, 2)}</pre>
        </details>
      )}
      <p id="preview-tokens" class="hint">
        About {count(preview.estimatedInputTokens)} tokens sent.
      </p>
    </>
  );
}

function waiting(preview: SendPreviewState, isDatabase: boolean): string {
  if (preview.state === "loading") return isDatabase ? "Filling in the first ticked row…" : "Reading what will be sent…";
  if (preview.state === "error") return preview.blocking ? "No preview until the prompt is fixed." : "No preview for now.";
  return isDatabase ? "The prompt of the first ticked row shows here." : "Write a prompt to see it here.";
}

/** Exactly what one generation sends: system instruction, prompt, content read from Notion (size, and whether it was cut). */
export function SendPreviewView({ preview, isDatabase }: { preview: SendPreviewState; isDatabase: boolean }) {
  return (
    <div id="prompt-preview" class="prompt-preview" aria-live="polite">
      {preview.state === "ready" && preview.preview.rowTitle === null && isDatabase ? (
        <p class="hint">{preview.preview.notice ?? "Tick a row to see its prompt here."}</p>
      ) : preview.state === "ready" ? (
        <Sent preview={preview.preview} isDatabase={isDatabase} />
      ) : (
        <p class="hint">{waiting(preview, isDatabase)}</p>
      )}
    </div>
  );
}
