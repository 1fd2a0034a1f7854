import { DEFAULT_MODELS, type EngineId } from "../../../shared/storage/schema";
import { SecretField } from "../../components/SecretField";
import { useModels } from "./useModels";

const ENGINES: Partial<Record<EngineId, { name: string; keyLabel: string; keyId: string; keyUrl: string; placeholder: string }>> = {
  gemini: { name: "Google Gemini", keyLabel: "Gemini API key", keyId: "gemini-key", keyUrl: "https://aistudio.google.com/apikey", placeholder: "AIza…" },
  openai: { name: "OpenAI", keyLabel: "OpenAI API key", keyId: "openai-key", keyUrl: "https://platform.openai.com/api-keys", placeholder: "sk-…" },
};

interface AiSectionProps {
  engine: EngineId;
  apiKey: string;
  model: string;
  onEngine: (engine: EngineId) => void;
  onKey: (key: string) => void;
  onModel: (model: string) => void;
}

/** The AI engine, its key (with a live check) and the model to use. */
export function AiSection({ engine, apiKey, model, onEngine, onKey, onModel }: AiSectionProps) {
  const { models, check, test } = useModels(engine, apiKey);
  const info = ENGINES[engine] ?? ENGINES.gemini!;
  return (
    <fieldset>
      <legend>AI engine</legend>
      <div class="field">
        <label for="engine">Engine</label>
        <select id="engine" value={engine} onChange={(event) => onEngine(event.currentTarget.value as EngineId)}>
          {(Object.keys(ENGINES) as EngineId[]).map((id) => (
            <option key={id} value={id}>
              {ENGINES[id]!.name}
            </option>
          ))}
        </select>
      </div>
      {/* Keyed by engine so that switching engines never carries the revealed state or text over. */}
      <SecretField key={engine} id={info.keyId} label={info.keyLabel} value={apiKey} placeholder={info.placeholder} onInput={onKey} />
      <div class="row">
        <button type="button" id="test-ai-key" onClick={() => void test()} disabled={!apiKey.trim() || check.state === "checking"}>
          Check key
        </button>
        <span id="ai-check-result" class={`check ${check.state}`} role="status">
          {check.state === "checking" && "Checking…"}
          {check.state === "ok" && `✓ Key works — ${check.count} ${check.count === 1 ? "model" : "models"}`}
          {check.state === "error" && check.message}
        </span>
      </div>
      <p class="hint">
        <a href={info.keyUrl} target="_blank" rel="noreferrer">
          Get {engine === "gemini" ? "a Gemini" : "an OpenAI"} API key
        </a>
      </p>
      <div class="field">
        <label for="model">Model</label>
        <input
          id="model"
          list="model-options"
          value={model}
          placeholder={DEFAULT_MODELS[engine]}
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
          {models.length > 0 ? `${models.length} suggestions from your key; any model id may be typed.` : "Any model id may be typed; suggestions appear once the key works."}
        </span>
      </div>
    </fieldset>
  );
}
