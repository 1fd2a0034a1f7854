import { runOutcome } from "../../core/run-view";
import { engineLabel, excerpt, kindName, relativeTime, runResultLabel, type ConnectionRow } from "../connections/model";

interface TableRowProps {
  row: ConnectionRow;
  now: number;
  selected: boolean;
  duplicating: boolean;
  onToggle: (id: string) => void;
  onDetails: (id: string) => void;
  onDuplicate: (id: string, name: string) => void;
}

/** One connection: its checkbox, name (opens the details), type, target, prompt, last run, engine, created; Details and Duplicate. */
export function ConnectionsTableRow({ row: { connection, lastRun }, now, selected, duplicating, onToggle, onDetails, onDuplicate }: TableRowProps) {
  return (
    <tr data-connection-id={connection.id} class={selected ? "selected" : undefined}>
      <td class="select">
        <input type="checkbox" aria-label={`Select ${connection.name}`} checked={selected} onChange={() => onToggle(connection.id)} />
      </td>
      <td>
        <button type="button" class="link" onClick={() => onDetails(connection.id)}>
          {connection.name}
        </button>
      </td>
      <td>{kindName(connection.kind)}</td>
      <td>
        <a href={connection.url} target="_blank" rel="noreferrer">
          {connection.targetTitle || "Untitled"}
        </a>
      </td>
      <td class="prompt-cell" title={excerpt(connection.prompt, 400)}>
        {excerpt(connection.prompt, 60)}
      </td>
      <td>
        {lastRun ? (
          <>
            {relativeTime(lastRun.startedAt, now)} · <span class={`result ${runOutcome(lastRun)}`}>{runResultLabel(lastRun)}</span>
          </>
        ) : (
          <span class="muted">never</span>
        )}
      </td>
      <td>{engineLabel(connection)}</td>
      <td title={new Date(connection.createdAt).toLocaleString()}>{new Date(connection.createdAt).toLocaleDateString()}</td>
      <td class="actions">
        <button type="button" class="ghost small" onClick={() => onDetails(connection.id)}>
          Details
        </button>
        <button
          type="button"
          class="ghost small"
          onClick={() => onDuplicate(connection.id, connection.name)}
          disabled={duplicating}
        >
          Duplicate
        </button>
      </td>
    </tr>
  );
}
