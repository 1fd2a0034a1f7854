import { useRef, useState } from "preact/hooks";
import type { ImportReport } from "../../shared/protocol/types";
import { ImportReportView } from "../components/ImportReportView";
import { errorMessage, request } from "../messaging";

/** "inkwell-connections-2026-11-21.json". */
export const exportFileName = (date = new Date()): string => `inkwell-connections-${date.toISOString().slice(0, 10)}.json`;

/** Saves text as a file through a Blob URL and an <a download> (no downloads permission needed). */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Export (connection.export → a .json download; never any secret) and Import
 * (a chosen file's text → connection.import, validated by the worker → report).
 *
 * Stable hooks: button "Export", input#import-file (label "Import"), #import-report, #export-status.
 */
export function ExportImport() {
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const [report, setReport] = useState<ImportReport | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);

  const exportAll = async () => {
    setStatus({ text: "" });
    try {
      const file = await request("connection.export", {});
      downloadText(`${JSON.stringify(file, null, 2)}\n`, exportFileName());
      setStatus({ text: `Exported ${file.connections.length} ${file.connections.length === 1 ? "connection" : "connections"}.` });
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    // Disabled until the worker answers: a second import of the same file would add its connections twice.
    setImporting(true);
    setStatus({ text: "Importing…" });
    setReport(null);
    try {
      setReport(await request("connection.import", { json: await file.text() }));
      setStatus({ text: "" });
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    } finally {
      // Choosing the same file again must import it again.
      if (fileRef.current) fileRef.current.value = "";
      setImporting(false);
    }
  };

  return (
    <div class="stack-tight export-import">
      <div class="row">
        <button type="button" onClick={() => void exportAll()}>
          Export
        </button>
        <input
          id="import-file"
          ref={fileRef}
          class="visually-hidden"
          type="file"
          accept=".json,application/json"
          disabled={importing}
          onChange={(event) => void importFile(event.currentTarget.files?.[0])}
        />
        {/* After the input, so that its keyboard focus can outline this label (the input itself is visually hidden). */}
        <label class="file-button" for="import-file" aria-disabled={importing}>
          Import
        </label>
      </div>
      {status.text && (
        <p id="export-status" role={status.error ? "alert" : "status"} class={status.error ? "error" : "muted"}>
          {status.text}
        </p>
      )}
      {report && <ImportReportView report={report} id="import-report" />}
    </div>
  );
}
