import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { LENGTHS, TONES, type DraftOptions } from "./draft";

interface OptionsFieldsProps {
  options: DraftOptions;
  onChange: (patch: Partial<DraftOptions>) => void;
  /** More advanced fields (the engine override), and whether they hold a choice (which unfolds the section). */
  children?: ComponentChildren;
  customised?: boolean;
}

const isDefault = (options: DraftOptions) =>
  !options.tone && !options.length && !options.systemInstruction && !options.temperature && !options.maxOutputTokens;

/** The optional generation settings, folded away unless some are set. */
export function OptionsFields({ options, onChange, children, customised = false }: OptionsFieldsProps) {
  // Decided once: re-deriving it on every render would fold the section while someone edits it.
  const [open] = useState(() => customised || !isDefault(options));
  return (
    <details class="options-fields" open={open}>
      <summary>Options</summary>
      <div class="stack">
        <div class="grid-2">
          <div class="field">
            <label for="create-tone">Tone</label>
            <select id="create-tone" value={options.tone} onChange={(event) => onChange({ tone: event.currentTarget.value as DraftOptions["tone"] })}>
              {TONES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="create-length">Length</label>
            <select id="create-length" value={options.length} onChange={(event) => onChange({ length: event.currentTarget.value as DraftOptions["length"] })}>
              {LENGTHS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="create-system">System instruction</label>
          <textarea
            id="create-system"
            rows={3}
            value={options.systemInstruction}
            placeholder="e.g. You write for a technical blog. Use headings and short paragraphs."
            onInput={(event) => onChange({ systemInstruction: event.currentTarget.value })}
          />
        </div>
        <div class="grid-2">
          <div class="field">
            <label for="create-temperature">Temperature</label>
            <input
              id="create-temperature"
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={options.temperature}
              placeholder="Default"
              onInput={(event) => onChange({ temperature: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="create-max-tokens">Maximum length (tokens)</label>
            <input
              id="create-max-tokens"
              type="number"
              min={16}
              step={1}
              value={options.maxOutputTokens}
              placeholder="Default"
              onInput={(event) => onChange({ maxOutputTokens: event.currentTarget.value })}
            />
          </div>
        </div>
        {children}
      </div>
    </details>
  );
}
