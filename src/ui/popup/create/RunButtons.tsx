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
  onDryRun: () => void;
}

export const DRY_RUN_LABEL = "Preview without writing";
export const DRY_RUN_HINT = `“${DRY_RUN_LABEL}” generates for the first ${TRY_ROWS} ticked rows and shows what would be written, with the whole run's estimated cost; nothing is written until you press “Write these”.`;

/** Back, "Try on the first rows" (databases) and Generate (the form's submit). */
export function RunButtons({ isDatabase, disabled, busy, emptyPrompt, hints, generateLabel, onBack, onTry, onDryRun }: RunButtonsProps) {
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
      {isDatabase && (
        <button type="button" id="dry-run" disabled={disabled} aria-describedby={hints ? `${hints} dry-run-hint` : "dry-run-hint"} onClick={onDryRun}>
          {DRY_RUN_LABEL}
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
      {isDatabase && (
        <span id="dry-run-hint" class="hint">
          {DRY_RUN_HINT}
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
