import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { AUTOMATION_KEY_PREFIX, automationKey, type AutomationState } from "../../shared/storage/schema";
import { useStorageChanges } from "../storageSync";

/**
 * The worker's automation states of these connections, read straight from
 * storage (the popup is a trusted extension page) and kept current as checks
 * happen. A clock tick every 30 s keeps "next check in …" honest.
 */
export function useAutomationStates(connectionIds: readonly string[]): { states: Map<string, AutomationState>; now: number } {
  const [states, setStates] = useState<Map<string, AutomationState>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const key = connectionIds.join(",");

  const read = async () => {
    if (connectionIds.length === 0) return setStates(new Map());
    const items = await browser.storage.local.get(connectionIds.map(automationKey));
    const next = new Map<string, AutomationState>();
    for (const id of connectionIds) {
      const state = items[automationKey(id)] as AutomationState | undefined;
      if (state) next.set(id, state);
    }
    setStates(next);
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
