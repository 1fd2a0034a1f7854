import { useConfirm } from "../../components/ConfirmDialog";
import { CHECKBOX_TYPES, propertyNames, type DatabaseDraft } from "./databaseDraft";
import type { InspectionActions } from "./useInspection";

export const GENERATE_CHECKBOX = "Generate";
export const ADD_CHECKBOX_QUESTION = `Add a checkbox property named “${GENERATE_CHECKBOX}” to this database?`;

interface SelectionFieldProps {
  database: DatabaseDraft;
  actions: InspectionActions;
  onSelect: (name: string) => void;
}

/** The checkbox that picks rows, or an offer to add one. */
export function SelectionField({ database, actions, onSelect }: SelectionFieldProps) {
  const ask = useConfirm();
  const checkboxes = propertyNames(database.inspection, CHECKBOX_TYPES);
  if (checkboxes.length === 0) {
    const add = async () => {
      if (await ask(ADD_CHECKBOX_QUESTION, { confirmLabel: "Add checkbox", title: "Add a property?" })) void actions.addProperty(GENERATE_CHECKBOX, "checkbox");
    };
    return (
      <div class="stack-tight">
        <p id="no-checkbox">This database has no checkbox to pick rows.</p>
        <div class="row">
          <button type="button" id="add-checkbox" onClick={() => void add()} disabled={!!actions.busy}>
            Add a “{GENERATE_CHECKBOX}” checkbox
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="field">
      <label for="db-selection">Selection checkbox</label>
      <select
        id="db-selection"
        value={database.selectionProperty}
        aria-describedby="db-selection-hint"
        onChange={(event) => {
          const name = event.currentTarget.value;
          onSelect(name);
          void actions.inspect({ dataSourceId: database.inspection.dataSourceId, selectionProperty: name });
        }}
      >
        {!database.selectionProperty && <option value="">Pick a checkbox</option>}
        {checkboxes.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <p id="db-selection-hint" class="hint">
        Inkwell generates for the rows where this checkbox is ticked.
      </p>
    </div>
  );
}

