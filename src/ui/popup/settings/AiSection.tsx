import { BUILTIN_REQUIREMENTS } from "../../../shared/builtin-model";
import type { SecretsView } from "../../../shared/protocol/types";
import { DEFAULT_MODELS, ENGINE_IDS, ENGINE_SECRET, type EngineId, type StoredSecrets } from "../../../shared/storage/schema";
import { SecretField } from "../../components/SecretField";
import { BuiltinStatus, useBuiltinAvailability, type BuiltinState } from "./BuiltinStatus";
import { CompatibleFields } from "./CompatibleFields";
import { ENGINE_KEYS, ENGINE_LABELS } from "./engines";
import { useModels } from "./useModels";

interface AiSectionProps {
  engine: EngineId;
  /** The saved keys as the worker describes them. */
  secrets: SecretsView;
  /** Keys the user typed since the last save (undefined = unchanged, "" = remove). */
  typed: Partial<StoredSecrets>;
  model: string;
  /** The OpenAI-compatible server's address, as typed. */
  baseUrl: string;
  onEngine: (engine: EngineId) => void;
  onSecret: (name: keyof StoredSecrets, value: string | undefined) => void;
  onModel: (model: string) => void;
  onBaseUrl: (value: string) => void;
}

/**
 * Chrome's built-in AI is offered only where this page has the Prompt API and
 * the device can run it (or when it is already the chosen engine, so a choice
 * is never silently swapped for another).
 */
export function offeredEngines(current: EngineId, builtin: BuiltinState): EngineId[] {
  const builtinUsable = builtin.availability !== "absent" && builtin.availability !== "checking" && builtin.availability !== "unavailable";
  return ENGINE_IDS.filter((id) => id !== "builtin" || builtinUsable || current === "builtin");
}

/** The AI engine, what it needs (a key, a server, or the on-device model) with a live check, and the model to use. */
export function AiSection({ engine, secrets, typed, model, baseUrl, onEngine, onSecret, onModel, onBaseUrl }: AiSectionProps) {
  const secretName = ENGINE_SECRET[engine];
  const apiKey = secretName ? typed[secretName] : undefined;
  // A key removed in the form isn't used for checks: the worker would still use the saved one.
  const savedKey = secretName !== null && secrets[secretName].set && apiKey !== "";
  const { models, check, askable, test, fail } = useModels(engine, apiKey ?? "", baseUrl, savedKey);
  const builtin = useBuiltinAvailability();
  const keyInfo = ENGINE_KEYS[engine];
  return (
    <fieldset>
      <legend>AI engine</legend>
      <div class="field">
        <label for="engine">Engine</label>
        <select id="engine" value={engine} aria-describedby={builtin.state.availability === "unavailable" ? "builtin-unsupported" : undefined} onChange={(event) => onEngine(event.currentTarget.value as EngineId)}>
          {offeredEngines(engine, builtin.state).map((id) => (
            <option key={id} value={id}>
              {ENGINE_LABELS[id]}
            </option>
          ))}
        </select>
        {builtin.state.availability === "unavailable" && engine !== "builtin" && (
          <span id="builtin-unsupported" class="hint">
            Chrome built-in AI isn't offered: not supported on this device. {BUILTIN_REQUIREMENTS}
          </span>
        )}
      </div>
      {keyInfo && secretName && (
        <>
          {/* Keyed by engine so that switching engines never carries the revealed state or text over. */}
          <SecretField key={engine} id={keyInfo.id} label={keyInfo.label} value={apiKey} hint={secrets[secretName]} placeholder={keyInfo.placeholder} onInput={(value) => onSecret(secretName, value)} />
          <div class="row">
            <button type="button" id="test-ai-key" onClick={() => void test()} disabled={!askable || check.state === "checking"}>
              Check key
            </button>
            <span id="ai-check-result" class={`check ${check.state}`} role="status">
              {check.state === "checking" && "Checking…"}
              {check.state === "ok" && `✓ Key works — ${check.count} ${check.count === 1 ? "model" : "models"}`}
              {check.state === "error" && check.message}
            </span>
          </div>
          <p class="hint">
            <a href={keyInfo.url} target="_blank" rel="noreferrer">
              {keyInfo.linkText}
            </a>
          </p>
        </>
      )}
      {engine === "compatible" && (
        <CompatibleFields
          baseUrl={baseUrl}
          apiKey={apiKey}
          hint={secrets.compatibleKey}
          check={check}
          onBaseUrl={onBaseUrl}
          onKey={(value) => onSecret("compatibleKey", value)}
          onCheck={() => void test()}
          onFail={fail}
        />
      )}
      {engine === "builtin" ? (
        <BuiltinStatus state={builtin.state} onDownload={builtin.download} />
      ) : (
        <div class="field">
          <label for="model">Model</label>
          <input
            id="model"
            list="model-options"
            value={model}
            placeholder={DEFAULT_MODELS[engine] || "Check server to list its models"}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="model-hint"
            onInput={(event) => onModel(event.currentTarget.value)}
          />
          <datalist id="model-options">
            {models.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </datalist>
          <span id="model-hint" class="hint">
            {models.length > 0
              ? `${models.length} suggestions from your ${engine === "compatible" ? "server" : "key"}; any model id may be typed.`
              : `Any model id may be typed; suggestions appear once the ${engine === "compatible" ? "server answers" : "key works"}.`}
          </span>
        </div>
      )}
    </fieldset>
  );
}
