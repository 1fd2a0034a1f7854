import { useState } from "preact/hooks";
import { useConfirm } from "../../components/ConfirmDialog";
import { propertyNames, STATUS_TYPES, TEXT_TYPES, type DatabaseDraft } from "./databaseDraft";
import type { InspectionActions } from "./useInspection";

/** The "Text property" option that names a new property instead (no property name can hold a NUL). */
const NEW_PROPERTY = "\u0000new";
export const DEFAULT_NEW_PROPERTY = "AI output";
export const STATUS_HELP = "The row's checkbox is cleared; the status is set to Done, or Error with the reason.";
export const addTextQuestion = (name: string) => `Add a text property named “${name}” to this database?`;

interface OutputFieldsProps {
  database: DatabaseDraft;
  actions: InspectionActions;
  onChange: (patch: Partial<DatabaseDraft>) => void;
}

/** Where each row's answer goes (its body or a text property), and what marks a finished row. */
export function OutputFields({ database, actions, onChange }: OutputFieldsProps) {
  const { inspection } = database;
  const texts = propertyNames(inspection, TEXT_TYPES);
  const statuses = propertyNames(inspection, STATUS_TYPES);
  return (
    <>
      <fieldset>
        <legend>Output</legend>
        <div class="field">
          <label for="db-output">Write the answer to</label>
          <select id="db-output" value={database.output} onChange={(event) => onChange({ output: event.currentTarget.value === "property" ? "property" : "body" })}>
            <option value="body">The row's page body</option>
            <option value="property">A text property</option>
          </select>
        </div>
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

function NewTextProperty({ database, actions, onChange }: OutputFieldsProps) {
  const [name, setName] = useState(DEFAULT_NEW_PROPERTY);
  const [problem, setProblem] = useState("");
  const ask = useConfirm();
  const trimmed = name.trim();

  const create = async () => {
    const existing = database.inspection.properties.find((property) => property.name === trimmed);
    if (existing?.type === "rich_text") {
      onChange({ outputProperty: trimmed });
      return;
    }
    if (existing) {
      setProblem(`This database already has a ${existing.type.replace(/_/g, " ")} property named “${trimmed}”: choose another name.`);
      return;
    }
    setProblem("");
    if (!(await ask(addTextQuestion(trimmed), { confirmLabel: "Add column", title: "Add a property?" }))) return;
    void actions.addProperty(trimmed, "rich_text", () => ({ output: "property", outputProperty: trimmed }));
  };

  return (
    <div class="stack-tight">
      <div class="row new-property">
        <div class="field grow">
          <label for="db-new-property">New property name</label>
          <input
            id="db-new-property"
            value={name}
            autocomplete="off"
            maxLength={200}
            aria-invalid={problem ? true : undefined}
            onInput={(event) => {
              setName(event.currentTarget.value);
              setProblem("");
            }}
            onKeyDown={(event) => {
              // Enter here means this button, not the form's Generate.
              if (event.key !== "Enter") return;
              event.preventDefault();
              if (trimmed && !actions.busy) void create();
            }}
          />
        </div>
        <button type="button" id="create-property" onClick={() => void create()} disabled={!trimmed || !!actions.busy}>
          Create property
        </button>
      </div>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </div>
  );
}
