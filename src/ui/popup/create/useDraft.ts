import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { DRAFT_KEY, emptyDraft, type CreateDraft } from "./draft";
import { parseDraft } from "./draftParse";
import { replaceDraft } from "./loadConnection";

export const DRAFT_SAVE_DELAY_MS = 300;

/** The Create form as stored (an empty one when storage can't be read). */
export async function readStoredDraft(): Promise<CreateDraft> {
  try {
    return parseDraft((await browser.storage.local.get(DRAFT_KEY))[DRAFT_KEY]);
  } catch {
    return emptyDraft();
  }
}

export type DraftPatch = Partial<CreateDraft> | ((current: CreateDraft) => Partial<CreateDraft>);

export interface DraftState {
  /** null until the stored draft has been read. */
  draft: CreateDraft | null;
  /** Applies a change; it is written to storage after a short pause, or at once with `now`. */
  update(patch: DraftPatch, now?: boolean): void;
  /** Forgets the draft (a fresh, empty form). */
  reset(): void;
  /** Replaces the whole form (e.g. with a saved connection), written at once. */
  load(next: CreateDraft): void;
}

/**
 * The Create form's state, mirrored to storage.local under "ui:createDraft" so
 * that it survives the popup closing (which destroys the page without warning).
 * Writes are debounced, and flushed when the page is hidden or unmounted.
 */
export function useDraft(): DraftState {
  const [draft, setDraft] = useState<CreateDraft | null>(null);
  const latest = useRef<CreateDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    if (timer.current === undefined) return;
    clearTimeout(timer.current);
    timer.current = undefined;
    if (!latest.current) return;
    // JSON round trip: drops undefined fields so the stored item stays plain.
    browser.storage.local.set({ [DRAFT_KEY]: JSON.parse(JSON.stringify(latest.current)) as unknown }).catch((error: unknown) => {
      console.warn("[inkwell] could not save the Create draft", error);
    });
  }, []);

  useEffect(() => {
    let active = true;
    browser.storage.local.get(DRAFT_KEY).then(
      (items) => {
        if (!active || latest.current) return;
        latest.current = parseDraft(items[DRAFT_KEY]);
        setDraft(latest.current);
      },
      () => {
        if (!active || latest.current) return;
        latest.current = emptyDraft();
        setDraft(latest.current);
      },
    );
    const onHide = () => {
      if (document.visibilityState === "hidden") flush();
    };
    // Settings → Clear wipes storage: the form starts afresh, and a pending write must not bring the draft back.
    // (Chrome omits newValue for a removed key; some implementations send null.)
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== "local" || !(DRAFT_KEY in changes) || changes[DRAFT_KEY]?.newValue != null) return;
      clearTimeout(timer.current);
      timer.current = undefined;
      latest.current = emptyDraft();
      setDraft(latest.current);
    };
    addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onHide);
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      active = false;
      removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHide);
      browser.storage.onChanged.removeListener(onChanged);
      flush();
    };
  }, [flush]);

  const update = useCallback(
    (patch: DraftPatch, now = false) => {
      const current = latest.current ?? emptyDraft();
      const next = { ...current, ...(typeof patch === "function" ? patch(current) : patch) };
      latest.current = next;
      setDraft(next);
      if (timer.current !== undefined) clearTimeout(timer.current);
      timer.current = setTimeout(flush, DRAFT_SAVE_DELAY_MS);
      if (now) flush();
    },
    [flush],
  );

  const reset = useCallback(() => update(() => replaceDraft(emptyDraft()), true), [update]);

  const load = useCallback((next: CreateDraft) => update(() => replaceDraft(next), true), [update]);

  return { draft, update, reset, load };
}
