import { templateUsesRowData } from "../../../core/template";
import type { DatabaseInspection } from "../../../shared/protocol/types";
import type { PromptPreview } from "./usePromptPreview";

/** The placeholders a template can use: {{title}} and every property by name. */
export function placeholders(inspection: DatabaseInspection): string[] {
  const names = ["title", ...inspection.properties.map((property) => property.name)];
  return [...new Set(names)].map((name) => `{{${name}}}`);
}

interface TemplateHelpProps {
  inspection: DatabaseInspection;
  template: string;
  preview: PromptPreview;
  onInsert: (placeholder: string) => void;
}

/** Below a database prompt: clickable placeholders, and the prompt the first ticked row would get. */
export function TemplateHelp({ inspection, template, preview, onInsert }: TemplateHelpProps) {
  return (
    <>
      <div id="template-hint" class="hint placeholders">
        <span>Placeholders, filled from each row (click to insert):</span>{" "}
        {placeholders(inspection).map((token) => (
          <button key={token} type="button" class="chip" onClick={() => onInsert(token)}>
            {token}
          </button>
        ))}
      </div>
      {template.trim() && !templateUsesRowData(template) && (
        <p id="template-static" class="hint">
          This prompt uses no placeholder, so every row gets the same prompt.
        </p>
      )}
      {preview.state === "error" && (
        <p id="template-error" role="alert" class="error">
          {preview.message}
        </p>
      )}
      <div id="prompt-preview" class="prompt-preview" aria-live="polite">
        {preview.state === "ready" ? (
          <>
            <p class="hint">
              For the first ticked row, “{preview.rowTitle || "Untitled"}”:
            </p>
            <pre>{preview.prompt}</pre>
          </>
        ) : (
          <p class="hint">
            {preview.state === "none"
              ? "Tick a row to see its prompt here."
              : preview.state === "loading"
                ? "Filling in the first ticked row…"
                : preview.state === "error"
                  ? preview.blocking
                    ? "No preview until the prompt is fixed."
                    : "No preview for now."
                  : "The prompt of the first ticked row shows here."}
          </p>
        )}
      </div>
    </>
  );
}
