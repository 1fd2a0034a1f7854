import { useState } from "preact/hooks";
import type { Run } from "../../../shared/storage/schema";
import { request } from "../../messaging";
import { toConnectionDraft } from "./connectionDraft";
import { ContextFields } from "./ContextFields";
import { DatabaseSetup } from "./DatabaseSetup";
import { kindLabel, type CreateDraft } from "./draft";
import { EngineOverride } from "./EngineOverride";
import { OptionsFields } from "./OptionsFields";
import { PageSendPreview } from "./PageSendPreview";
import { PlacementField } from "./PlacementField";
import { PromptField, usePromptField } from "./PromptField";
import { RunButtons } from "./RunButtons";
import { databaseBlock, EMPTY_PROMPT_MESSAGE, noRowsMessage, TRY_ROWS } from "./runLimits";
import { SaveProblem } from "./SaveProblem";
import { TemplateHelp } from "./TemplateHelp";
import type { DraftPatch } from "./useDraft";
import { useGenerate } from "./useGenerate";
import { useInspection } from "./useInspection";
import { useSendPreview } from "./useSendPreview";
import { isRunActive } from "../../../core/run-view";

interface PromptStepProps {
  draft: CreateDraft;
  update: (patch: DraftPatch, now?: boolean) => void;
  /** The draft's latest run, if any. */
  run: Run | null;
  onStarted: (run: Run) => void;
}

/**
 * Step 2: the prompt and its options (for a database, its setup above and the
 * template's placeholders and preview below). Generate saves the connection
 * (updating it when this draft already saved one) and starts a run.
 */
export function PromptStep({ draft, update, run, onStarted }: PromptStepProps) {
  const flow = useGenerate(draft, update);
  const running = isRunActive(run);
  const emptyPrompt = !draft.prompt.trim();
  const database = draft.kind === "database" ? draft.database : undefined;
  const actions = useInspection(draft, update);
  // A database's preview follows every edit (it also checks the template); a page's is asked for.
  const [pagePreviewOpen, setPagePreviewOpen] = useState(false);
  const built = toConnectionDraft(draft);
  const preview = useSendPreview(built.ok && (database ? !!database.selectionProperty : pagePreviewOpen) ? built.draft : null, database?.inspectedAt);
  const blocked = database ? databaseBlock(database, preview, !!actions.busy) : "";
  const disabled = emptyPrompt || flow.busy || running || blocked !== "";

  const setPrompt = (prompt: string) => {
    update({ prompt });
    if (flow.error === EMPTY_PROMPT_MESSAGE) flow.fail("");
  };
  const field = usePromptField({ value: draft.prompt, onChange: setPrompt });

  const start = (rowLimit?: number) =>
    flow.saveThen(async (connection) => {
      onStarted(await request("run.start", rowLimit ? { connectionId: connection.id, rowLimit } : { connectionId: connection.id }));
    });
  const dryRun = () =>
    flow.saveThen(async (connection) => {
      onStarted(await request("run.dryRun", { connectionId: connection.id, rowLimit: TRY_ROWS }));
    });

  const target = draft.target;
  const hints = [emptyPrompt && "generate-hint", blocked === "rows" && "no-rows", blocked === "template" && "template-error"].filter(Boolean).join(" ");
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled) void start();
      }}
    >
      {target && (
        <p id="target-summary" class="check ok">
          ✓ {kindLabel(target.kind)} “{target.title}”
        </p>
      )}
      {database && (
        <DatabaseSetup database={database} update={update} actions={actions} run={run} placement={draft.placement} onPlacement={(placement) => update({ placement })} />
      )}
      <PromptField
        value={draft.prompt}
        kind={draft.kind}
        areaRef={field.ref}
        describedBy={database ? (preview.state === "error" ? "template-hint template-error" : "template-hint") : undefined}
        onChange={setPrompt}
      />
      {database && <TemplateHelp inspection={database.inspection} template={draft.prompt} preview={preview} onInsert={field.insert} />}
      {!database && <PlacementField placement={draft.placement} where="page" onChange={(placement) => update({ placement })} />}
      <ContextFields kind={draft.kind} context={draft.context} prompt={draft.prompt} onChange={(patch) => update((current) => ({ context: { ...current.context, ...patch } }))} />
      {!database && <PageSendPreview preview={preview} open={pagePreviewOpen} onToggle={setPagePreviewOpen} />}
      <OptionsFields options={draft.options} onChange={(patch) => update((current) => ({ options: { ...current.options, ...patch } }))} customised={!!draft.engine}>
        <EngineOverride engine={draft.engine} model={draft.model ?? ""} onChange={(patch) => update(patch)} />
      </OptionsFields>
      <SaveProblem flow={flow} />
      {blocked === "rows" && database && (
        <p id="no-rows" class="notice">
          {noRowsMessage(database.inspection.selectionProperty ?? database.selectionProperty)}
        </p>
      )}
      <RunButtons
        isDatabase={!!database}
        disabled={disabled}
        busy={flow.busy}
        emptyPrompt={emptyPrompt}
        hints={hints}
        generateLabel={!database && run && !running ? "Generate again" : "Generate"}
        onBack={() => update({ step: "target" })}
        onTry={() => void start(TRY_ROWS)}
        onDryRun={() => void dryRun()}
      />
    </form>
  );
}
