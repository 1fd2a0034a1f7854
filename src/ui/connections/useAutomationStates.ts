import { useEffect, useState } from "preact/hooks";
import { AUTOMATION_KEY_PREFIX, type AutomationState } from "../../shared/storage/schema";
import { useStorageChanges } from "../storageSync";
import { readAutomationStates } from "../stored";

/**
 * The worker's automation states of these connections, read from storage
 * through the pages' reader (../stored.ts) and kept current as checks
 * happen. A clock tick every 30 s keeps "next check in …" honest.
 */
export function useAutomationStates(connectionIds: readonly string[]): { states: Map<string, AutomationState>; now: number } {
  const [states, setStates] = useState<Map<string, AutomationState>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const key = connectionIds.join(",");

  const read = async () => {
    if (connectionIds.length === 0) return setStates(new Map());
    setStates(await readAutomationStates(connectionIds));
    setNow(Date.now());
  };

  useEffect(() => {
    void read().catch(() => undefined);
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [key]);
  useStorageChanges([AUTOMATION_KEY_PREFIX], () => void read().catch(() => undefined));
  return { states, now };
}
