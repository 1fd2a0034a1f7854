import { useState } from "preact/hooks";
import type { NotionIdentity, SecretHint } from "../../../shared/protocol";
import { SecretField } from "../../components/SecretField";
import { errorMessage, request } from "../../messaging";

type CheckState = { state: "idle" } | { state: "checking" } | { state: "ok"; identity: NotionIdentity } | { state: "error"; message: string };

interface NotionSectionProps {
  /** The secret typed since the last save (undefined = keep the saved one, "" = remove it). */
  token: string | undefined;
  hint: SecretHint;
  onToken: (token: string | undefined) => void;
}

/** The Notion integration secret, with a live check and how to get one. (The connections database has its own section: MirrorSection.) */
export function NotionSection({ token, hint, onToken }: NotionSectionProps) {
  // With nothing typed, Test checks the saved secret (the worker has it; this page doesn't).
  const testable = token ? true : token === undefined && hint.set;
  const [check, setCheck] = useState<CheckState>({ state: "idle" });

  const test = async () => {
    setCheck({ state: "checking" });
    try {
      setCheck({ state: "ok", identity: await request("notion.check", token ? { secret: token } : {}) });
    } catch (error) {
      setCheck({ state: "error", message: errorMessage(error) });
    }
  };

  return (
    <fieldset>
      <legend>Notion</legend>
      <SecretField
        id="notion-secret"
        label="Notion integration secret"
        value={token}
        hint={hint}
        placeholder="ntn_…"
        onInput={(value) => {
          onToken(value);
          setCheck({ state: "idle" });
        }}
      />
      <div class="row">
        <button type="button" id="test-notion" onClick={() => void test()} disabled={!testable || check.state === "checking"}>
          Test
        </button>
        <span id="notion-check-result" class={`check ${check.state}`} role="status">
          {check.state === "checking" && "Checking…"}
          {check.state === "ok" && `✓ Connected as “${check.identity.botName}”${check.identity.workspaceName ? ` in ${check.identity.workspaceName}` : ""}`}
          {check.state === "error" && check.message}
        </span>
      </div>
      <details class="help">
        <summary>How do I get one?</summary>
        <ol>
          <li>
            Open{" "}
            <a href="https://www.notion.so/profile/integrations" target="_blank" rel="noreferrer">
              notion.so/profile/integrations
            </a>{" "}
            → <b>New integration</b>.
          </li>
          <li>
            Type <b>Internal</b>, pick the workspace, <b>Save</b>.
          </li>
          <li>
            Copy the <b>Internal integration secret</b> and paste it above.
          </li>
          <li>
            In Notion, share each page with it: <b>•••</b> → <b>Connections</b> → your integration.
          </li>
        </ol>
      </details>
    </fieldset>
  );
}
