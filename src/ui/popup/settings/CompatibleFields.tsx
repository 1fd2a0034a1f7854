import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { hostPermissionPattern, ollamaOriginsValue, SERVER_PRESETS } from "../../../core/server-origin";
import { SecretField } from "../../components/SecretField";
import { lostPermissionRequest, openSettingsInTab, permissionRefusedMessage, requestHostPermission, type LostPermissionRequest } from "./hostPermission";
import type { SecretHint } from "../../../shared/protocol/types";
import type { KeyCheck } from "./useModels";

interface CompatibleFieldsProps {
  baseUrl: string;
  /** The key typed since the last save (undefined = keep the saved one). */
  apiKey: string | undefined;
  hint: SecretHint;
  check: KeyCheck;
  onBaseUrl: (value: string) => void;
  onKey: (value: string | undefined) => void;
  /** Lists the server's models (after the permission was granted). */
  onCheck: () => void;
  /** Shows a failure in the check's result line. */
  onFail: (message: string) => void;
}

/** An OpenAI-compatible server: its address (with presets), an optional key, and Check server. */
export function CompatibleFields({ baseUrl, apiKey, hint, check, onBaseUrl, onKey, onCheck, onFail }: CompatibleFieldsProps) {
  // A permission request whose answer was lost when Firefox closed the popup (see lostPermissionRequest).
  const [lost, setLost] = useState<LostPermissionRequest | null>(null);
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    void lostPermissionRequest().then((request) => {
      setLost(request);
      // The popup closed with the address typed but not saved: it comes back, rather than being lost with the popup.
      if (request && request.address !== baseUrl.trim()) {
        onBaseUrl(request.address);
        setRestored(true);
      }
    });
  }, []);
  const checkServer = () => {
    // Asked first, from the click itself: the browser only prompts during a user gesture.
    const asked = requestHostPermission(baseUrl);
    if (!asked) {
      onFail("Type the server's address first, starting with http:// or https:// (for Ollama: http://localhost:11434/v1).");
      return;
    }
    void asked.then((granted) => {
      setLost(null);
      if (granted) onCheck();
      else onFail(permissionRefusedMessage(baseUrl));
    });
  };
  const origins = ollamaOriginsValue(browser.runtime.getURL(""));
  return (
    <>
      <div class="field">
        <label for="compatible-url">Server address</label>
        <input
          id="compatible-url"
          type="url"
          value={baseUrl}
          placeholder={SERVER_PRESETS[0].baseUrl}
          autocomplete="off"
          spellcheck={false}
          aria-describedby="compatible-url-hint"
          onInput={(event) => onBaseUrl(event.currentTarget.value)}
        />
        <span id="compatible-url-hint" class="hint">
          The server's OpenAI-compatible address, usually ending in /v1.
        </span>
      </div>
      <div class="row" role="group" aria-label="Presets">
        {SERVER_PRESETS.map((preset) => (
          <button key={preset.name} type="button" class="ghost" aria-pressed={baseUrl.trim() === preset.baseUrl} onClick={() => onBaseUrl(preset.baseUrl)}>
            {preset.name}
          </button>
        ))}
      </div>
      <SecretField id="compatible-key" label="Server key (optional)" value={apiKey} hint={hint} placeholder="Not needed for Ollama or LM Studio" onInput={onKey} />
      <div class="row">
        <button type="button" id="check-server" onClick={checkServer} disabled={!baseUrl.trim() || check.state === "checking"}>
          Check server
        </button>
        <span id="ai-check-result" class={`check ${check.state}`} role="status">
          {check.state === "checking" && "Checking…"}
          {check.state === "ok" && `✓ Server answered — ${check.count} ${check.count === 1 ? "model" : "models"}`}
          {check.state === "error" && check.message}
        </span>
      </div>
      {lost && hostPermissionPattern(baseUrl) === lost.pattern && (
        <p id="permission-lost" role="alert" class="error">
          The browser closed Inkwell's popup while asking to let it reach {lost.pattern.replace(/\/\*$/, "")}, so your answer never reached Inkwell and access isn't
          allowed yet.{restored && " The address you typed is back in the field; Save keeps it."} Open Settings in a tab, press Check server there and choose
          Allow.{" "}
          <button type="button" id="open-settings-tab" onClick={openSettingsInTab}>
            Open Settings in a tab
          </button>
        </p>
      )}
      <details class="hint">
        <summary>Setting up Ollama or LM Studio</summary>
        <p>
          Ollama only answers extensions it is told to trust: start it with <code>OLLAMA_ORIGINS={origins} ollama serve</code> (on macOS:{" "}
          <code>launchctl setenv OLLAMA_ORIGINS "{origins}"</code>, then restart Ollama).
        </p>
        <p>LM Studio: Developer → Server settings → turn on “Enable CORS”, then start the server.</p>
      </details>
    </>
  );
}
