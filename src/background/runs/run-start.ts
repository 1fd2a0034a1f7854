/** A new run's record, as a start, a watch or a retry of failed rows asks for it. */
import type { Connection, EngineId, RowSelection, Run } from "../../shared/storage/schema";

/** How a watch or a schedule starts a run: marked automatic, with the rows its check found. */
export interface AutomaticStart {
  trigger: "automatic";
  selection?: RowSelection;
  /** The rows to fill (a database watch's check found them); the run reads them again before filling. */
  rows?: { rowId: string; title: string }[];
}

/** What a start adds to a fresh run record. */
export type RunExtras = Pick<Run, "rows" | "rowLimit" | "trigger" | "selection">;

/** The extras of a start: a row limit, and for a watch or schedule the trigger, its rows and the selection rule. */
export function startExtras(rowLimit: number | undefined, automatic: AutomaticStart | undefined): RunExtras {
  return {
    ...(rowLimit !== undefined ? { rowLimit } : {}),
    ...(automatic ? { trigger: "automatic" as const } : {}),
    ...(automatic?.selection && automatic.selection !== "ticked" ? { selection: automatic.selection } : {}),
    ...(automatic?.rows ? { rows: automatic.rows.map(({ rowId, title }) => ({ rowId, title, state: "pending" as const })) } : {}),
  };
}

export function freshRun(connection: Connection, engine: EngineId, model: string, extra: RunExtras, now: number): Run {
  return {
    id: crypto.randomUUID(),
    connectionId: connection.id,
    kind: connection.kind,
    targetId: connection.targetId,
    engine,
    model,
    status: "running",
    startedAt: now,
    receivedChars: 0,
    outputTokens: 0,
    inputTokens: 0,
    writtenBlockIds: [],
    blocksWritten: 0,
    ...(extra.rowLimit !== undefined ? { rowLimit: extra.rowLimit } : {}),
    ...(extra.rows !== undefined ? { rows: extra.rows } : {}),
    ...(extra.trigger ? { trigger: extra.trigger } : {}),
    ...(extra.selection ? { selection: extra.selection } : {}),
  };
}

/**
 * The final record of a run the worker was stopped in, which can't resume
 * (a page run: its stream is gone): partial with what it wrote, or failed.
 */
export function interruptedRunClosed(run: Run, now: number): Run {
  return {
    ...run,
    status: run.blocksWritten > 0 || run.writtenBlockIds.length > 0 ? "partial" : "failed",
    endedAt: now,
    error: {
      code: "ai_stream_interrupted",
      message:
        run.kind === "page"
          ? "Inkwell was stopped while generating (the browser closed or the extension was updated). What was written stays, and Undo removes it; the answer received so far can be copied from the connection's details."
          : "Inkwell was stopped while generating (the browser closed or the extension was updated). What was written stays; generate again for a complete answer.",
    },
  };
}
