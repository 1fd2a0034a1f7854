import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { ENGINE_NAMES } from "../../../shared/engines";
import { defaultSettings, ENGINE_IDS, type EngineId, type StoredSettings } from "../../../shared/storage/schema";
import { readStoredSettings } from "../../stored";
import { useBuiltinAvailability } from "../settings/BuiltinStatus";

interface EngineOverrideProps {
  /** The connection's own engine; undefined = Settings' engine. */
  engine: EngineId | undefined;
  model: string;
  onChange: (patch: { engine: EngineId | undefined; model: string | undefined }) => void;
}

/** Settings' engine and models, read from storage (they hold no secret) and kept current while the form is open. */
function useStoredSettings(): StoredSettings {
  const [settings, setSettings] = useState<StoredSettings>(defaultSettings);
  useEffect(() => {
    const read = () =>
      readStoredSettings().then(
        (stored) => {
          if (stored) setSettings(stored);
        },
        () => undefined,
      );
    void read();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === "local" && "settings" in changes) void read();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  return settings;
}

/**
 * The connection's engine: Settings' default, or one of the engines with an
 * optional model of its own. Chrome's built-in AI is listed only where this
 * page has it and the device can run it (or when the connection already uses it).
 */
export function EngineOverride({ engine, model, onChange }: EngineOverrideProps) {
  const settings = useStoredSettings();
  // As in Settings: not where the page lacks the Prompt API, nor once the device is known not to run it.
  const builtin = useBuiltinAvailability().state.availability;
  const builtinOffered = builtin !== "absent" && builtin !== "unavailable";
  const engines = ENGINE_IDS.filter((id) => id !== "builtin" || builtinOffered || engine === "builtin");
  const defaultModel = settings.models[settings.engine];
  return (
    <div class="grid-2">
      <div class="field">
        <label for="create-engine">Engine for this connection</label>
        <select
          id="create-engine"
          value={engine ?? ""}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange(value ? { engine: value as EngineId, model: "" } : { engine: undefined, model: undefined });
          }}
        >
          <option value="">
            Default ({ENGINE_NAMES[settings.engine]}
            {defaultModel ? ` · ${defaultModel}` : ""})
          </option>
          {engines.map((id) => (
            <option key={id} value={id}>
              {ENGINE_NAMES[id]}
            </option>
          ))}
        </select>
      </div>
      {engine && engine !== "builtin" && (
        <div class="field">
          <label for="create-model">Model for this connection</label>
          <input
            id="create-model"
            value={model}
            placeholder={settings.models[engine] || "The model from Settings"}
            autocomplete="off"
            spellcheck={false}
            onInput={(event) => onChange({ engine, model: event.currentTarget.value })}
          />
        </div>
      )}
    </div>
  );
}
