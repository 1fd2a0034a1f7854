import { useState } from "preact/hooks";

interface SecretFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
}

/** A masked input that can be revealed. autocomplete is off so password managers don't capture API keys. */
export function SecretField({ id, label, value, onInput, placeholder }: SecretFieldProps) {
  const [revealed, setRevealed] = useState(false);
  const common = {
    id,
    value,
    placeholder,
    autocomplete: "off",
    spellcheck: false,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
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
      </div>
    </div>
  );
}
