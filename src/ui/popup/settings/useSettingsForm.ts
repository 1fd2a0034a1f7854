import { useEffect, useState } from "preact/hooks";
import type { SettingsView } from "../../../shared/protocol/types";
import type { StoredSecrets } from "../../../shared/storage/schema";
import { useConfirm } from "../../components/ConfirmDialog";
import { errorMessage, request } from "../../messaging";
import { useStorageChanges } from "../../storageSync";
import { forgetAsking, permissionRefusedMessage, requestHostPermission } from "./hostPermission";

/**
 * The settings form's state: the view being edited, keys typed since the last
 * save, Save (asking for the server's host permission within the click) and
 * Clear. Edits stay local until Save; a save made elsewhere replaces the view
 * unless this form holds edits.
 */
export function useSettingsForm(initialView: SettingsView | undefined, onSaved: ((view: SettingsView) => void) | undefined) {
  const [view, setView] = useState<SettingsView | null>(initialView ?? null);
  const [status, setStatusText] = useState<{ text: string; error?: boolean }>({ text: "" });
  const setStatus = (text: string, error = false) => setStatusText({ text, error });
  // Bumped by Clear, to reset the sections' own state (key checks, model lists).
  const [generation, setGeneration] = useState(0);
  const ask = useConfirm();
  // True while the form holds edits not yet saved: a save made elsewhere must not replace them.
  const [dirty, setDirty] = useState(false);
  // Keys typed since the last save: the only key text this page ever holds (saved keys never come back).
  const [typed, setTyped] = useState<Partial<StoredSecrets>>({});
  // The server address as last loaded or saved: Save only asks for access when it is new, or when it is the engine in use.
  const [savedBaseUrl, setSavedBaseUrl] = useState<string | null>(initialView?.settings.compatibleBaseUrl ?? null);
  if (view && savedBaseUrl === null) setSavedBaseUrl(view.settings.compatibleBaseUrl);

  // Saved in another window (the options page, another popup): shown here too, unless this form is being edited.
  useStorageChanges(["settings", "secretsChangedAt"], () => {
    if (dirty) return;
    request("settings.get", {}).then(setView, () => undefined);
  });

  useEffect(() => {
    if (initialView) return;
    request("settings.get", {}).then(setView, (error) => setStatus(errorMessage(error), true));
    // Read once; the view is then edited locally.
  }, []);

  const update = (next: Partial<SettingsView["settings"]>) => {
    if (!view) return;
    setDirty(true);
    setView({ ...view, settings: { ...view.settings, ...next } });
  };
  const type = (name: keyof StoredSecrets, value: string | undefined) => {
    setDirty(true);
    setTyped((current) => {
      const { [name]: _previous, ...rest } = current;
      return value === undefined ? rest : { ...rest, [name]: value };
    });
  };

  const save = async () => {
    if (!view) return;
    // Before any await: the browser only shows the permission prompt during the Save click itself.
    const baseUrl = view.settings.compatibleBaseUrl.trim();
    // Asking on every Save would nag someone who refused once and doesn't use the server as their engine.
    const needsAccess = baseUrl !== "" && (view.settings.engine === "compatible" || baseUrl !== savedBaseUrl);
    const permission = needsAccess ? requestHostPermission(baseUrl) : null;
    setStatus("Saving…");
    try {
      const saved = await request("settings.save", {
        patch: {
          engine: view.settings.engine,
          models: view.settings.models,
          compatibleBaseUrl: view.settings.compatibleBaseUrl,
          concurrency: view.settings.concurrency,
          // Only what was typed: a key left alone is kept by the worker.
          secrets: typed,
        },
      });
      setView(saved);
      setTyped({});
      setSavedBaseUrl(saved.settings.compatibleBaseUrl);
      setDirty(false);
      // Saved without asking: whatever a closed popup's lost permission answer was about, the user has moved on from it.
      if (!permission) forgetAsking();
      if (permission && !(await permission)) setStatus(`Saved, but ${permissionRefusedMessage(baseUrl)}`, true);
      else setStatus("Saved. Everything stays in this browser.");
      onSaved?.(saved);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  const clear = async () => {
    const question = "Clear all Inkwell data (keys, settings, connections, run history) from this browser? Runs in progress are stopped first; what they already wrote to Notion stays.";
    if (!(await ask(question, { confirmLabel: "Clear everything", title: "Clear all data?" }))) return;
    try {
      const cleared = await request("settings.clear", {});
      forgetAsking();
      setView(cleared);
      setTyped({});
      setDirty(false);
      setGeneration((count) => count + 1);
      setStatus("All Inkwell data was cleared.");
      // The Create tab hears of it through storage (its draft is gone) and starts afresh.
      onSaved?.(cleared);
    } catch (error) {
      setStatus(errorMessage(error), true);
    }
  };

  return { view, status, generation, typed, update, type, save, clear };
}
