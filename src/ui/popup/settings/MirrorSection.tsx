/**
 * Settings → "Connections database in Notion": where Inkwell mirrors every
 * connection, so they can be seen in Notion and restored on another browser.
 *
 * Stable ids and names for tests (e2e drives these):
 *   #mirror-section (fieldset, legend "Connections database in Notion")
 *   #mirror-status        status line ("Mirroring to … · 3 changes waiting to sync" / "Not set up…")
 *   a#mirror-database-link  the database in Notion
 *   button "Sync now"     (#mirror-sync) → mirror.retry
 *   #mirror-error         the last sync error (role alert)
 *   input #mirror-parent  label "Parent page URL"; button "Create it for me" (#mirror-create) → mirror.create
 *   input #mirror-existing  label "Existing database URL"; button "Use this database" (#mirror-connect)
 *   #mirror-missing       the columns to add (ul), button "Add these columns" (#mirror-add-columns)
 *   #mirror-result        what the last action did (role status), a#mirror-result-link
 *   button "Import from Notion" (#mirror-import) → mirror.import; #mirror-import-report
 */
import { ImportReportView } from "../../components/ImportReportView";
import { MirrorSetupForm } from "./MirrorSetupForm";
import { MirrorStatusView } from "./MirrorStatusView";
import { useMirror } from "./useMirror";

export { pendingText } from "./MirrorStatusView";

export function MirrorSection() {
  const mirror = useMirror();
  const { status, statusError, busy, result, report, sync, importFromNotion } = mirror;
  const configured = Boolean(status?.databaseUrl);
  return (
    <fieldset id="mirror-section">
      <legend>Connections database in Notion</legend>
      <MirrorStatusView status={status} statusError={statusError} busy={busy} sync={sync} />
      <MirrorSetupForm mirror={mirror} open={status !== null && !configured} configured={configured} />
      {result && (
        <p id="mirror-result" role={result.error ? "alert" : "status"} class={result.error ? "error" : "check ok"}>
          {result.text}{" "}
          {result.link && (
            <a id="mirror-result-link" href={result.link} target="_blank" rel="noreferrer">
              Open it in Notion
            </a>
          )}
        </p>
      )}
      <div class="row">
        <button type="button" id="mirror-import" onClick={() => void importFromNotion()} disabled={busy !== "" || !configured}>
          {busy === "import" ? "Importing…" : "Import from Notion"}
        </button>
        <span class="hint">Restores connections from the database (a new browser, or after Clear).</span>
      </div>
      <ImportReportView report={report} id="mirror-import-report" />
    </fieldset>
  );
}
