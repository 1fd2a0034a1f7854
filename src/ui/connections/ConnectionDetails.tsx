import { useEffect, useState } from "preact/hooks";
import { isRunActive, rowCounts, undoableRun } from "../../core/run-view";
import type { UndoResult } from "../../shared/protocol/types";
import type { Run } from "../../shared/storage/schema";
import { useConfirm } from "../components/ConfirmDialog";
import { BUDGET_REACHED, RaiseBudget } from "../components/RaiseBudget";
import { errorCode, errorMessage, request } from "../messaging";
import { useNavigation } from "../navigation";
import { AutomationPanel } from "./AutomationPanel";
import { ConnectionSummary } from "./ConnectionSummary";
import { GenerationSettings } from "./GenerationSettings";
import { LastContent } from "./LastContent";
import { writtenSummary } from "./model";
import { RunHistory } from "./RunHistory";
import { useConnectionDetails } from "./useConnectionDetails";

export { optionsSummary } from "./ConnectionSummary";
export { HISTORY_PAGE } from "./RunHistory";

interface ConnectionDetailsProps {
  id: string;
  /** Back to the list. */
  onBack: () => void;
}

type Feedback = { text: string; code?: string; error?: boolean };

const undoneText = ({ removed, kept }: UndoResult, run: Run) =>
  (run.kind === "page" ? `Undone: ${removed} ${removed === 1 ? "block" : "blocks"} removed.` : `Undone: ${removed} ${removed === 1 ? "change" : "changes"} removed from the rows.`) +
  (kept?.length ? ` Kept what you changed since the run: ${kept.join(", ")}.` : "");

/**
 * A connection's details: its settings, a link to the Notion target, what its
 * last run wrote, and its run history, with Undo last run and Generate again.
 * Stays current through storage.onChanged (runs progress, edits elsewhere).
 *
 * Stable hooks for tests: #connection-details, #details-open-notion,
 * buttons "Open in Create", "Generate again" / "Resume", "Retry failed rows",
 * "Undo last run", table #run-history (rows data-run-id), #details-status.
 */
export function ConnectionDetails({ id, onBack }: ConnectionDetailsProps) {
  const navigation = useNavigation();
  const ask = useConfirm();
  const { loaded, now } = useConnectionDetails(id);
  const [feedback, setFeedback] = useState<Feedback>({ text: "" });
  const [busy, setBusy] = useState(false);

  useEffect(() => setFeedback({ text: "" }), [id]);

  if (loaded.state === "loading") return <p class="muted">Loading…</p>;
  if (loaded.state === "error") {
    return (
      <div class="stack" id="connection-details">
        <p role="alert" class="error">
          {loaded.message}
        </p>
        <div class="row">
          <button type="button" onClick={onBack}>
            Back to the list
          </button>
        </div>
      </div>
    );
  }

  const { connection, runs } = loaded;
  const newest = runs[runs.length - 1] ?? null;
  const running = isRunActive(newest);
  const toUndo = undoableRun(runs);
  // A dry run is never resumed or retried from here: either would write instead of preview.
  const failedRows = newest && !running && newest.kind === "database" && newest.mode !== "dry" ? rowCounts(newest).failed : 0;
  const resumable = newest && connection.kind === "database" && newest.mode !== "dry" && (newest.status === "cancelled" || newest.status === "failed");

  const act = async (work: () => Promise<Feedback>) => {
    setBusy(true);
    setFeedback({ text: "" });
    try {
      setFeedback(await work());
    } catch (failure) {
      setFeedback({ text: errorMessage(failure), code: errorCode(failure), error: true });
    } finally {
      setBusy(false);
    }
  };

  const generate = () =>
    act(async () => {
      await request("run.start", { connectionId: connection.id });
      return { text: "Started. Progress shows in the history below." };
    });
  const retryFailed = () =>
    act(async () => {
      await request("run.retryFailed", { runId: newest!.id });
      return { text: "Retrying the failed rows." };
    });
  const undo = async (run: Run) => {
    const what = run.kind === "page" ? `the ${writtenSummary(run)} it wrote` : "what it wrote to each row";
    const question = `Undo the ${run.trigger === "automatic" ? "automatic " : ""}run of ${new Date(run.startedAt).toLocaleString()}? This removes ${what} from Notion.`;
    if (!(await ask(question, { confirmLabel: "Undo run", title: "Undo the last run?" }))) return;
    void act(async () => {
      return { text: undoneText(await request("run.undo", { runId: run.id }), run) };
    });
  };
  const edit = () => void navigation.editConnection(connection);

  return (
    <div class="stack details" id="connection-details" data-connection-id={connection.id}>
      <div class="row">
        <button type="button" class="ghost" onClick={onBack} aria-label="Back to the list">
          ← Back
        </button>
        <h2 class="grow details-title">{connection.name}</h2>
      </div>
      {loaded.refreshError && (
        <p id="details-refresh-error" role="alert" class="error">
          Couldn't refresh these details ({loaded.refreshError}); showing what was last read.
        </p>
      )}
      <ConnectionSummary connection={connection} />
      <GenerationSettings connection={connection} />
      <div class="row">
        <button type="button" class="primary" onClick={edit}>
          Open in Create
        </button>
        <button type="button" onClick={() => void generate()} disabled={busy || running}>
          {resumable ? "Resume" : "Generate again"}
        </button>
        {failedRows > 0 && (
          <button type="button" onClick={() => void retryFailed()} disabled={busy}>
            Retry failed rows
          </button>
        )}
        <button type="button" class="danger" onClick={() => toUndo && void undo(toUndo)} disabled={busy || !toUndo}>
          Undo last run
        </button>
      </div>
      {feedback.text && (
        <p id="details-status" role={feedback.error ? "alert" : "status"} class={feedback.error ? "error" : "muted"}>
          {feedback.text}
        </p>
      )}
      {(feedback.code === BUDGET_REACHED || (newest?.status === "failed" && newest.error?.code === BUDGET_REACHED)) && <RaiseBudget />}
      {connection.kind === "page" && newest && <LastContent connection={connection} newest={newest} />}
      {(connection.kind === "page" || connection.database) && <AutomationPanel connection={connection} />}
      <RunHistory runs={runs} now={now} />
    </div>
  );
}
