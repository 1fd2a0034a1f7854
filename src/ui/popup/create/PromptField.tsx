import type { RefObject } from "preact";
import { useRef } from "preact/hooks";

interface PromptFieldProps {
  value: string;
  kind: "page" | "database";
  describedBy?: string;
  onChange: (prompt: string) => void;
}

/** The prompt textarea, and `insert`, which puts a placeholder where the cursor was (or over the selection). */
export function usePromptField({ value, onChange }: Pick<PromptFieldProps, "value" | "onChange">) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const insert = (token: string) => {
    const area = ref.current;
    const start = Math.min(area?.selectionStart ?? value.length, value.length);
    const end = Math.max(start, Math.min(area?.selectionEnd ?? start, value.length));
    const next = value.slice(0, start) + token + value.slice(end);
    onChange(next);
    if (!area) return;
    area.value = next;
    area.focus();
    area.setSelectionRange(start + token.length, start + token.length);
  };
  return { ref, insert };
}

export function PromptField({ value, kind, describedBy, onChange, areaRef }: PromptFieldProps & { areaRef: RefObject<HTMLTextAreaElement | null> }) {
  return (
    <div class="field">
      <label for="create-prompt">Prompt</label>
      <textarea
        id="create-prompt"
        ref={areaRef}
        rows={6}
        value={value}
        placeholder={kind === "page" ? "e.g. Write a 500-word introduction to sourdough baking." : "e.g. Write a short product description for {{title}}."}
        aria-describedby={describedBy}
        onInput={(event) => onChange(event.currentTarget.value)}
      />
    </div>
  );
}
