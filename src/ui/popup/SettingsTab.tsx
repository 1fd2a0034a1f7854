import { useEffect, useState } from "preact/hooks";
import type { SettingsView } from "../../shared/protocol";
import { errorMessage, request } from "../messaging";
import { AiSection } from "./settings/AiSection";
import { NotionSection } from "./settings/NotionSection";

interface SettingsTabProps {
  /** The settings when the caller already read them (the popup does, to pick its first tab). */
  initialView?: SettingsView;
  /** Called with what the worker stored, after Save and after Clear. */
  onSaved?: (view: SettingsView) => void;
}

/** True when Inkwell can generate: a Notion secret and a key for the chosen engine. */
export function isConfigured({ settings, secrets }: SettingsView): boolean {
  const aiKey = settings.engine === "gemini" ? secrets.geminiKey : secrets.openaiKey;
  return Boolean(secrets.notionToken.trim() && aiKey.trim());
}

/**
 * Settings: the AI engine, key and model, the Notion integration secret, the
 * connections database. Edits stay local until Save; the worker validates and
 * stores them (it is the only writer of secrets).
 */
export function SettingsTab({ initialView, onSaved }: SettingsTabProps) {
  const [view, setView] = useState<SettingsView | null>(initialView ?? null);
  const [status, setStatusText] = useState<{ text: string; error?: boolean }>({ text: "" });
  const setStatus = (text: string, error = false) => setStatusText({ text, error });
  // Bumped by Clear, to reset the sections' own state (key checks, model lists).
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (initialView) return;
    request("settings.get", {}).then(setView, (error) => setStatus(errorMessage(error), true));
    // Read once; the view is then edited locally.
  }, []);

  if (!view) return <p class={status.error ? "error" : "muted"}>{status.text || "Loading…"}</p>;

  const update = (next: Partial<SettingsView["settings"]>, secrets: Partial<SettingsView["secrets"]> = {}) =>
    setView({ settings: { ...view.settings, ...next }, secrets: { ...view.secrets, ...secrets } });

  const save = async () => {
    setStatus("Saving…");
    try {
      const saved = await request("settings.save", {
        patch: {
          engine: view.settings.engine,
          models: view.settings.models,
          connectionsDatabaseUrl: view.settings.connectionsDatabaseUrl,
          secrets: view.secrets,
        },
      });
      setView(saved);
      setStatus("Saved. Everything stays in this browser.");
      onSaved?.(saved);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  const clear = async () => {
    if (!confirm("Clear all Inkwell data (keys, settings, connections) from this browser?")) return;
    try {
      const cleared = await request("settings.clear", {});
      setView(cleared);
      setGeneration(generation + 1);
      setStatus("All Inkwell data was cleared.");
      // The Create tab hears of it through storage (its draft is gone) and starts afresh.
      onSaved?.(cleared);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  const { engine, models, connectionsDatabaseUrl } = view.settings;
  const keyField = engine === "gemini" ? "geminiKey" : "openaiKey";
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <AiSection
        key={`ai-${generation}`}
        engine={engine}
        apiKey={view.secrets[keyField]}
        model={models[engine]}
        onEngine={(next) => update({ engine: next })}
        onKey={(value) => update({}, { [keyField]: value })}
        onModel={(value) => update({ models: { ...models, [engine]: value } })}
      />
      <NotionSection
        key={`notion-${generation}`}
        token={view.secrets.notionToken}
        databaseUrl={connectionsDatabaseUrl}
        onToken={(notionToken) => update({}, { notionToken })}
        onDatabaseUrl={(url) => update({ connectionsDatabaseUrl: url })}
      />
      <div class="row">
        <button type="submit" class="primary" id="save-settings">
          Save
        </button>
        <button type="button" class="danger" id="clear-settings" onClick={() => void clear()}>
          Clear
        </button>
        <span id="settings-status" role="status" class={status.error ? "error" : "muted"}>
          {status.text}
        </span>
      </div>
    </form>
  );
}
