/**
 * The pages' one reader of what the worker stores: runs, automation states and
 * settings (connections come from the worker, through messages). Pages never
 * write these keys and read them only here, through the shared validating
 * reader (shared/storage/records-reader.ts): a damaged record, or one from a
 * newer Inkwell, is left out instead of shown half-read. Keys a page owns (the
 * Create form's draft, the last deletion) are kept by the modules that own them.
 * Lint keeps storage reads here (eslint.config.js).
 */
import browser from "webextension-polyfill";
import { readAutomationRecord, readRecords, readRunRecord } from "../shared/storage/records-reader";
import { automationKey, RUN_KEY_PREFIX, runKey, type AutomationState, type Run, type StoredSettings } from "../shared/storage/schema";

/** A run as storage holds it (a change's newValue, or a read), or null when removed or damaged. */
export function runFromStorage(runId: string, value: unknown): Run | null {
  if (value === undefined) return null;
  const result = readRunRecord(runKey(runId), value);
  return result.ok ? result.record : null;
}

export async function readStoredRun(runId: string): Promise<Run | null> {
  const key = runKey(runId);
  return runFromStorage(runId, (await browser.storage.local.get(key))[key]);
}

/** These runs in ONE storage read (a list of 200 connections costs one read, not 200); damaged ones are left out. */
export async function readStoredRuns(runIds: readonly string[]): Promise<Map<string, Run>> {
  if (runIds.length === 0) return new Map();
  const items = await browser.storage.local.get(runIds.map(runKey));
  return new Map(readRecords<Run>(items, RUN_KEY_PREFIX).records.map((run) => [run.id, run]));
}

/** The automation states of these connections (absent: no automation, or a damaged state). */
export async function readAutomationStates(connectionIds: readonly string[]): Promise<Map<string, AutomationState>> {
  if (connectionIds.length === 0) return new Map();
  const items = await browser.storage.local.get(connectionIds.map(automationKey));
  const states = new Map<string, AutomationState>();
  for (const id of connectionIds) {
    const value = items[automationKey(id)];
    const result = value === undefined ? null : readAutomationRecord(automationKey(id), value);
    if (result?.ok) states.set(id, result.record);
  }
  return states;
}

/** Settings as stored (they hold no secret: keys live in the worker's vault), or null before the first save. */
export async function readStoredSettings(): Promise<StoredSettings | null> {
  const stored = (await browser.storage.local.get("settings")).settings as StoredSettings | undefined;
  return stored?.engine ? stored : null;
}
