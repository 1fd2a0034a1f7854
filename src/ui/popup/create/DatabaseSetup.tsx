import { useEffect, useRef } from "preact/hooks";
import type { OutputPlacement, Run } from "../../../shared/storage/schema";
import type { DatabaseDraft } from "./databaseDraft";
import { OutputFields } from "./OutputFields";
import { RowsPreview } from "./RowsPreview";
import { SelectionField } from "./SelectionField";
import type { DraftPatch } from "./useDraft";
import type { InspectionActions } from "./useInspection";
import { isRunActive } from "../../../core/run-view";

/** An inspection older than this is read again when the popup reopens on the setup. */
export const INSPECTION_FRESH_MS = 10_000;

interface DatabaseSetupProps {
  database: DatabaseDraft;
  update: (patch: DraftPatch, now?: boolean) => void;
  actions: InspectionActions;
  /** The draft's latest run: the rows are read again when it ends (it clears their checkboxes). */
  run: Run | null;
  /** Where body output goes in each row. */
  placement: OutputPlacement;
  onPlacement: (placement: OutputPlacement) => void;
}

/** Step 2 for a database, above the prompt: which rows (data source, selection checkbox, preview) and where answers go. */
export function DatabaseSetup({ database, update, actions, run, placement, onPlacement }: DatabaseSetupProps) {
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
      <OutputFields database={database} actions={actions} onChange={setDatabase} placement={placement} onPlacement={onPlacement} />
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
