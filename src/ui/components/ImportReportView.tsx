import type { ImportReport } from "../../shared/protocol/types";

const count = (value: number, one: string, many: string) => `${value} ${value === 1 ? one : many}`;

/**
 * What an import did: added, updated and skipped connections (with why).
 * The role="status" region is always in the page (pass report null for none)
 * and only its content changes: a live region inserted together with its text
 * is often not read.
 */
export function ImportReportView({ report, id }: { report: ImportReport | null | undefined; id: string }) {
  return (
    <div class="live-region" role="status">
      {report && <Report report={report} id={id} />}
    </div>
  );
}

function Report({ report, id }: { report: ImportReport; id: string }) {
  const { added, updated, skipped } = report;
  return (
    <div id={id} class="notice import-report">
      <p>
        <b>
          {count(added.length, "connection", "connections")} added, {updated.length} updated, {skipped.length} skipped.
        </b>
      </p>
      {added.length > 0 && <p class="report-added">Added: {added.join(", ")}</p>}
      {updated.length > 0 && <p class="report-updated">Updated: {updated.join(", ")}</p>}
      {skipped.length > 0 && (
        <ul class="report-skipped tight">
          {skipped.map((item, index) => (
            <li key={index}>
              Skipped “{item.name || "unnamed"}”: {item.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
