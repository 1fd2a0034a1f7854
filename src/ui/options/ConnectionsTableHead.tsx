import type { ListView } from "../connections/ListControls";
import type { SortKey } from "../connections/model";

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "type", label: "Type" },
  { key: null, label: "Target" },
  { key: null, label: "Prompt" },
  { key: "lastRun", label: "Last run" },
  { key: null, label: "Engine" },
  { key: "created", label: "Created" },
];

interface TableHeadProps {
  view: ListView;
  allVisibleSelected: boolean;
  noneVisible: boolean;
  onToggleAll: () => void;
  onSort: (key: SortKey) => void;
}

/** The header row: "Select all visible", and a sort button for each sortable column. */
export function ConnectionsTableHead({ view, allVisibleSelected, noneVisible, onToggleAll, onSort }: TableHeadProps) {
  return (
    <thead>
      <tr>
        <th scope="col" class="select">
          <input type="checkbox" aria-label="Select all visible" checked={allVisibleSelected} disabled={noneVisible} onChange={onToggleAll} />
        </th>
        {COLUMNS.map((column) => (
          <th
            key={column.label}
            scope="col"
            aria-sort={column.key && view.sort === column.key ? (view.direction === "asc" ? "ascending" : "descending") : undefined}
          >
            {column.key ? (
              <button type="button" class="sort" onClick={() => onSort(column.key!)}>
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
  );
}
