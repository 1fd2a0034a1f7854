import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import { isRunActive, rowCounts } from "../../../core/run-view";
import type { Run } from "../../../shared/storage/schema";
import { DryRunView } from "./DryRunView";
import { PromptStep } from "./PromptStep";
import { RunProgress } from "./RunProgress";
import type { CreateDraft } from "./draft";
import { TargetStep } from "./TargetStep";
import { useDraft } from "./useDraft";
import { useRun } from "./useRun";

interface CreateTabProps {
  /** False until a Notion secret and the engine's key are saved. */
  configured: boolean;
  onOpenSettings: () => void;
  /** A saved connection to put into the form (Connections → Open); `id` tells one request from the next. */
  loadRequest?: { id: number; draft: CreateDraft } | null;
  /** Called once a load request is in the form. */
  onLoaded?: (id: number) => void;
  /** Kept pointing at the form's current draft, so the popup can ask before replacing it. */
  draftRef?: RefObject<CreateDraft | null>;
}

/**
 * Create: pick a Notion page or database, write a prompt (for a database, set
 * up which rows and where answers go), generate into it.
 * The form lives in storage (useDraft) and the run's progress too (useRun), so
 * closing the popup loses neither.
 */
export function CreateTab({ configured, onOpenSettings, loadRequest, onLoaded, draftRef }: CreateTabProps) {
  const { draft, update, reset, load } = useDraft();
  const [started, setStarted] = useState<Run | undefined>(undefined);
  // Bumped by each load, so the steps start without the previous form's messages.
  const [loads, setLoads] = useState(0);
  const run = useRun(draft?.runId, started);
  if (draftRef) draftRef.current = draft;

  const ready = draft !== null;
  useEffect(() => {
    // Waits for the stored draft to be read, so that reading it can't undo the load.
    if (!ready || !loadRequest) return;
    setStarted(undefined);
    load(loadRequest.draft);
    setLoads((count) => count + 1);
    onLoaded?.(loadRequest.id);
  }, [ready, loadRequest?.id]);

  if (!draft) return <p class="muted">Loading…</p>;

  const running = isRunActive(run);
  const follow = (next: Run) => {
    setStarted(next);
    update({ runId: next.id }, true);
  };
  // Something to open: blocks in the page, or rows of the database done.
  const wrote = run ? (run.kind === "database" ? rowCounts(run).done > 0 : run.blocksWritten > 0) : false;
  return (
    <div class="stack">
      {!configured && (
        <p class="notice">
          Add your Notion token and an AI key first.{" "}
          <button type="button" class="link" onClick={onOpenSettings}>
            Open Settings
          </button>
        </p>
      )}
      {draft.step === "target" ? (
        <TargetStep key={loads} draft={draft} update={update} />
      ) : (
        <PromptStep
          key={loads}
          draft={draft}
          update={update}
          run={run}
          onStarted={follow}
        />
      )}
      {run && (run.mode === "dry" ? <DryRunView run={run} onStarted={follow} /> : <RunProgress run={run} onStarted={follow} />)}
      {!running && (run || draft.connectionId) && (
        <div class="row">
          {draft.target?.url && wrote && (
            <a href={draft.target.url} target="_blank" rel="noreferrer">
              Open in Notion
            </a>
          )}
          {draft.connectionId && (
            <button type="button" class="ghost" id="new-connection" onClick={reset}>
              Start a new connection
            </button>
          )}
        </div>
      )}
    </div>
  );
}
