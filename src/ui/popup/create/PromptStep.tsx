import { useState } from "preact/hooks";
import type { Run } from "../../../shared/storage/schema";
import { errorMessage, request } from "../../messaging";
import { kindLabel, toConnectionDraft, type CreateDraft } from "./draft";
import { OptionsFields } from "./OptionsFields";
import type { DraftPatch } from "./useDraft";
import { isActive } from "./useRun";

export const EMPTY_PROMPT_MESSAGE = "Write a prompt first.";

interface PromptStepProps {
  draft: CreateDraft;
  update: (patch: DraftPatch, now?: boolean) => void;
  /** The draft's latest run, if any. */
  run: Run | null;
  onStarted: (run: Run) => void;
}

/**
 * Step 2: the prompt and its options. Generate saves the connection (updating
 * it when this draft already saved one) and starts a run.
 */
export function PromptStep({ draft, update, run, onStarted }: PromptStepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const running = isActive(run);
  const emptyPrompt = !draft.prompt.trim();

  const generate = async () => {
    const built = toConnectionDraft(draft);
    if (!built.ok) {
      setError(built.message);
      return;
    }
    setBusy(true);
    setError("");
    try {
      const connection = await request("connection.save", { draft: built.draft });
      // Written at once: a second Generate must update this connection, even after the popup closed.
      update({ connectionId: connection.id }, true);
      onStarted(await request("run.start", { connectionId: connection.id }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const target = draft.target;
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy && !running) void generate();
      }}
    >
      {target && (
        <p id="target-summary" class="check ok">
          ✓ {kindLabel(target.kind)} “{target.title}”
        </p>
      )}
      <div class="field">
        <label for="create-prompt">Prompt</label>
        <textarea
          id="create-prompt"
          rows={6}
          value={draft.prompt}
          placeholder={draft.kind === "page" ? "e.g. Write a 500-word introduction to sourdough baking." : "e.g. Write a short product description for each row."}
          onInput={(event) => {
            update({ prompt: event.currentTarget.value });
            if (error === EMPTY_PROMPT_MESSAGE) setError("");
          }}
        />
      </div>
      <OptionsFields options={draft.options} onChange={(patch) => update((current) => ({ options: { ...current.options, ...patch } }))} />
      {error && (
        <p id="create-error" role="alert" class="error">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" id="prompt-back" onClick={() => update({ step: "target" })} disabled={busy}>
          Back
        </button>
        <button type="submit" class="primary" id="generate" disabled={emptyPrompt || busy || running} aria-describedby={emptyPrompt ? "generate-hint" : undefined}>
          {run && !running ? "Generate again" : "Generate"}
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
