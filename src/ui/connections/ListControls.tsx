import type { TargetKind } from "../../shared/storage/schema";
import { defaultDirection, SORT_LABELS, type RowFilter, type SortDirection, type SortKey } from "./model";

export interface ListView {
  sort: SortKey;
  direction: SortDirection;
  filter: RowFilter;
}

export const initialListView = (): ListView => ({ sort: "name", direction: "asc", filter: { kind: "", text: "" } });

interface ListControlsProps {
  view: ListView;
  onChange: (view: ListView) => void;
  /** The popup shows a sort menu; the options table sorts by its column headers instead. */
  showSort?: boolean;
  /** Makes ids unique when both a list and a table could be on one page. */
  idPrefix: string;
}

/** Search, type filter and (in the popup) sort. Labels: "Search", "Show", "Sort by"; button "Reverse order". */
export function ListControls({ view, onChange, showSort = true, idPrefix }: ListControlsProps) {
  const setFilter = (patch: Partial<RowFilter>) => onChange({ ...view, filter: { ...view.filter, ...patch } });
  return (
    <div class="list-controls">
      <div class="field grow">
        <label for={`${idPrefix}-search`}>Search</label>
        <input
          id={`${idPrefix}-search`}
          type="search"
          value={view.filter.text}
          placeholder="Name, target or prompt"
          autocomplete="off"
          onInput={(event) => setFilter({ text: event.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`${idPrefix}-kind`}>Show</label>
        <select id={`${idPrefix}-kind`} value={view.filter.kind} onChange={(event) => setFilter({ kind: event.currentTarget.value as "" | TargetKind })}>
          <option value="">All</option>
          <option value="page">Pages</option>
          <option value="database">Databases</option>
        </select>
      </div>
      {showSort && (
        <div class="field">
          <label for={`${idPrefix}-sort`}>Sort by</label>
          <div class="row nowrap">
            <select
              id={`${idPrefix}-sort`}
              value={view.sort}
              onChange={(event) => {
                const sort = event.currentTarget.value as SortKey;
                onChange({ ...view, sort, direction: defaultDirection(sort) });
              }}
            >
              {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
                <option key={key} value={key}>
                  {SORT_LABELS[key]}
                </option>
              ))}
            </select>
            <button
              type="button"
              class="ghost"
              id={`${idPrefix}-direction`}
              aria-label="Reverse order"
              title={view.direction === "asc" ? "Ascending" : "Descending"}
              onClick={() => onChange({ ...view, direction: view.direction === "asc" ? "desc" : "asc" })}
            >
              {view.direction === "asc" ? "↑" : "↓"}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
