import type { SettingsView } from "../../shared/protocol/types";
import { engineReady } from "../../shared/engine-ready";
import { AiSection } from "./settings/AiSection";
import { ConcurrencyField } from "./settings/ConcurrencyField";
import { MirrorSection } from "./settings/MirrorSection";
import { NotionSection } from "./settings/NotionSection";
import { useSettingsForm } from "./settings/useSettingsForm";

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
  const { view, status, generation, typed, update, type, save, clear } = useSettingsForm(initialView, onSaved);
  if (!view) return <p class={status.error ? "error" : "muted"}>{status.text || "Loading…"}</p>;

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
