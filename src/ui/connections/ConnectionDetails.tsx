import { useCallback, useEffect, useState } from "preact/hooks";
import type { Connection, Run } from "../../shared/storage/schema";
import { CONNECTION_KEY_PREFIX, RUN_KEY_PREFIX, connectionKey, runKey } from "../../shared/storage/schema";
import { useConfirm } from "../components/ConfirmDialog";
import { BUDGET_REACHED, RaiseBudget } from "../components/RaiseBudget";
import { errorCode, errorMessage, request } from "../messaging";
import { useNavigation } from "../navigation";
import { isActive } from "../popup/create/useRun";
import { useStorageChanges } from "../storageSync";
import { AutomationPanel } from "./AutomationPanel";
import { CopyAnswer } from "./CopyAnswer";
import { GenerationSettings } from "./GenerationSettings";
import { engineLabel, formatNumber, relativeTime, runResult, runResultLabel, undoableRun, writtenSummary } from "./model";

/** Runs listed before "Show more". */
export const HISTORY_PAGE = 20;

interface ConnectionDetailsProps {
  id: string;
  /** Back to the list. */
  onBack: () => void;
}

/** `refreshError`: the last refresh failed; the view is the last one read (a passing failure mustn't take it away). */
type Loaded = { state: "loading" } | { state: "ready"; connection: Connection; runs: Run[]; refreshError?: string } | { state: "error"; message: string };
type Feedback = { text: string; code?: string; error?: boolean };

const TONE_LABELS: Record<string, string> = { neutral: "Neutral", friendly: "Friendly", formal: "Formal", persuasive: "Persuasive" };

/** The one-line summary of a connection's generation options ("Default" when none is set). */
export function optionsSummary({ options }: Connection): string {
  const parts: string[] = [];
  if (options.tone) parts.push(`tone ${TONE_LABELS[options.tone] ?? options.tone}`);
  if (options.length) parts.push(`${options.length} length`);
  if (options.temperature !== undefined) parts.push(`temperature ${options.temperature}`);
  if (options.maxOutputTokens !== undefined) parts.push(`max ${formatNumber(options.maxOutputTokens)} tokens`);
  if (options.systemInstruction) parts.push("system instruction");
  return parts.length ? parts.join(", ") : "Default";
}

function databaseSummary(connection: Connection): string {
  const settings = connection.database;
  if (!settings) return "Not set up";
  const output =
    settings.output.type === "body"
      ? "writes to each row's page body"
      : settings.output.type === "typed"
        ? "fills the chosen properties"
        : `writes to “${settings.output.property}” (${settings.output.overwrite === "always" ? "replacing" : "only if empty"})`;
  return `Rows ticked in “${settings.selectionProperty}”; ${output}${settings.statusProperty ? `; status in “${settings.statusProperty}”` : ""}.`;
}

const undoneText = (removed: number, run: Run) =>
  run.kind === "page" ? `Undone: ${removed} ${removed === 1 ? "block" : "blocks"} removed.` : `Undone: ${removed} ${removed === 1 ? "change" : "changes"} removed from the rows.`;

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
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [feedback, setFeedback] = useState<Feedback>({ text: "" });
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(HISTORY_PAGE);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    try {
      const { connection, runs } = await request("connection.get", { id });
      setLoaded({ state: "ready", connection, runs });
      setNow(Date.now());
    } catch (failure) {
      const message = errorMessage(failure);
      setLoaded((current) => (current.state === "ready" ? { ...current, refreshError: message } : { state: "error", message }));
    }
  }, [id]);

  useEffect(() => {
    setLoaded({ state: "loading" });
    setFeedback({ text: "" });
    setShown(HISTORY_PAGE);
    void load();
  }, [load]);

  const runIds = loaded.state === "ready" ? loaded.connection.runIds : [];
  useStorageChanges([CONNECTION_KEY_PREFIX, RUN_KEY_PREFIX], (keys) => {
    const mine = new Set([connectionKey(id), ...runIds.map(runKey)]);
    if (keys.some((key) => mine.has(key))) void load();
  });

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
  const running = isActive(newest);
  const toUndo = undoableRun(runs);
  const failedRows = newest && !running && newest.kind === "database" && newest.mode !== "dry" ? (newest.rows ?? []).filter((row) => row.state === "failed").length : 0;
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
      const { removed } = await request("run.undo", { runId: run.id });
      return { text: undoneText(removed, run) };
    });
  };
  const edit = () => void navigation.editConnection(connection);

  const history = [...runs].reverse();
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
      <dl class="summary">
        <dt>Type</dt>
        <dd>{connection.kind === "page" ? "Page" : "Database"}</dd>
        <dt>Target</dt>
        <dd>
          <a id="details-open-notion" href={connection.url} target="_blank" rel="noreferrer">
            {connection.targetTitle || connection.url} ↗
          </a>
        </dd>
        <dt>Engine</dt>
        <dd>{engineLabel(connection)}</dd>
        {connection.kind === "database" && (
          <>
            <dt>Rows</dt>
            <dd>{databaseSummary(connection)}</dd>
          </>
        )}
        <dt>Options</dt>
        <dd>{optionsSummary(connection)}</dd>
        <dt>Prompt</dt>
        <dd>
          <pre class="prompt-text">{connection.prompt || "(empty)"}</pre>
        </dd>
      </dl>
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
      {connection.kind === "page" && newest && (
        <div id="last-content" class="notice">
          {newest.undoneAt !== undefined ? (
            <p>The last run was undone.</p>
          ) : (
            <>
              <p>
                {`The last run wrote ${writtenSummary(newest)} to “${connection.targetTitle}”. `}
                <a href={connection.url} target="_blank" rel="noreferrer">
                  See it in Notion
                </a>
              </p>
              {newest.preview && (
                // The start of the answer as generated (Markdown); Notion holds the full text.
                <blockquote id="last-content-preview" class="preview">
                  {newest.preview}
                  {newest.receivedChars > newest.preview.length && "…"}
                </blockquote>
              )}
              <CopyAnswer run={newest} />
            </>
          )}
        </div>
      )}
      {(connection.kind === "page" || connection.database) && <AutomationPanel connection={connection} />}
      <section aria-labelledby="history-heading">
        <h3 id="history-heading">Run history</h3>
        {history.length === 0 ? (
          <p class="muted">Not run yet.</p>
        ) : (
          <div class="table-wrap">
            <table id="run-history" class="data">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Result</th>
                  <th scope="col">Written</th>
                  <th scope="col">Tokens in / out</th>
                  <th scope="col">Engine</th>
                </tr>
              </thead>
              <tbody>
                {history.slice(0, shown).map((run) => (
                  <RunRow key={run.id} run={run} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {history.length > shown && (
          <button type="button" class="link" onClick={() => setShown(shown + HISTORY_PAGE)}>
            Show more
          </button>
        )}
      </section>
    </div>
  );
}

function RunRow({ run, now }: { run: Run; now: number }) {
  const result = runResult(run);
  const note = run.error?.message ?? run.notice ?? "";
  return (
    <>
      <tr data-run-id={run.id}>
        <td title={new Date(run.startedAt).toLocaleString()}>{relativeTime(run.startedAt, now)}</td>
        <td class={`result ${result}`}>
          {runResultLabel(run)}
          {run.trigger === "automatic" && <span class="tag automatic"> · automatic</span>}
          {run.undoneAt !== undefined && " (undone)"}
        </td>
        <td>{writtenSummary(run)}</td>
        <td>
          {formatNumber(run.inputTokens)} / {formatNumber(run.outputTokens)}
        </td>
        <td>
          {run.engine} · {run.model}
        </td>
      </tr>
      {note && (
        <tr class="run-note">
          <td colSpan={5} class={run.error ? "error" : "muted"}>
            {note}
          </td>
        </tr>
      )}
    </>
  );
}
