import { SendPreviewView } from "./SendPreviewView";
import type { SendPreviewState } from "./useSendPreview";

interface PageSendPreviewProps {
  preview: SendPreviewState;
  open: boolean;
  onToggle: (open: boolean) => void;
}

/** For a page, on request (it reads the page): exactly what Generate would send. */
export function PageSendPreview({ preview, open, onToggle }: PageSendPreviewProps) {
  return (
    <details class="send-preview" open={open} onToggle={(event) => onToggle((event.currentTarget as HTMLDetailsElement).open)}>
      <summary id="send-preview-toggle">What will be sent</summary>
      {preview.state === "error" && (
        <p id="send-preview-error" role="alert" class="error">
          {preview.message}
        </p>
      )}
      <SendPreviewView preview={preview} isDatabase={false} />
    </details>
  );
}
