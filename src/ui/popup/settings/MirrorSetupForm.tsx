import type { Mirror } from "./useMirror";

/** "Set it up" / "Use another database": create the database under a page, or connect an existing one (asking before adding columns). */
export function MirrorSetupForm({ mirror, open, configured }: { mirror: Mirror; open: boolean; configured: boolean }) {
  const { busy, parentUrl, setParentUrl, existingUrl, setExistingUrl, missing, setMissing, create, connect, addColumns } = mirror;
  return (
    <details class="mirror-setup" open={open}>
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
  );
}
