import { templateUsesRowData } from "../../../core/template";
import type { DatabaseInspection } from "../../../shared/protocol/types";
import { PAGE_CONTENT_PLACEHOLDER } from "./contentCap";
import { SendPreviewView } from "./SendPreviewView";
import type { SendPreviewState } from "./useSendPreview";

/** The placeholders a template can use: {{title}}, every property by name, and the row's own content. */
export function placeholders(inspection: DatabaseInspection): string[] {
  const names = ["title", ...inspection.properties.map((property) => property.name)];
  return [...new Set([...names.map((name) => `{{${name}}}`), PAGE_CONTENT_PLACEHOLDER])];
}

interface TemplateHelpProps {
  inspection: DatabaseInspection;
  template: string;
  preview: SendPreviewState;
  onInsert: (placeholder: string) => void;
}

/** Below a database prompt: clickable placeholders, and exactly what the first ticked row would send. */
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
      <SendPreviewView preview={preview} isDatabase />
    </>
  );
}
