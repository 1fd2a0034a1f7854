import { useMemo, useState } from "preact/hooks";
import { UndoToast } from "../components/UndoToast";
import { useNavigation } from "../navigation";
import { ConnectionItem } from "./ConnectionItem";
import { ListControls, initialListView, type ListView } from "./ListControls";
import { filterRows, sortRows } from "./model";
import type { ConnectionsState } from "./useConnections";
import { useDeleteWithUndo } from "./useDeleteWithUndo";
import { useAutomationStates } from "./useAutomationStates";

export { RowMenu } from "./RowMenu";

interface ConnectionListProps {
  connections: ConnectionsState;
  onDetails: (id: string) => void;
  onCreate: () => void;
}

/**
 * The popup's compact list of connections: search, type filter, sort; a click
 * on a name opens it in Create, "Details" shows its history, ••• → Delete.
 *
 * Stable hooks for tests: ul#connection-list > li[data-connection-id]; in a
 * row, button.conn-name (the name), "Details", and "•••" (aria-label "More
 * actions for <name>") whose menu holds "Delete"; #undo-toast with "Undo".
 * Delete asks with the in-page dialog (#confirm-ok / #confirm-cancel).
 */
export function ConnectionList({ connections, onDetails, onCreate }: ConnectionListProps) {
  const [view, setView] = useState<ListView>(initialListView);
  const deletion = useDeleteWithUndo();
  const navigation = useNavigation();
  const { rows, error } = connections;
  const now = useMemo(() => Date.now(), [rows]);
  const visible = useMemo(() => (rows ? sortRows(filterRows(rows, view.filter), view.sort, view.direction) : []), [rows, view]);
  const automated = useMemo(() => (rows ?? []).filter((row) => row.connection.automation).map((row) => row.connection.id), [rows]);
  const automations = useAutomationStates(automated);

  if (!rows) return <p class={error ? "error" : "muted"}>{error || "Loading…"}</p>;
  return (
    <div class="stack">
      {rows.length === 0 ? (
        <p class="notice" id="no-connections">
          No connections yet. A connection is saved the first time you generate from Create.{" "}
          <button type="button" class="link" onClick={onCreate}>
            Go to Create
          </button>
        </p>
      ) : (
        <>
          <ListControls view={view} onChange={setView} idPrefix="list" />
          <p class="hint" id="list-count" aria-live="polite">
            {visible.length === rows.length ? `${rows.length} connections` : `${visible.length} of ${rows.length} connections`}
          </p>
          <ul id="connection-list" class="conn-list">
            {visible.map((row) => (
              <ConnectionItem
                key={row.connection.id}
                row={row}
                now={now}
                automation={automations.states.get(row.connection.id)}
                automationNow={automations.now}
                onOpen={() => void navigation.editConnection(row.connection)}
                onDetails={() => onDetails(row.connection.id)}
                onDelete={() => void deletion.remove([row.connection])}
              />
            ))}
          </ul>
          {visible.length === 0 && <p class="muted">No connection matches.</p>}
        </>
      )}
      {(error || deletion.error) && (
        <p role="alert" class="error">
          {deletion.error || error}
        </p>
      )}
      <UndoToast deletion={deletion} returnFocus={() => document.querySelector<HTMLElement>("#list-search, #no-connections button")} />
    </div>
  );
}
