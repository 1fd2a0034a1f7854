import { useEffect, useState } from "preact/hooks";
import type { SettingsView } from "../../shared/protocol/types";
import type { StoredSecrets } from "../../shared/storage/schema";
import { useConfirm } from "../components/ConfirmDialog";
import { errorMessage, request } from "../messaging";
import { useStorageChanges } from "../storageSync";
import { engineReady } from "../../shared/engine-ready";
import { AiSection } from "./settings/AiSection";
import { ConcurrencyField } from "./settings/ConcurrencyField";
import { forgetAsking, permissionRefusedMessage, requestHostPermission } from "./settings/hostPermission";
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
  return secrets.notionToken.set && engineReady(settings, (name) => secrets[name].set, settings.engine);
}

/**
 * Settings: the AI engine, key and model, the Notion token, the
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
  // Keys typed since the last save: the only key text this page ever holds (saved keys never come back).
  const [typed, setTyped] = useState<Partial<StoredSecrets>>({});
  // The server address as last loaded or saved: Save only asks for access when it is new, or when it is the engine in use.
  const [savedBaseUrl, setSavedBaseUrl] = useState<string | null>(initialView?.settings.compatibleBaseUrl ?? null);
  if (view && savedBaseUrl === null) setSavedBaseUrl(view.settings.compatibleBaseUrl);

  // Saved in another window (the options page, another popup): shown here too, unless this form is being edited.
  useStorageChanges(["settings", "secretsChangedAt"], () => {
    if (dirty) return;
    request("settings.get", {}).then(setView, () => undefined);
  });

  useEffect(() => {
    if (initialView) return;
    request("settings.get", {}).then(setView, (error) => setStatus(errorMessage(error), true));
    // Read once; the view is then edited locally.
  }, []);

  if (!view) return <p class={status.error ? "error" : "muted"}>{status.text || "Loading…"}</p>;

  const update = (next: Partial<SettingsView["settings"]>) => {
    setDirty(true);
    setView({ ...view, settings: { ...view.settings, ...next } });
  };
  const type = (name: keyof StoredSecrets, value: string | undefined) => {
    setDirty(true);
    setTyped((current) => {
      const { [name]: _previous, ...rest } = current;
      return value === undefined ? rest : { ...rest, [name]: value };
    });
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
          // Only what was typed: a key left alone is kept by the worker.
          secrets: typed,
        },
      });
      setView(saved);
      setTyped({});
      setSavedBaseUrl(saved.settings.compatibleBaseUrl);
      setDirty(false);
      // Saved without asking: whatever a closed popup's lost permission answer was about, the user has moved on from it.
      if (!permission) forgetAsking();
      if (permission && !(await permission)) setStatus(`Saved, but ${permissionRefusedMessage(baseUrl)}`, true);
      else setStatus("Saved. Everything stays in this browser.");
      onSaved?.(saved);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  const clear = async () => {
    const question = "Clear all Inkwell data (keys, settings, connections, run history) from this browser? Runs in progress are stopped first; what they already wrote to Notion stays.";
    if (!(await ask(question, { confirmLabel: "Clear everything", title: "Clear all data?" }))) return;
    try {
      const cleared = await request("settings.clear", {});
      forgetAsking();
      setView(cleared);
      setTyped({});
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
      {!view.protection.ok && (
        <p id="secrets-unprotected" class="error" role="alert">
          {view.protection.problem}
        </p>
      )}
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
          typed={typed}
          model={models[engine]}
          baseUrl={view.settings.compatibleBaseUrl}
          onEngine={(next) => update({ engine: next })}
          onSecret={type}
          onModel={(value) => update({ models: { ...models, [engine]: value } })}
          onBaseUrl={(compatibleBaseUrl) => update({ compatibleBaseUrl })}
        />
        <NotionSection key={`notion-${generation}`} token={typed.notionToken} hint={view.secrets.notionToken} onToken={(value) => type("notionToken", value)} />
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
