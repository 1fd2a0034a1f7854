import { useEffect, useRef } from "preact/hooks";
import { isRunActive } from "../../../core/run-view";
import type { DatabaseInspection } from "../../../shared/protocol/types";
import type { Run } from "../../../shared/storage/schema";
import { useConfirm } from "../../components/ConfirmDialog";
import { CHECKBOX_TYPES, propertyNames, type DatabaseDraft } from "./databaseDraft";
import { OutputFields } from "./OutputFields";
import type { DraftPatch } from "./useDraft";
import type { InspectionActions } from "./useInspection";

/** An inspection older than this is read again when the popup reopens on the setup. */
export const INSPECTION_FRESH_MS = 10_000;
export const GENERATE_CHECKBOX = "Generate";
export const ADD_CHECKBOX_QUESTION = `Add a checkbox property named “${GENERATE_CHECKBOX}” to this database?`;

interface DatabaseSetupProps {
  database: DatabaseDraft;
  update: (patch: DraftPatch, now?: boolean) => void;
  actions: InspectionActions;
  /** The draft's latest run: the rows are read again when it ends (it clears their checkboxes). */
  run: Run | null;
}

export const tickedText = ({ tickedCount, tickedCountIsLowerBound }: DatabaseInspection["preview"]): string =>
  tickedCountIsLowerBound ? `${tickedCount}+ rows ticked` : `${tickedCount} ${tickedCount === 1 ? "row" : "rows"} ticked`;

/** Step 2 for a database, above the prompt: which rows (data source, selection checkbox, preview) and where answers go. */
export function DatabaseSetup({ database, update, actions, run }: DatabaseSetupProps) {
  const { inspection } = database;
  const setDatabase = (patch: Partial<DatabaseDraft>) => update((current) => (current.database ? { database: { ...current.database, ...patch } } : {}));
  useRefreshes(database, actions, run);

  return (
    <div class="stack database-setup">
      <fieldset>
        <legend>Rows</legend>
        {inspection.dataSources.length > 1 && (
          <div class="field">
            <label for="db-data-source">Data source</label>
            <select id="db-data-source" value={inspection.dataSourceId} disabled={!!actions.busy} onChange={(event) => void actions.inspect({ dataSourceId: event.currentTarget.value })}>
              {inspection.dataSources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name || source.id}
                </option>
              ))}
            </select>
          </div>
        )}
        <SelectionField database={database} actions={actions} onSelect={(selectionProperty) => setDatabase({ selectionProperty })} />
        <RowsPreview inspection={inspection} busy={!!actions.busy} onRefresh={() => void actions.inspect({ dataSourceId: inspection.dataSourceId, selectionProperty: database.selectionProperty })} />
      </fieldset>
      <OutputFields database={database} actions={actions} onChange={setDatabase} />
      {actions.error && (
        <p id="database-error" role="alert" class="error">
          {actions.error}
        </p>
      )}
      {actions.busy && (
        <p class="muted" aria-live="polite">
          {actions.busy}
        </p>
      )}
    </div>
  );
}

/** Reads the database again when a reopened popup shows an old inspection, and when a run ends while it is open. */
function useRefreshes(database: DatabaseDraft, actions: InspectionActions, run: Run | null) {
  const refresh = () => void actions.inspect({ dataSourceId: database.inspection.dataSourceId, selectionProperty: database.selectionProperty });
  const mountedAt = useRef(Date.now());
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (Date.now() - database.inspectedAt > INSPECTION_FRESH_MS) refresh();
    // Only once, on opening.
  }, []);
  const ended = run && !isRunActive(run) && (run.endedAt ?? Date.now()) >= mountedAt.current ? run.id : null;
  useEffect(() => {
    if (!ended || refreshedFor.current === ended) return;
    refreshedFor.current = ended;
    refresh();
  }, [ended]);
}

interface SelectionFieldProps {
  database: DatabaseDraft;
  actions: InspectionActions;
  onSelect: (name: string) => void;
}

function SelectionField({ database, actions, onSelect }: SelectionFieldProps) {
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

interface RowsPreviewProps {
  inspection: DatabaseInspection;
  busy: boolean;
  onRefresh: () => void;
}

function RowsPreview({ inspection, busy, onRefresh }: RowsPreviewProps) {
  const { preview, selectionProperty } = inspection;
  return (
    <div class="stack-tight">
      <div class="row">
        <span id="ticked-count" class="ticked-count">
          {selectionProperty ? tickedText(preview) : "No rows can be ticked yet."}
        </span>
        <button type="button" class="link" id="refresh-preview" onClick={onRefresh} disabled={busy}>
          Refresh
        </button>
      </div>
      <div class="table-scroll">
        <table id="db-preview" class="db-preview">
          <caption class="hint">First rows of “{inspection.title}”</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col" class="tick">
                {selectionProperty ?? "Ticked"}
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.length === 0 && (
              <tr>
                <td colSpan={2} class="muted">
                  No rows yet.
                </td>
              </tr>
            )}
            {preview.rows.map((row) => (
              <tr key={row.id} data-row-id={row.id}>
                <td>{row.title || "Untitled"}</td>
                <td class="tick">{row.checked ? "✓" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
