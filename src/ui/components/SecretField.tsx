import { useState } from "preact/hooks";
import type { SecretHint } from "../../shared/protocol/types";

interface SecretFieldProps {
  id: string;
  label: string;
  /** What the user typed: undefined = keep the saved key, "" = remove it on Save. */
  value: string | undefined;
  /** The saved key as the worker describes it (never the key itself). */
  hint?: SecretHint;
  onInput: (value: string | undefined) => void;
  placeholder?: string;
}

/** "Set, ending in 9f2c" (or just "Set" for a short key). */
export function describeSavedSecret(hint: SecretHint): string {
  return hint.ending ? `Set, ending in …${hint.ending}` : "Set";
}

/**
 * A masked input that can be revealed. The saved key never comes back from the
 * worker: the field shows how it ends, and holds (and reveals) only what the
 * user types to replace it. autocomplete is off so password managers don't capture API keys.
 */
export function SecretField({ id, label, value, hint, onInput, placeholder }: SecretFieldProps) {
  const [revealed, setRevealed] = useState(false);
  const saved = hint?.set === true;
  const shownPlaceholder = value === "" && saved ? "Removed when you save" : saved && hint ? `${describeSavedSecret(hint)}. Type to replace it.` : placeholder;
  const common = {
    id,
    value: value ?? "",
    placeholder: shownPlaceholder,
    autocomplete: "off",
    spellcheck: false,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value || undefined),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="secret">
        {/* Two branches because Preact's types tie `type` to the attributes each input kind allows. */}
        {revealed ? <input type="text" {...common} /> : <input type="password" {...common} />}
        <button type="button" class="ghost" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
          {revealed ? "Hide" : "Show"}
        </button>
        {saved && value === undefined && (
          <button type="button" class="ghost" id={`${id}-remove`} onClick={() => onInput("")}>
            Remove
          </button>
        )}
      </div>
      {saved && hint && (
        <span id={`${id}-saved`} class="hint">
          {value === "" ? "The saved key will be removed when you save." : `${describeSavedSecret(hint)}.`}
        </span>
      )}
    </div>
  );
}
