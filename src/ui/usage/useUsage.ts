import { useCallback, useEffect, useState } from "preact/hooks";
import type { SettingsView, UsageSummary } from "../../shared/protocol/types";
import { RUN_KEY_PREFIX, USAGE_ARCHIVE_KEY } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { useStorageChanges } from "../storageSync";

/** A streaming run writes often; usage is re-read at most this often. */
export const USAGE_REFRESH_MS = 1_000;

export type LoadedUsage = { state: "loading" } | { state: "ready"; summary: UsageSummary; view: SettingsView } | { state: "error"; message: string };

/** The usage summary and settings, read again whenever runs, settings, connections or the usage archive change. */
export function useUsage(): { loaded: LoadedUsage; load: () => Promise<void> } {
  const [loaded, setLoaded] = useState<LoadedUsage>({ state: "loading" });

  const load = useCallback(async () => {
    try {
      const [summary, view] = await Promise.all([request("usage.summary", {}), request("settings.get", {})]);
      setLoaded({ state: "ready", summary, view });
    } catch (failure) {
      // Once shown, usage stays on screen when a later read fails.
      setLoaded((current) => (current.state === "ready" ? current : { state: "error", message: errorMessage(failure) }));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useStorageChanges([RUN_KEY_PREFIX, "settings", "connection:", USAGE_ARCHIVE_KEY], () => void load(), USAGE_REFRESH_MS);

  return { loaded, load };
}
