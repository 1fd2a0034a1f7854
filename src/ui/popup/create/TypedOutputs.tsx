import type { DatabaseDraft } from "./databaseDraft";
import { Toggle } from "./Toggle";
import { toggleTyped, typedCandidates, UNREAD_TYPE } from "./typedDraft";

export const TYPE_LABELS: Record<string, string> = {
  rich_text: "text",
  select: "select",
  multi_select: "multi-select",
  status: "status",
  number: "number",
  date: "date",
  checkbox: "checkbox",
  url: "URL",
  email: "email",
  [UNREAD_TYPE]: "reading…",
};

const EXAMPLES: Record<string, string> = {
  rich_text: "e.g. A one-sentence summary",
  select: "e.g. One of the existing options",
  multi_select: "e.g. 1–3 of the existing options",
  status: "e.g. The stage this row is at",
  number: "e.g. A score from 1 to 10",
  date: "e.g. The due date the notes mention",
  checkbox: "e.g. Ticked if the notes mention a deadline",
  url: "e.g. The source's link",
  email: "e.g. The contact's email address",
};

export const ALLOW_NEW_OPTIONS_LABEL = "Allow new select and multi-select options";
export const ALLOW_NEW_OPTIONS_HELP =
  "Without this, an answer must use the options a property already has, or its row fails with the reason. A status property can't gain options through Notion's API, so it always uses its existing ones.";

const OPTION_TYPES = ["select", "multi_select", "status"];

interface TypedOutputsProps {
  database: DatabaseDraft;
  onChange: (patch: Partial<DatabaseDraft>) => void;
}

/** The properties one answer fills, each with its own instruction, and the consent to add options. */
export function TypedOutputs({ database, onChange }: TypedOutputsProps) {
  const candidates = typedCandidates(database);
  const chosen = new Map(database.typedProperties.map((entry) => [entry.property, entry]));
  const types = new Map(database.inspection.properties.map((property) => [property.name, property.type]));
  const asksOptions = database.typedProperties.some((entry) => OPTION_TYPES.includes(types.get(entry.property) ?? ""));
  const setInstruction = (property: string, instruction: string) =>
    onChange({ typedProperties: database.typedProperties.map((entry) => (entry.property === property ? { ...entry, instruction } : entry)) });

  return (
    <fieldset id="typed-outputs" class="stack-tight">
      <legend>Properties to fill</legend>
      <p class="hint">One answer fills every property ticked here. Each value is checked against the property's type and options before anything is written.</p>
      {candidates.length === 0 && <p class="hint">This database has no property Inkwell can fill (text, select, multi-select, status, number, date, checkbox, URL or email).</p>}
      {candidates.map((property, index) => {
        const entry = chosen.get(property.name);
        const id = `typed-${index}`;
        return (
          <div key={property.name} class="typed-property stack-tight" data-property={property.name}>
            <div class="row">
              <label class="toggle" for={id}>
                <input id={id} type="checkbox" checked={!!entry} onChange={(event) => onChange(toggleTyped(database, property.name, event.currentTarget.checked))} />
                Fill “{property.name}”
              </label>
              <span class="badge">{TYPE_LABELS[property.type] ?? property.type}</span>
            </div>
            {entry && (
              <div class="field">
                <label for={`${id}-instruction`}>Instruction for “{property.name}”</label>
                <input
                  id={`${id}-instruction`}
                  autocomplete="off"
                  maxLength={2_000}
                  value={entry.instruction}
                  placeholder={EXAMPLES[property.type] ?? "Optional"}
                  aria-describedby={property.options ? `${id}-options` : undefined}
                  onInput={(event) => setInstruction(property.name, event.currentTarget.value)}
                />
                {property.options && (
                  <p id={`${id}-options`} class="hint">
                    {property.options.length ? `Options: ${property.options.join(", ")}` : "No options yet."}
                  </p>
                )}
              </div>
            )}
          </div>
        );
      })}
      {asksOptions && (
        <Toggle id="typed-allow-new-options" label={ALLOW_NEW_OPTIONS_LABEL} help={ALLOW_NEW_OPTIONS_HELP} checked={database.allowNewOptions} onChange={(allowNewOptions) => onChange({ allowNewOptions })} />
      )}
    </fieldset>
  );
}
