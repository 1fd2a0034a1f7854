import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { CONNECTION_KEY_PREFIX, RUN_KEY_PREFIX, runKey, type Connection, type Run } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { useStorageChanges } from "../storageSync";
import { readStoredRuns } from "../stored";
import { lastRunId, type ConnectionRow } from "./model";

export interface ConnectionsState {
  /** null until the first answer. */
  rows: ConnectionRow[] | null;
  error: string;
  reload(): Promise<void>;
}

/**
 * Reads the newest run of every connection in ONE storage read, so a list of
 * 200 connections costs one message and one read, not 200. A damaged run is
 * left out (the worker logs it for diagnostics), never shown half-read.
 */
export async function readLastRuns(connections: readonly Connection[]): Promise<Map<string, Run>> {
  return readStoredRuns(connections.map(lastRunId).filter((id): id is string => id !== undefined));
}

const toRows = (connections: readonly Connection[], runs: Map<string, Run>): ConnectionRow[] =>
  connections
    // Deleted ones wait in Inkwell's trash for "Undo"; lists never show them.
    .filter((connection) => connection.deletedAt === undefined)
    .map((connection) => {
      const id = lastRunId(connection);
      return { connection, lastRun: (id && runs.get(id)) || null };
    });

/**
 * All connections with their last runs, kept in step with storage: a change
 * to any connection reloads the list; a change to a run only re-reads the runs
 * the list shows (a streaming run writes several times a second).
 */
export function useConnections(): ConnectionsState {
  const [rows, setRows] = useState<ConnectionRow[] | null>(null);
  const [error, setError] = useState("");
  const latest = useRef<ConnectionRow[] | null>(null);
  const sequence = useRef(0);

  const show = (next: ConnectionRow[]) => {
    latest.current = next;
    setRows(next);
  };

  // True while a reload's answer is awaited: the list shown then may already be outdated.
  const reloading = useRef(false);
  // Runs that changed meanwhile, re-read once that reload has shown its list.
  const missedRunKeys = useRef<string[]>([]);

  // Both reads take a ticket from the one `sequence`: only the newest read started may show its answer.
  const reload = useCallback(async () => {
    const ticket = ++sequence.current;
    reloading.current = true;
    try {
      const connections = await request("connection.list", {});
      const runs = await readLastRuns(connections);
      if (ticket !== sequence.current) return;
      show(toRows(connections, runs));
      setError("");
    } catch (failure) {
      if (ticket === sequence.current) setError(errorMessage(failure));
    } finally {
      if (ticket === sequence.current) {
        reloading.current = false;
        const missed = missedRunKeys.current;
        missedRunKeys.current = [];
        if (missed.length) void refreshRuns(missed).catch(() => undefined);
      }
    }
  }, []);

  const refreshRuns = async (changedKeys: string[]) => {
    // The connections shown are about to be replaced: re-reading their runs now would
    // show them again after the reload; the runs are re-read once it is done instead.
    if (reloading.current) {
      missedRunKeys.current.push(...changedKeys);
      return;
    }
    const current = latest.current;
    if (!current) return;
    const shown = new Set(current.map((row) => lastRunId(row.connection)).filter(Boolean).map((id) => runKey(id!)));
    if (!changedKeys.some((key) => shown.has(key))) return;
    const ticket = ++sequence.current;
    const connections = current.map((row) => row.connection);
    const runs = await readLastRuns(connections);
    if (ticket === sequence.current) show(toRows(connections, runs));
  };

  useEffect(() => {
    void reload();
  }, [reload]);

  useStorageChanges([CONNECTION_KEY_PREFIX, RUN_KEY_PREFIX], (keys) => {
    if (keys.some((key) => key.startsWith(CONNECTION_KEY_PREFIX))) void reload();
    else void refreshRuns(keys).catch(() => undefined);
  });

  return { rows, error, reload };
}
