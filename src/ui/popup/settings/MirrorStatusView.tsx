import type { MirrorStatus } from "../../../shared/protocol/types";
import type { Busy } from "./useMirror";

export const pendingText = (pending: number): string => (pending === 1 ? "1 change waiting to sync" : `${pending} changes waiting to sync`);

/** Where connections are mirrored and what is waiting to sync, with "Sync now" and the last sync error. */
export function MirrorStatusView({ status, statusError, busy, sync }: { status: MirrorStatus | null; statusError: string; busy: Busy; sync: () => Promise<void> }) {
  return (
    <>
      <p id="mirror-status" role="status">
        {!status && !statusError && <span class="muted">Checking…</span>}
        {status && !status.databaseUrl && <span class="muted">Not set up: your connections are kept in this browser only.</span>}
        {status?.databaseUrl && (
          <>
            Mirroring to{" "}
            <a id="mirror-database-link" href={status.databaseUrl} target="_blank" rel="noreferrer">
              your connections database
            </a>
            {status.pending > 0 ? ` · ${pendingText(status.pending)}` : " · up to date"}
          </>
        )}
      </p>
      {statusError && <p class="error">{statusError}</p>}
      {status?.databaseUrl && status.pending > 0 && (
        <div class="row">
          <button type="button" id="mirror-sync" onClick={() => void sync()} disabled={busy !== ""}>
            {busy === "sync" ? "Syncing…" : "Sync now"}
          </button>
        </div>
      )}
      {status?.lastError && (
        <p id="mirror-error" role="alert" class="error">
          Last sync failed: {status.lastError}
        </p>
      )}
    </>
  );
}
