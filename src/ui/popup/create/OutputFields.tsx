import type { OutputPlacement } from "../../../shared/storage/schema";
import { propertyNames, STATUS_TYPES, TEXT_TYPES, type DatabaseDraft } from "./databaseDraft";
import { NewTextProperty } from "./NewTextProperty";
import { PlacementField } from "./PlacementField";
import { TypedOutputs } from "./TypedOutputs";
import type { InspectionActions } from "./useInspection";

/** The "Text property" option that names a new property instead (no property name can hold a NUL). */
const NEW_PROPERTY = "\u0000new";
export const TYPED_WITH_PROPERTY =
  "A text property gets the whole answer as text. To fill several properties (tags, a score, a date…) from one answer, write the answer to the row's body, or to the chosen properties only.";
export const STATUS_HELP = "The row's checkbox is cleared; the status is set to Done, or Error with the reason.";
const OUTPUTS: ReadonlyArray<[DatabaseDraft["output"], string]> = [
  ["body", "The row's page body"],
  ["property", "A text property"],
  ["typed", "Only the properties chosen below"],
];

interface OutputFieldsProps {
  database: DatabaseDraft;
  actions: InspectionActions;
  onChange: (patch: Partial<DatabaseDraft>) => void;
  placement: OutputPlacement;
  onPlacement: (placement: OutputPlacement) => void;
}

/** Where each row's answer goes (its body, a text property, typed properties), and what marks a finished row. */
export function OutputFields({ database, actions, onChange, placement, onPlacement }: OutputFieldsProps) {
  const { inspection } = database;
  const texts = propertyNames(inspection, TEXT_TYPES);
  const statuses = propertyNames(inspection, STATUS_TYPES);
  return (
    <>
      <fieldset>
        <legend>Output</legend>
        <div class="field">
          <label for="db-output">Write the answer to</label>
          <select id="db-output" value={database.output} onChange={(event) => onChange({ output: OUTPUTS.find(([value]) => value === event.currentTarget.value)?.[0] ?? "body" })}>
            {OUTPUTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {database.output === "body" && <PlacementField placement={placement} where="row" onChange={onPlacement} />}
        {database.output === "property" && (
          <>
            <div class="grid-2">
              <div class="field">
                <label for="db-output-property">Text property</label>
                <select
                  id="db-output-property"
                  value={database.outputProperty || NEW_PROPERTY}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    onChange({ outputProperty: value === NEW_PROPERTY ? "" : value });
                  }}
                >
                  {texts.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                  <option value={NEW_PROPERTY}>New property…</option>
                </select>
              </div>
              <div class="field">
                <label for="db-overwrite">Overwrite</label>
                <select id="db-overwrite" value={database.overwrite} onChange={(event) => onChange({ overwrite: event.currentTarget.value === "always" ? "always" : "if_empty" })}>
                  <option value="if_empty">Only if empty</option>
                  <option value="always">Always</option>
                </select>
              </div>
            </div>
            {!database.outputProperty && <NewTextProperty database={database} actions={actions} onChange={onChange} />}
          </>
        )}
      </fieldset>
      {database.output === "property" ? (
        <p id="typed-with-property" class="hint">
          {TYPED_WITH_PROPERTY}
        </p>
      ) : (
        <TypedOutputs database={database} onChange={onChange} />
      )}
      <fieldset>
        <legend>After a row succeeds</legend>
        <div class="field">
          <label for="db-status">Status property</label>
          <select id="db-status" value={database.statusProperty} aria-describedby="db-status-help" onChange={(event) => onChange({ statusProperty: event.currentTarget.value })}>
            <option value="">None</option>
            {statuses.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <p id="db-status-help" class="hint">
            {database.statusProperty ? STATUS_HELP : "The row's checkbox is cleared."}
          </p>
        </div>
      </fieldset>
    </>
  );
}
