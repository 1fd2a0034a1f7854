import { useEffect, useState } from "preact/hooks";
import type { SettingsView } from "../../shared/protocol";
import { useConfirm } from "../components/ConfirmDialog";
import { errorMessage, request } from "../messaging";
import { useStorageChanges } from "../storageSync";
import { engineReady } from "../../shared/engine-ready";
import { AiSection } from "./settings/AiSection";
import { ConcurrencyField } from "./settings/ConcurrencyField";
import { permissionRefusedMessage, requestHostPermission } from "./settings/hostPermission";
import { MirrorSection } from "./settings/MirrorSection";
import { NotionSection } from "./settings/NotionSection";

interface SettingsTabProps {
  /** The settings when the caller already read them (the popup does, to pick its first tab). */
  initialView?: SettingsView;
  /** Called with what the worker stored, after Save and after Clear. */
  onSaved?: (view: SettingsView) => void;
}

/** True when Inkwell can generate: a Notion secret and what the chosen engine needs (its key, or a server address). */
export function isConfigured({ settings, secrets }: SettingsView): boolean {
  return Boolean(secrets.notionToken.trim()) && engineReady(settings, secrets, settings.engine);
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
  const ask = useConfirm();
  // True while the form holds edits not yet saved: a save made elsewhere must not replace them.
  const [dirty, setDirty] = useState(false);
  // The server address as last loaded or saved: Save only asks for access when it is new, or when it is the engine in use.
  const [savedBaseUrl, setSavedBaseUrl] = useState<string | null>(initialView?.settings.compatibleBaseUrl ?? null);
  if (view && savedBaseUrl === null) setSavedBaseUrl(view.settings.compatibleBaseUrl);

  // Saved in another window (the options page, another popup): shown here too, unless this form is being edited.
  useStorageChanges(["settings", "secrets"], () => {
    if (dirty) return;
    request("settings.get", {}).then(setView, () => undefined);
  });

  useEffect(() => {
    if (initialView) return;
    request("settings.get", {}).then(setView, (error) => setStatus(errorMessage(error), true));
    // Read once; the view is then edited locally.
  }, []);

  if (!view) return <p class={status.error ? "error" : "muted"}>{status.text || "Loading…"}</p>;

  const update = (next: Partial<SettingsView["settings"]>, secrets: Partial<SettingsView["secrets"]> = {}) => {
    setDirty(true);
    setView({ settings: { ...view.settings, ...next }, secrets: { ...view.secrets, ...secrets } });
  };

  const save = async () => {
    // Before any await: the browser only shows the permission prompt during the Save click itself.
    const baseUrl = view.settings.compatibleBaseUrl.trim();
    // Asking on every Save would nag someone who refused once and doesn't use the server as their engine.
    const needsAccess = baseUrl !== "" && (view.settings.engine === "compatible" || baseUrl !== savedBaseUrl);
    const permission = needsAccess ? requestHostPermission(baseUrl) : null;
    setStatus("Saving…");
    try {
      const saved = await request("settings.save", {
        patch: {
          engine: view.settings.engine,
          models: view.settings.models,
          compatibleBaseUrl: view.settings.compatibleBaseUrl,
          concurrency: view.settings.concurrency,
          secrets: view.secrets,
        },
      });
      setView(saved);
      setSavedBaseUrl(saved.settings.compatibleBaseUrl);
      setDirty(false);
      if (permission && !(await permission)) setStatus(`Saved, but ${permissionRefusedMessage(baseUrl)}`, true);
      else setStatus("Saved. Everything stays in this browser.");
      onSaved?.(saved);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  const clear = async () => {
    const question = "Clear all Inkwell data (keys, settings, connections) from this browser?";
    if (!(await ask(question, { confirmLabel: "Clear everything", title: "Clear all data?" }))) return;
    try {
      const cleared = await request("settings.clear", {});
      setView(cleared);
      setDirty(false);
      setGeneration((count) => count + 1);
      setStatus("All Inkwell data was cleared.");
      // The Create tab hears of it through storage (its draft is gone) and starts afresh.
      onSaved?.(cleared);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  const { engine, models } = view.settings;
  return (
    <div class="stack">
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
          secrets={view.secrets}
          model={models[engine]}
          baseUrl={view.settings.compatibleBaseUrl}
          onEngine={(next) => update({ engine: next })}
          onSecret={(name, value) => update({}, { [name]: value })}
          onModel={(value) => update({ models: { ...models, [engine]: value } })}
          onBaseUrl={(compatibleBaseUrl) => update({ compatibleBaseUrl })}
        />
        <NotionSection key={`notion-${generation}`} token={view.secrets.notionToken} onToken={(notionToken) => update({}, { notionToken })} />
        <ConcurrencyField value={view.settings.concurrency} onChange={(concurrency) => update({ concurrency })} />
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
      {/* Outside the form: each of its actions is a request of its own, which Save doesn't carry (and Enter in its fields mustn't save). */}
      <MirrorSection key={`mirror-${generation}`} />
    </div>
  );
}
