import { useState } from "preact/hooks";
import type { NotionIdentity, SecretHint } from "../../../shared/protocol/types";
import { SecretField } from "../../components/SecretField";
import { errorMessage, request } from "../../messaging";

type CheckState = { state: "idle" } | { state: "checking" } | { state: "ok"; identity: NotionIdentity } | { state: "error"; message: string };

interface NotionSectionProps {
  /** The secret typed since the last save (undefined = keep the saved one, "" = remove it). */
  token: string | undefined;
  hint: SecretHint;
  onToken: (token: string | undefined) => void;
}

/** What Test found, in words: which kind of token, whose, and where. */
export function describeIdentity(identity: NotionIdentity): string {
  if (identity.kind === "personal") {
    const who = identity.name ? `“${identity.name}”` : "a person";
    const where = identity.workspaceName ? ` in ${identity.workspaceName}` : " in the workspace chosen when the token was created";
    return `✓ Personal access token of ${who}${where}. It sees what ${identity.name || "that person"} can open in Notion: nothing to share.`;
  }
  const name = identity.name ? `“${identity.name}”` : "an unnamed integration";
  const where = identity.workspaceName ? ` in ${identity.workspaceName}` : "";
  return `✓ Integration ${name}${where}. Share each page or database with it (••• → Connections).`;
}

/**
 * The Notion token: an internal integration secret or a personal access token, told
 * apart by Notion itself on Test (GET /v1/users/me), never by prefix. (The
 * connections database has its own section: MirrorSection.)
 */
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
        label="Notion token"
        value={token}
        hint={hint}
        placeholder="Integration secret or personal access token"
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
          {check.state === "ok" && describeIdentity(check.identity)}
          {check.state === "error" && check.message}
        </span>
      </div>
      <details class="help">
        <summary>How do I get one?</summary>
        <p>
          Either kind works. <b>A personal access token is simpler</b> where your workspace lets members create one: Inkwell then acts as you and
          sees every page you can open, with no sharing step. An integration sees only the pages you share with it, and suits a workspace that
          doesn't allow personal tokens.
        </p>
        <p>
          <b>Personal access token</b> (acts as you):
        </p>
        <ol>
          <li>
            Open{" "}
            <a href="https://www.notion.so/developers/tokens" target="_blank" rel="noreferrer">
              notion.so/developers/tokens
            </a>{" "}
            → <b>New token</b>.
          </li>
          <li>
            Name it, tick the <b>Notion API</b> capability, pick the workspace if asked, <b>Create token</b>.
          </li>
          <li>Copy the token (Notion shows it once) and paste it above.</li>
          <li>
            No option to create one? On Business and Enterprise plans a workspace owner must allow it first (<b>Settings</b> → <b>Connections</b>). Use an
            integration meanwhile.
          </li>
        </ol>
        <p>
          <b>Internal integration</b> (a bot you share pages with):
        </p>
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
