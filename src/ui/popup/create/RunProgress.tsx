import { useEffect, useState } from "preact/hooks";
import type { Run } from "../../../shared/storage/schema";
import { errorMessage, request } from "../../messaging";
import { runStatusText } from "./runStatus";
import { isActive } from "./useRun";

interface RunProgressProps {
  run: Run;
}

/** Live status of a run (fed from storage by useRun), with Cancel while it goes on. */
export function RunProgress({ run }: RunProgressProps) {
  const [now, setNow] = useState(() => Date.now());
  // Both are about one run: keyed by its id, so a new run starts clean.
  const [cancellingId, setCancellingId] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<{ runId: string; message: string } | null>(null);
  const active = isActive(run);
  const cancelling = cancellingId === run.id;
  const cancelMessage = cancelError?.runId === run.id ? cancelError.message : "";

  // Ticks only while Notion makes us wait, for the countdown.
  const waitingUntil = active ? run.waitingUntil : undefined;
  useEffect(() => {
    setNow(Date.now());
    if (waitingUntil === undefined || waitingUntil <= Date.now()) return;
    const interval = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= waitingUntil) clearInterval(interval);
    }, 1_000);
    return () => clearInterval(interval);
  }, [waitingUntil]);

  const cancel = async () => {
    const runId = run.id;
    setCancellingId(runId);
    setCancelError(null);
    try {
      // The run's own status then says "Cancelled" (or how it ended first).
      await request("run.cancel", { runId });
    } catch (error) {
      setCancelError({ runId, message: errorMessage(error) });
      setCancellingId(null);
    }
  };

  const tone = run.status === "succeeded" ? "ok" : run.status === "failed" || run.status === "partial" ? "error" : active ? "busy" : "";
  return (
    <section class="run" aria-label="Progress">
      <div class="row">
        <p id="run-status" role="status" class={`run-status ${tone}`}>
          {runStatusText(run, now)}
        </p>
        {active && (
          <button type="button" id="cancel-run" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? "Cancelling…" : "Cancel"}
          </button>
        )}
      </div>
      {cancelMessage && (
        <p role="alert" class="error">
          {cancelMessage}
        </p>
      )}
    </section>
  );
}
