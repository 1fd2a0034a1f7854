import { useMemo, useState } from "preact/hooks";
import { UndoToast } from "../components/UndoToast";
import { ListControls, initialListView, type ListView } from "../connections/ListControls";
import { defaultDirection, filterRows, sortRows, type SortKey } from "../connections/model";
import type { ConnectionsState } from "../connections/useConnections";
import { useDeleteWithUndo } from "../connections/useDeleteWithUndo";
import { ConnectionsTableHead } from "./ConnectionsTableHead";
import { ConnectionsTableRow } from "./ConnectionsTableRow";
import { ExportImport } from "./ExportImport";
import { useDuplicate, type TableStatus } from "./useDuplicate";

interface ConnectionsTableProps {
  connections: ConnectionsState;
  onDetails: (id: string) => void;
}

/**
 * The options page's connections, as a table for many of them: sortable
 * columns, search and type filter, checkboxes with "select all visible", bulk
 * delete (with Undo), duplicate, details; export and import.
 *
 * Stable hooks: table#connections-table > tbody > tr[data-connection-id];
 * column header buttons "Name", "Type", "Last run", "Created" (th aria-sort);
 * checkboxes labelled "Select <name>" and "Select all visible";
 * buttons "Delete selected", "Duplicate", "Details"; #selection-count;
 * #table-status; #undo-toast with "Undo".
 */
export function ConnectionsTable({ connections, onDetails }: ConnectionsTableProps) {
  const [view, setView] = useState<ListView>(initialListView);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<TableStatus>({ text: "" });
  const deletion = useDeleteWithUndo();
  const [deleting, setDeleting] = useState(false);
  const { duplicate, isDuplicating } = useDuplicate(setStatus);
  const { rows, error } = connections;
  const now = useMemo(() => Date.now(), [rows]);
  const visible = useMemo(() => (rows ? sortRows(filterRows(rows, view.filter), view.sort, view.direction) : []), [rows, view]);

  // Only what is still listed (and shown) counts as selected.
  const selectedVisible = visible.filter((row) => selected.has(row.connection.id));
  const allVisibleSelected = visible.length > 0 && selectedVisible.length === visible.length;

  const sortBy = (key: SortKey) =>
    setView({ ...view, sort: key, direction: view.sort === key ? (view.direction === "asc" ? "desc" : "asc") : defaultDirection(key) });
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const toggleAll = () => setSelected(allVisibleSelected ? new Set() : new Set(visible.map((row) => row.connection.id)));

  const deleteSelected = async () => {
    if (deleting) return;
    setDeleting(true);
    try {
      if (await deletion.remove(selectedVisible.map((row) => row.connection))) setSelected(new Set());
    } finally {
      setDeleting(false);
    }
  };

  if (!rows) return <p class={error ? "error" : "muted"}>{error || "Loading…"}</p>;
  return (
    <div class="stack">
      <div class="row toolbar">
        <ListControls view={view} onChange={setView} showSort={false} idPrefix="table" />
        <ExportImport />
      </div>
      <div class="row">
        <span id="selection-count" class="hint">
          {selectedVisible.length ? `${selectedVisible.length} selected` : `${visible.length} of ${rows.length} connections`}
        </span>
        <button type="button" class="danger" onClick={() => void deleteSelected()} disabled={selectedVisible.length === 0 || deleting}>
          Delete selected
        </button>
      </div>
      <div class="table-wrap">
        <table id="connections-table" class="data connections">
          <ConnectionsTableHead view={view} allVisibleSelected={allVisibleSelected} noneVisible={visible.length === 0} onToggleAll={toggleAll} onSort={sortBy} />
          <tbody>
            {visible.map((row) => (
              <ConnectionsTableRow
                key={row.connection.id}
                row={row}
                now={now}
                selected={selected.has(row.connection.id)}
                duplicating={isDuplicating(row.connection.id)}
                onToggle={toggle}
                onDetails={onDetails}
                onDuplicate={(id, name) => void duplicate(id, name)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p class="muted">No connections yet. Create one from Inkwell's popup (the toolbar icon).</p>}
      {rows.length > 0 && visible.length === 0 && <p class="muted">No connection matches.</p>}
      {(status.text || deletion.error || error) && (
        <p id="table-status" role={status.error || deletion.error || error ? "alert" : "status"} class={status.error || deletion.error || error ? "error" : "muted"}>
          {deletion.error || status.text || error}
        </p>
      )}
      <UndoToast deletion={deletion} />
    </div>
  );
}
