import { useState } from "preact/hooks";
import { useConfirm } from "../../components/ConfirmDialog";
import type { DatabaseDraft } from "./databaseDraft";
import type { InspectionActions } from "./useInspection";

export const DEFAULT_NEW_PROPERTY = "AI output";
export const addTextQuestion = (name: string) => `Add a text property named “${name}” to this database?`;

interface NewTextPropertyProps {
  database: DatabaseDraft;
  actions: InspectionActions;
  onChange: (patch: Partial<DatabaseDraft>) => void;
}

/** Names a new text property for the answer, and adds it to the database once the user agrees. */
export function NewTextProperty({ database, actions, onChange }: NewTextPropertyProps) {
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
