import type { DatabaseInspection } from "../../../shared/protocol/types";

export const tickedText = ({ tickedCount, tickedCountIsLowerBound }: DatabaseInspection["preview"]): string =>
  tickedCountIsLowerBound ? `${tickedCount}+ rows ticked` : `${tickedCount} ${tickedCount === 1 ? "row" : "rows"} ticked`;

interface RowsPreviewProps {
  inspection: DatabaseInspection;
  busy: boolean;
  onRefresh: () => void;
}

/** How many rows are ticked, and the first rows of the database. */
export function RowsPreview({ inspection, busy, onRefresh }: RowsPreviewProps) {
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
