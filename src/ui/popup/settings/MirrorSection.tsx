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
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ImportReport, MirrorSetup, MirrorStatus } from "../../../shared/protocol/types";
import { ImportReportView } from "../../components/ImportReportView";
import { errorMessage, request } from "../../messaging";
import { useStorageChanges } from "../../storageSync";

type Busy = "" | "create" | "connect" | "add" | "sync" | "import";
type Result = { text: string; link?: string; error?: boolean };

export const pendingText = (pending: number): string => (pending === 1 ? "1 change waiting to sync" : `${pending} changes waiting to sync`);

export function MirrorSection() {
  const [status, setStatus] = useState<MirrorStatus | null>(null);
  const [statusError, setStatusError] = useState("");
  const [busy, setBusy] = useState<Busy>("");
  const [parentUrl, setParentUrl] = useState("");
  const [existingUrl, setExistingUrl] = useState("");
  const [missing, setMissing] = useState<{ url: string; columns: string[] } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  const refresh = useCallback(async () => {
    try {
      setStatus(await request("mirror.status", {}));
      setStatusError("");
    } catch (failure) {
      setStatusError(errorMessage(failure));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useStorageChanges(["mirror", "settings"], () => void refresh());

  const act = async (what: Busy, work: () => Promise<void>) => {
    setBusy(what);
    setResult(null);
    try {
      await work();
    } catch (failure) {
      setResult({ text: errorMessage(failure), error: true });
    } finally {
      setBusy("");
    }
  };

  const done = (setup: MirrorSetup, text: string) => {
    setResult({ text, link: setup.databaseUrl });
    void refresh();
  };

  const create = () =>
    act("create", async () => {
      const url = parentUrl.trim();
      if (!url) throw new Error("Paste the link of a Notion page your token can see (••• → Copy link).");
      const setup = await request("mirror.create", { parentUrl: url });
      setParentUrl("");
      setMissing(null);
      done(setup, "Created your connections database. Every connection is mirrored there from now on.");
    });

  const connect = () =>
    act("connect", async () => {
      const url = existingUrl.trim();
      if (!url) throw new Error("Paste the link of a Notion database your token can see (••• → Copy link).");
      const setup = await request("mirror.connect", { url, addMissing: false });
      if (setup.missingColumns.length > 0) {
        // Changing the user's database needs their consent first.
        setMissing({ url, columns: setup.missingColumns });
        return;
      }
      setMissing(null);
      done(setup, "Connected. Every connection is mirrored to this database from now on.");
    });

  const addColumns = () =>
    act("add", async () => {
      if (!missing) return;
      const setup = await request("mirror.connect", { url: missing.url, addMissing: true });
      setMissing(setup.missingColumns.length > 0 ? { url: missing.url, columns: setup.missingColumns } : null);
      if (setup.missingColumns.length === 0) done(setup, "Columns added. Every connection is mirrored to this database from now on.");
    });

  const sync = () =>
    act("sync", async () => {
      setStatus(await request("mirror.retry", {}));
    });

  const importFromNotion = () =>
    act("import", async () => {
      setReport(null);
      setReport(await request("mirror.import", {}));
    });

  const configured = Boolean(status?.databaseUrl);
  return (
    <fieldset id="mirror-section">
      <legend>Connections database in Notion</legend>
      <p id="mirror-status" role="status">
        {!status && !statusError && <span class="muted">Checking…</span>}
        {status && !status.databaseUrl && <span class="muted">Not set up: your connections are kept in this browser only.</span>}
        {status?.databaseUrl && (
          <>
            Mirroring to{" "}
            <a id="mirror-database-link" href={status.databaseUrl} target="_blank" rel="noreferrer">
              your connections database
            </a>
            {status.pending > 0 ? ` · ${pendingText(status.pending)}` : " · up to date"}
          </>
        )}
      </p>
      {statusError && <p class="error">{statusError}</p>}
      {status?.databaseUrl && status.pending > 0 && (
        <div class="row">
          <button type="button" id="mirror-sync" onClick={() => void sync()} disabled={busy !== ""}>
            {busy === "sync" ? "Syncing…" : "Sync now"}
          </button>
        </div>
      )}
      {status?.lastError && (
        <p id="mirror-error" role="alert" class="error">
          Last sync failed: {status.lastError}
        </p>
      )}
      <details class="mirror-setup" open={status !== null && !configured}>
        <summary>{configured ? "Use another database" : "Set it up"}</summary>
        <div class="stack">
          <div class="field">
            <label for="mirror-parent">Parent page URL</label>
            <div class="row nowrap">
              <input
                id="mirror-parent"
                type="text"
                inputMode="url"
                value={parentUrl}
                placeholder="https://www.notion.so/…"
                autocomplete="off"
                spellcheck={false}
                aria-describedby="mirror-parent-hint"
                onInput={(event) => setParentUrl(event.currentTarget.value)}
              />
              <button type="button" id="mirror-create" class="primary" onClick={() => void create()} disabled={busy !== ""}>
                {busy === "create" ? "Creating…" : "Create it for me"}
              </button>
            </div>
            <p id="mirror-parent-hint" class="hint">
              A Notion page your token can see (shared with your integration, or one you can open, with a personal access token): Inkwell creates the database inside it (name, type, target, prompt, engine, model, created, last run, last result).
            </p>
          </div>
          <div class="field">
            <label for="mirror-existing">Existing database URL</label>
            <div class="row nowrap">
              <input
                id="mirror-existing"
                type="text"
                inputMode="url"
                value={existingUrl}
                placeholder="https://www.notion.so/…"
                autocomplete="off"
                spellcheck={false}
                aria-describedby="mirror-existing-hint"
                onInput={(event) => {
                  setExistingUrl(event.currentTarget.value);
                  setMissing(null);
                }}
              />
              <button type="button" id="mirror-connect" onClick={() => void connect()} disabled={busy !== ""}>
                {busy === "connect" ? "Checking…" : "Use this database"}
              </button>
            </div>
            <p id="mirror-existing-hint" class="hint">
              Or use a database you already have. Inkwell checks its columns and asks before adding any.
            </p>
          </div>
          {missing && (
            <div class="notice stack-tight" id="mirror-missing-columns">
              <p>This database lacks these columns:</p>
              <ul id="mirror-missing" class="tight">
                {missing.columns.map((column) => (
                  <li key={column}>{column}</li>
                ))}
              </ul>
              <p>Add them to the database? Nothing else in it changes.</p>
              <div class="row">
                <button type="button" id="mirror-add-columns" class="primary" onClick={() => void addColumns()} disabled={busy !== ""}>
                  {busy === "add" ? "Adding…" : "Add these columns"}
                </button>
                <button type="button" class="ghost" onClick={() => setMissing(null)}>
                  Not now
                </button>
              </div>
            </div>
          )}
        </div>
      </details>
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
