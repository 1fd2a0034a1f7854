import { useCallback, useEffect, useState } from "preact/hooks";
import type { Connection, Run } from "../../shared/storage/schema";
import { CONNECTION_KEY_PREFIX, RUN_KEY_PREFIX, connectionKey, runKey } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { useStorageChanges } from "../storageSync";

/** `refreshError`: the last refresh failed; the view is the last one read (a passing failure mustn't take it away). */
export type LoadedDetails = { state: "loading" } | { state: "ready"; connection: Connection; runs: Run[]; refreshError?: string } | { state: "error"; message: string };

/** A connection and its runs, read again when either changes in storage (runs progress, edits elsewhere). */
export function useConnectionDetails(id: string): { loaded: LoadedDetails; now: number } {
  const [loaded, setLoaded] = useState<LoadedDetails>({ state: "loading" });
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
    void load();
  }, [load]);

  const runIds = loaded.state === "ready" ? loaded.connection.runIds : [];
  useStorageChanges([CONNECTION_KEY_PREFIX, RUN_KEY_PREFIX], (keys) => {
    const mine = new Set([connectionKey(id), ...runIds.map(runKey)]);
    if (keys.some((key) => mine.has(key))) void load();
  });

  return { loaded, now };
}
