interface ToggleProps {
  id: string;
  label: string;
  help?: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}

/** A checkbox with its label (the label's text is its accessible name) and an optional hint below. */
export function Toggle({ id, label, help, checked, onChange }: ToggleProps) {
  return (
    <div class="stack-tight">
      <label class="toggle" for={id}>
        <input id={id} type="checkbox" checked={checked} aria-describedby={help ? `${id}-help` : undefined} onChange={(event) => onChange(event.currentTarget.checked)} />
        {label}
      </label>
      {help && (
        <p id={`${id}-help`} class="hint">
          {help}
        </p>
      )}
    </div>
  );
}
