import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { UndoToast } from "../components/UndoToast";
import { useNavigation } from "../navigation";
import { ListControls, initialListView, type ListView } from "./ListControls";
import { runOutcome } from "../../core/run-view";
import { engineLabel, excerpt, filterRows, kindName, relativeTime, runResultLabel, sortRows, type ConnectionRow } from "./model";
import type { ConnectionsState } from "./useConnections";
import { useDeleteWithUndo } from "./useDeleteWithUndo";
import { automationStatus } from "./automationText";
import { useAutomationStates } from "./useAutomationStates";
import { errorMessage, request } from "../messaging";
import type { AutomationState } from "../../shared/storage/schema";

interface ConnectionListProps {
  connections: ConnectionsState;
  onDetails: (id: string) => void;
  onCreate: () => void;
}

/**
 * The popup's compact list of connections: search, type filter, sort; a click
 * on a name opens it in Create, "Details" shows its history, ••• → Delete.
 *
 * Stable hooks for tests: ul#connection-list > li[data-connection-id]; in a
 * row, button.conn-name (the name), "Details", and "•••" (aria-label "More
 * actions for <name>") whose menu holds "Delete"; #undo-toast with "Undo".
 * Delete asks with the in-page dialog (#confirm-ok / #confirm-cancel).
 */
export function ConnectionList({ connections, onDetails, onCreate }: ConnectionListProps) {
  const [view, setView] = useState<ListView>(initialListView);
  const deletion = useDeleteWithUndo();
  const navigation = useNavigation();
  const { rows, error } = connections;
  const now = useMemo(() => Date.now(), [rows]);
  const visible = useMemo(() => (rows ? sortRows(filterRows(rows, view.filter), view.sort, view.direction) : []), [rows, view]);
  const automated = useMemo(() => (rows ?? []).filter((row) => row.connection.automation).map((row) => row.connection.id), [rows]);
  const automations = useAutomationStates(automated);

  if (!rows) return <p class={error ? "error" : "muted"}>{error || "Loading…"}</p>;
  return (
    <div class="stack">
      {rows.length === 0 ? (
        <p class="notice" id="no-connections">
          No connections yet. A connection is saved the first time you generate from Create.{" "}
          <button type="button" class="link" onClick={onCreate}>
            Go to Create
          </button>
        </p>
      ) : (
        <>
          <ListControls view={view} onChange={setView} idPrefix="list" />
          <p class="hint" id="list-count" aria-live="polite">
            {visible.length === rows.length ? `${rows.length} connections` : `${visible.length} of ${rows.length} connections`}
          </p>
          <ul id="connection-list" class="conn-list">
            {visible.map((row) => (
              <ConnectionItem
                key={row.connection.id}
                row={row}
                now={now}
                automation={automations.states.get(row.connection.id)}
                automationNow={automations.now}
                onOpen={() => void navigation.editConnection(row.connection)}
                onDetails={() => onDetails(row.connection.id)}
                onDelete={() => void deletion.remove([row.connection])}
              />
            ))}
          </ul>
          {visible.length === 0 && <p class="muted">No connection matches.</p>}
        </>
      )}
      {(error || deletion.error) && (
        <p role="alert" class="error">
          {deletion.error || error}
        </p>
      )}
      <UndoToast deletion={deletion} returnFocus={() => document.querySelector<HTMLElement>("#list-search, #no-connections button")} />
    </div>
  );
}

interface ConnectionItemProps {
  row: ConnectionRow;
  now: number;
  automation: AutomationState | undefined;
  automationNow: number;
  onOpen: () => void;
  onDetails: () => void;
  onDelete: () => void;
}

function ConnectionItem({ row, now, automation, automationNow, onOpen, onDetails, onDelete }: ConnectionItemProps) {
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

interface RowMenuProps {
  /** The row's name, for the button's accessible name. */
  name: string;
  items: { label: string; action: () => void; danger?: boolean }[];
}

/**
 * The ••• menu of a row: a disclosure (a button that shows a short list of
 * buttons), not an ARIA menu, so Tab and Enter work as everywhere else.
 * Escape closes it and returns focus to •••; so does choosing an item (the
 * item's own action may then move focus on). Focus or a click leaving it closes it.
 */
export function RowMenu({ name, items }: RowMenuProps) {
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  const closeToTrigger = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };
  const choose = (action: () => void) => () => {
    closeToTrigger();
    action();
  };
  return (
    <div
      class="menu-wrap"
      ref={wrapRef}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        // Without this the Escape would also close the whole popup.
        event.preventDefault();
        event.stopPropagation();
        closeToTrigger();
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next && !wrapRef.current?.contains(next)) setOpen(false);
      }}
    >
      <button
        type="button"
        class="ghost small"
        ref={triggerRef}
        aria-label={`More actions for ${name}`}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        •••
      </button>
      <ul id={listId} class="menu" hidden={!open}>
        {items.map((item) => (
          <li key={item.label}>
            <button type="button" class={item.danger ? "danger" : undefined} onClick={choose(item.action)}>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
