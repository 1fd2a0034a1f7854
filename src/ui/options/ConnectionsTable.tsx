import { useMemo, useRef, useState } from "preact/hooks";
import { UndoToast } from "../components/UndoToast";
import { ListControls, initialListView, type ListView } from "../connections/ListControls";
import { runOutcome } from "../../core/run-view";
import { defaultDirection, engineLabel, excerpt, filterRows, kindName, relativeTime, runResultLabel, sortRows, type SortKey } from "../connections/model";
import type { ConnectionsState } from "../connections/useConnections";
import { useDeleteWithUndo } from "../connections/useDeleteWithUndo";
import { errorMessage, request } from "../messaging";
import { ExportImport } from "./ExportImport";

interface ConnectionsTableProps {
  connections: ConnectionsState;
  onDetails: (id: string) => void;
}

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "type", label: "Type" },
  { key: null, label: "Target" },
  { key: null, label: "Prompt" },
  { key: "lastRun", label: "Last run" },
  { key: null, label: "Engine" },
  { key: "created", label: "Created" },
];

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
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const deletion = useDeleteWithUndo();
  const [deleting, setDeleting] = useState(false);
  // Connections being duplicated: a second click mustn't make a second copy (and a second Notion row).
  const duplicating = useRef(new Set<string>());
  const [, setDuplicatingCount] = useState(0);
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
  const duplicate = async (id: string, name: string) => {
    if (duplicating.current.has(id)) return;
    duplicating.current.add(id);
    setDuplicatingCount(duplicating.current.size);
    setStatus({ text: "" });
    try {
      const copy = await request("connection.duplicate", { id });
      setStatus({ text: `Duplicated “${name}” as “${copy.name}”.` });
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    } finally {
      duplicating.current.delete(id);
      setDuplicatingCount(duplicating.current.size);
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
          <thead>
            <tr>
              <th scope="col" class="select">
                <input type="checkbox" aria-label="Select all visible" checked={allVisibleSelected} disabled={visible.length === 0} onChange={toggleAll} />
              </th>
              {COLUMNS.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  aria-sort={column.key && view.sort === column.key ? (view.direction === "asc" ? "ascending" : "descending") : undefined}
                >
                  {column.key ? (
                    <button type="button" class="sort" onClick={() => sortBy(column.key!)}>
                      {column.label}
                      {view.sort === column.key ? (view.direction === "asc" ? " ↑" : " ↓") : ""}
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map(({ connection, lastRun }) => (
              <tr key={connection.id} data-connection-id={connection.id} class={selected.has(connection.id) ? "selected" : undefined}>
                <td class="select">
                  <input type="checkbox" aria-label={`Select ${connection.name}`} checked={selected.has(connection.id)} onChange={() => toggle(connection.id)} />
                </td>
                <td>
                  <button type="button" class="link" onClick={() => onDetails(connection.id)}>
                    {connection.name}
                  </button>
                </td>
                <td>{kindName(connection.kind)}</td>
                <td>
                  <a href={connection.url} target="_blank" rel="noreferrer">
                    {connection.targetTitle || "Untitled"}
                  </a>
                </td>
                <td class="prompt-cell" title={excerpt(connection.prompt, 400)}>
                  {excerpt(connection.prompt, 60)}
                </td>
                <td>
                  {lastRun ? (
                    <>
                      {relativeTime(lastRun.startedAt, now)} · <span class={`result ${runOutcome(lastRun)}`}>{runResultLabel(lastRun)}</span>
                    </>
                  ) : (
                    <span class="muted">never</span>
                  )}
                </td>
                <td>{engineLabel(connection)}</td>
                <td title={new Date(connection.createdAt).toLocaleString()}>{new Date(connection.createdAt).toLocaleDateString()}</td>
                <td class="actions">
                  <button type="button" class="ghost small" onClick={() => onDetails(connection.id)}>
                    Details
                  </button>
                  <button
                    type="button"
                    class="ghost small"
                    onClick={() => void duplicate(connection.id, connection.name)}
                    disabled={duplicating.current.has(connection.id)}
                  >
                    Duplicate
                  </button>
                </td>
              </tr>
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
