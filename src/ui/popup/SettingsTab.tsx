import { useEffect, useState } from "preact/hooks";
import type { NotionIdentity, SettingsView } from "../../shared/protocol";
import type { EngineId } from "../../shared/storage/schema";
import { SecretField } from "../components/SecretField";
import { errorMessage, request } from "../messaging";

type CheckState = { state: "idle" } | { state: "checking" } | { state: "ok"; identity: NotionIdentity } | { state: "error"; message: string };

/** Settings: the AI engine and key, the Notion integration secret, the connections database. */
export function SettingsTab() {
  const [view, setView] = useState<SettingsView | null>(null);
  const [status, setStatus] = useState<string>("");
  const [notionCheck, setNotionCheck] = useState<CheckState>({ state: "idle" });

  useEffect(() => {
    request("settings.get", {}).then(setView, (error) => setStatus(errorMessage(error)));
  }, []);

  if (!view) return <p class="muted">{status || "Loading…"}</p>;

  const update = (next: Partial<SettingsView["settings"]>, secrets: Partial<SettingsView["secrets"]> = {}) =>
    setView({ settings: { ...view.settings, ...next }, secrets: { ...view.secrets, ...secrets } });

  const save = async () => {
    setStatus("Saving…");
    try {
      setView(
        await request("settings.save", {
          patch: {
            engine: view.settings.engine,
            models: view.settings.models,
            connectionsDatabaseUrl: view.settings.connectionsDatabaseUrl,
            secrets: view.secrets,
          },
        }),
      );
      setStatus("Saved. Everything stays in this browser.");
    } catch (error) {
      setStatus(errorMessage(error));
    }
  };

  const checkNotion = async () => {
    setNotionCheck({ state: "checking" });
    try {
      setNotionCheck({ state: "ok", identity: await request("notion.check", { secret: view.secrets.notionToken }) });
    } catch (error) {
      setNotionCheck({ state: "error", message: errorMessage(error) });
    }
  };

  const clear = async () => {
    if (!confirm("Clear all Inkwell data (keys, settings, connections) from this browser?")) return;
    setView(await request("settings.clear", {}));
    setNotionCheck({ state: "idle" });
    setStatus("All Inkwell data was cleared.");
  };

  const engine = view.settings.engine;
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>AI engine</legend>
        <div class="field">
          <label for="engine">Engine</label>
          <select id="engine" value={engine} onChange={(event) => update({ engine: event.currentTarget.value as EngineId })}>
            <option value="gemini">Google Gemini</option>
            <option value="openai">OpenAI</option>
          </select>
        </div>
        {engine === "gemini" ? (
          <SecretField id="gemini-key" label="Gemini API key" value={view.secrets.geminiKey} onInput={(geminiKey) => update({}, { geminiKey })} />
        ) : (
          <SecretField id="openai-key" label="OpenAI API key" value={view.secrets.openaiKey} onInput={(openaiKey) => update({}, { openaiKey })} />
        )}
      </fieldset>
      <fieldset>
        <legend>Notion</legend>
        <SecretField
          id="notion-secret"
          label="Notion integration secret"
          value={view.secrets.notionToken}
          placeholder="ntn_…"
          onInput={(notionToken) => {
            update({}, { notionToken });
            setNotionCheck({ state: "idle" });
          }}
        />
        <div class="row">
          <button type="button" id="test-notion" onClick={() => void checkNotion()} disabled={!view.secrets.notionToken || notionCheck.state === "checking"}>
            Test
          </button>
          <span id="notion-check-result" class={`check ${notionCheck.state}`} role="status">
            {notionCheck.state === "checking" && "Checking…"}
            {notionCheck.state === "ok" &&
              `✓ Connected as “${notionCheck.identity.botName}”${notionCheck.identity.workspaceName ? ` in ${notionCheck.identity.workspaceName}` : ""}`}
            {notionCheck.state === "error" && notionCheck.message}
          </span>
        </div>
      </fieldset>
      <div class="row">
        <button type="submit" class="primary" id="save-settings">
          Save
        </button>
        <button type="button" class="danger" onClick={() => void clear()}>
          Clear
        </button>
        <span id="settings-status" role="status" class="muted">
          {status}
        </span>
      </div>
    </form>
  );
}
