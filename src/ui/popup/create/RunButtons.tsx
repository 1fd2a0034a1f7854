import { EMPTY_PROMPT_MESSAGE, TRY_ROWS } from "./runLimits";

interface RunButtonsProps {
  isDatabase: boolean;
  disabled: boolean;
  busy: boolean;
  emptyPrompt: boolean;
  /** Ids of the hints that say why the buttons are disabled. */
  hints: string;
  generateLabel: string;
  onBack: () => void;
  onTry: () => void;
}

/** Back, "Try on the first rows" (databases) and Generate (the form's submit). */
export function RunButtons({ isDatabase, disabled, busy, emptyPrompt, hints, generateLabel, onBack, onTry }: RunButtonsProps) {
  return (
    <div class="row">
      <button type="button" id="prompt-back" onClick={onBack} disabled={busy}>
        Back
      </button>
      {isDatabase && (
        <button type="button" id="try-rows" disabled={disabled} aria-describedby={hints || undefined} onClick={onTry}>
          Try on the first {TRY_ROWS} rows
        </button>
      )}
      <button type="submit" class="primary" id="generate" disabled={disabled} aria-describedby={hints || undefined}>
        {generateLabel}
      </button>
      {emptyPrompt && (
        <span id="generate-hint" class="muted">
          {EMPTY_PROMPT_MESSAGE}
        </span>
      )}
      {busy && (
        <span class="muted" role="status">
          Starting…
        </span>
      )}
    </div>
  );
}
