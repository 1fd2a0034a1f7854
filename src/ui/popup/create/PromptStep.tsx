import { useRef, useState } from "preact/hooks";
import { isRunActive } from "../../../core/run-view";
import type { Run } from "../../../shared/storage/schema";
import { BUDGET_REACHED, RaiseBudget } from "../../components/RaiseBudget";
import { errorCode, errorMessage, request } from "../../messaging";
import { readStoredConnection } from "../../stored";
import { DatabaseSetup } from "./DatabaseSetup";
import type { DatabaseDraft } from "./databaseDraft";
import { editableSnapshot, kindLabel, toConnectionDraft, type CreateDraft } from "./draft";
import { draftFromConnection, replaceDraft } from "./loadConnection";
import { EngineOverride } from "./EngineOverride";
import { OptionsFields } from "./OptionsFields";
import { TemplateHelp } from "./TemplateHelp";
import type { DraftPatch } from "./useDraft";
import { useInspection } from "./useInspection";
import { usePromptPreview, type PromptPreview } from "./usePromptPreview";

export const EMPTY_PROMPT_MESSAGE = "Write a prompt first.";
/** "Try on the first rows" runs this many. */
export const TRY_ROWS = 3;
export const noRowsMessage = (selection: string) => `No rows are ticked. Tick the “${selection}” checkbox on the rows to generate.`;
export const EDIT_CONFLICT_MESSAGE =
  "This connection was changed elsewhere (another popup, the options page or Notion's panel) since you opened it. Reload it to see that version, or save yours over it.";
export const CONNECTION_DELETED_MESSAGE =
  "This connection was deleted in another window since you opened it. Save this form as a new connection, or restore the deleted one and save your changes into it. What you typed is kept either way.";

/** After a run started: the connection's updatedAt as the worker left it, if it only recorded this run since our save. */
async function updatedAtAfterRun(connectionId: string, runId: string): Promise<number | undefined> {
  const connection = await readStoredConnection(connectionId);
  return connection?.runIds.includes(runId) ? connection.updatedAt : undefined;
}

interface PromptStepProps {
  draft: CreateDraft;
  update: (patch: DraftPatch, now?: boolean) => void;
  /** The draft's latest run, if any. */
  run: Run | null;
  onStarted: (run: Run) => void;
}

/** Why a database can't be generated into right now (beyond an empty prompt), if it can't. */
function databaseBlock(database: DatabaseDraft, preview: PromptPreview, inspecting: boolean): "" | "busy" | "selection" | "rows" | "template" {
  const { selectionProperty, preview: rows } = database.inspection;
  if (inspecting) return "busy";
  if (!database.selectionProperty || !selectionProperty) return "selection";
  if (rows.tickedCount === 0 && !rows.tickedCountIsLowerBound) return "rows";
  if (preview.state === "error" && preview.blocking) return "template";
  return "";
}

/**
 * Step 2: the prompt and its options (for a database, its setup above and the
 * template's placeholders and preview below). Generate saves the connection
 * (updating it when this draft already saved one) and starts a run.
 */
export function PromptStep({ draft, update, run, onStarted }: PromptStepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [errorKind, setErrorKind] = useState("");
  const promptRef = useRef<HTMLTextAreaElement>(null);
  /** The row limit of the last Generate or Try, so a save retried after a conflict starts the same run. */
  const lastRowLimit = useRef<number | undefined>(undefined);
  const running = isRunActive(run);
  const emptyPrompt = !draft.prompt.trim();
  const database = draft.kind === "database" ? draft.database : undefined;
  const actions = useInspection(draft, update);
  const preview = usePromptPreview(
    database?.selectionProperty
      ? { dataSourceId: database.inspection.dataSourceId, selectionProperty: database.selectionProperty, template: draft.prompt, refreshKey: database.inspectedAt }
      : null,
  );
  const blocked = database ? databaseBlock(database, preview, !!actions.busy) : "";
  const disabled = emptyPrompt || busy || running || blocked !== "";

  const fail = (message: string, code = "") => {
    setError(message);
    setErrorKind(code);
  };

  /** `retry`: the same form with a change the user chose after a refusal (save over another edit, save as new). */
  const generate = async (rowLimit?: number, retry?: Partial<CreateDraft>) => {
    lastRowLimit.current = rowLimit;
    const built = toConnectionDraft({ ...draft, ...retry });
    if (!built.ok) {
      fail(built.message);
      return;
    }
    setBusy(true);
    fail("");
    try {
      const connection = await request("connection.save", { draft: built.draft });
      // Written at once: a second Generate must update this connection, even after the popup closed.
      // …and the form as saved: edits made after this are unsaved work again.
      update({ connectionId: connection.id, baseUpdatedAt: connection.updatedAt, savedSnapshot: editableSnapshot({ ...draft, ...retry }) }, true);
      const started = await request("run.start", rowLimit ? { connectionId: connection.id, rowLimit } : { connectionId: connection.id });
      onStarted(started);
      // Recording the run touches the connection; that is not someone else's edit.
      const after = await updatedAtAfterRun(connection.id, started.id).catch(() => undefined);
      if (after !== undefined) update({ baseUpdatedAt: after }, true);
    } catch (failure) {
      const code = errorCode(failure);
      fail(code === "edit_conflict" ? EDIT_CONFLICT_MESSAGE : code === "connection_deleted" ? CONNECTION_DELETED_MESSAGE : errorMessage(failure), code);
    } finally {
      setBusy(false);
    }
  };

  /** After an edit conflict: shows the connection as it is saved now (the user's edits are replaced, at their request). */
  const reload = async () => {
    if (!draft.connectionId) return;
    setBusy(true);
    try {
      const { connection } = await request("connection.get", { id: draft.connectionId });
      update(() => replaceDraft(draftFromConnection(connection)), true);
      fail("");
    } catch (failure) {
      fail(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  /** After an edit conflict: saves this form over the other edit. */
  const overwrite = async () => {
    if (!draft.connectionId) return;
    // Busy from the first await: a second click must not save (and start a run) twice.
    setBusy(true);
    try {
      const { connection } = await request("connection.get", { id: draft.connectionId });
      await generate(lastRowLimit.current, { baseUpdatedAt: connection.updatedAt });
    } catch (failure) {
      fail(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  /** After the connection was deleted elsewhere: saves everything typed as a new connection (the deleted one stays in the trash). */
  const saveAsNew = async () => {
    const detached = { connectionId: undefined, baseUpdatedAt: undefined, savedSnapshot: undefined };
    update(detached, true);
    await generate(lastRowLimit.current, detached);
  };

  /** After the connection was deleted elsewhere: brings it back from the trash, then saves this form into it. */
  const restore = async () => {
    if (!draft.connectionId) return;
    setBusy(true);
    try {
      await request("connection.restore", { ids: [draft.connectionId] });
    } catch (failure) {
      fail(errorMessage(failure));
      setBusy(false);
      return;
    }
    // Restoring doesn't change the connection, so the form's base still holds (unless it was edited before the delete: then the conflict shows).
    await generate(lastRowLimit.current);
  };

  // Puts a placeholder where the cursor was (or over the selection), and the cursor after it.
  const insert = (token: string) => {
    const area = promptRef.current;
    const value = draft.prompt;
    const start = Math.min(area?.selectionStart ?? value.length, value.length);
    const end = Math.max(start, Math.min(area?.selectionEnd ?? start, value.length));
    const next = value.slice(0, start) + token + value.slice(end);
    update({ prompt: next });
    if (error === EMPTY_PROMPT_MESSAGE) fail("");
    if (!area) return;
    area.value = next;
    area.focus();
    area.setSelectionRange(start + token.length, start + token.length);
  };

  const target = draft.target;
  const hints = [emptyPrompt && "generate-hint", blocked === "rows" && "no-rows", blocked === "template" && "template-error"].filter(Boolean).join(" ");
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled) void generate();
      }}
    >
      {target && (
        <p id="target-summary" class="check ok">
          ✓ {kindLabel(target.kind)} “{target.title}”
        </p>
      )}
      {database && <DatabaseSetup database={database} update={update} actions={actions} run={run} />}
      <div class="field">
        <label for="create-prompt">Prompt</label>
        <textarea
          id="create-prompt"
          ref={promptRef}
          rows={6}
          value={draft.prompt}
          placeholder={draft.kind === "page" ? "e.g. Write a 500-word introduction to sourdough baking." : "e.g. Write a short product description for {{title}}."}
          aria-describedby={database ? (preview.state === "error" ? "template-hint template-error" : "template-hint") : undefined}
          onInput={(event) => {
            update({ prompt: event.currentTarget.value });
            if (error === EMPTY_PROMPT_MESSAGE) fail("");
          }}
        />
      </div>
      {database && <TemplateHelp inspection={database.inspection} template={draft.prompt} preview={preview} onInsert={insert} />}
      <OptionsFields options={draft.options} onChange={(patch) => update((current) => ({ options: { ...current.options, ...patch } }))} customised={!!draft.engine}>
        <EngineOverride engine={draft.engine} model={draft.model ?? ""} onChange={(patch) => update(patch)} />
      </OptionsFields>
      {error && (
        <p id="create-error" role="alert" class="error">
          {error}
        </p>
      )}
      {errorKind === "edit_conflict" && (
        <div class="row" id="edit-conflict-actions">
          <button type="button" id="conflict-reload" onClick={() => void reload()} disabled={busy}>
            Reload
          </button>
          <button type="button" id="conflict-overwrite" onClick={() => void overwrite()} disabled={busy}>
            Save mine anyway
          </button>
        </div>
      )}
      {errorKind === "connection_deleted" && (
        <div class="row" id="deleted-actions">
          <button type="button" id="deleted-save-new" onClick={() => void saveAsNew()} disabled={busy}>
            Save as a new connection
          </button>
          <button type="button" id="deleted-restore" onClick={() => void restore()} disabled={busy}>
            Restore it
          </button>
        </div>
      )}
      {errorKind === BUDGET_REACHED && <RaiseBudget />}
      {blocked === "rows" && database && (
        <p id="no-rows" class="notice">
          {noRowsMessage(database.inspection.selectionProperty ?? database.selectionProperty)}
        </p>
      )}
      <div class="row">
        <button type="button" id="prompt-back" onClick={() => update({ step: "target" })} disabled={busy}>
          Back
        </button>
        {database && (
          <button type="button" id="try-rows" disabled={disabled} aria-describedby={hints || undefined} onClick={() => void generate(TRY_ROWS)}>
            Try on the first {TRY_ROWS} rows
          </button>
        )}
        <button type="submit" class="primary" id="generate" disabled={disabled} aria-describedby={hints || undefined}>
          {!database && run && !running ? "Generate again" : "Generate"}
        </button>
        {emptyPrompt && (
          <span id="generate-hint" class="muted">
            {EMPTY_PROMPT_MESSAGE}
          </span>
        )}
        {busy && (
          <span class="muted" role="status">
            Starting…
          </span>
        )}
      </div>
    </form>
  );
}
