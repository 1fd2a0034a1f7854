import { BUDGET_REACHED, RaiseBudget } from "../../components/RaiseBudget";
import type { GenerateFlow } from "./useGenerate";

/** Why the last save or start failed, with the ways out its kind allows. */
export function SaveProblem({ flow }: { flow: GenerateFlow }) {
  const { error, errorKind, busy } = flow;
  return (
    <>
      {error && (
        <p id="create-error" role="alert" class="error">
          {error}
        </p>
      )}
      {errorKind === "edit_conflict" && (
        <div class="row" id="edit-conflict-actions">
          <button type="button" id="conflict-reload" onClick={() => void flow.reload()} disabled={busy}>
            Reload
          </button>
          <button type="button" id="conflict-overwrite" onClick={() => void flow.overwrite()} disabled={busy}>
            Save mine anyway
          </button>
        </div>
      )}
      {errorKind === "connection_deleted" && (
        <div class="row" id="deleted-actions">
          <button type="button" id="deleted-save-new" onClick={() => void flow.saveAsNew()} disabled={busy}>
            Save as a new connection
          </button>
          <button type="button" id="deleted-restore" onClick={() => void flow.restore()} disabled={busy}>
            Restore it
          </button>
        </div>
      )}
      {errorKind === BUDGET_REACHED && <RaiseBudget />}
    </>
  );
}
