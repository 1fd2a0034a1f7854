import { useState } from "preact/hooks";
import { runOutcome } from "../../core/run-view";
import type { AutomationState } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { automationStatus } from "./automationText";
import { engineLabel, excerpt, kindName, relativeTime, runResultLabel, type ConnectionRow } from "./model";
import { RowMenu } from "./RowMenu";

interface ConnectionItemProps {
  row: ConnectionRow;
  now: number;
  automation: AutomationState | undefined;
  automationNow: number;
  onOpen: () => void;
  onDetails: () => void;
  onDelete: () => void;
}
/** One connection in the popup's list: name (opens it in Create), type, Details and •••; target, engine, prompt, last run, and its watch or schedule (with Resume when paused). */
export function ConnectionItem({ row, now, automation, automationNow, onOpen, onDetails, onDelete }: ConnectionItemProps) {
  const { connection, lastRun } = row;
  const watch = automationStatus(connection, automation, Math.max(now, automationNow));
  const [resumeError, setResumeError] = useState("");
  return (
    <li class="conn" data-connection-id={connection.id}>
      <div class="row nowrap">
        <button type="button" class="link conn-name grow" title="Open in Create" onClick={onOpen}>
          {connection.name}
        </button>
        <span class={`badge ${connection.kind}`}>{kindName(connection.kind)}</span>
        <button type="button" class="ghost small" onClick={onDetails}>
          Details
        </button>
        <RowMenu
          name={connection.name}
          items={[
            { label: "Open in Create", action: onOpen },
            { label: "Delete", action: onDelete, danger: true },
          ]}
        />
      </div>
      <p class="conn-meta hint">
        → {connection.targetTitle || "Untitled"} · {engineLabel(connection)}
      </p>
      {connection.prompt && <p class="conn-prompt hint">{excerpt(connection.prompt)}</p>}
      <p class="conn-run hint">
        {lastRun ? (
          <>
            {relativeTime(lastRun.startedAt, now)} · <span class={`result ${runOutcome(lastRun)}`}>{runResultLabel(lastRun)}</span>
          </>
        ) : (
          "Never run"
        )}
        {lastRun?.trigger === "automatic" && " · automatic"}
      </p>
      {watch && (
        <p class={`conn-automation hint ${watch.kind}`} data-kind={watch.kind}>
          {watch.text}{" "}
          {watch.kind === "paused" && (
            <button
              type="button"
              class="small"
              aria-label={`Resume ${connection.name}`}
              onClick={() => {
                setResumeError("");
                request("automation.resume", { connectionId: connection.id }).catch((failure: unknown) => setResumeError(errorMessage(failure)));
              }}
            >
              Resume
            </button>
          )}
          {resumeError && <span role="alert" class="error"> {resumeError}</span>}
        </p>
      )}
    </li>
  );
}
