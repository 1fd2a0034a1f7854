import { useCallback, useEffect, useState } from "preact/hooks";
import type { ModelInfo } from "../../../shared/protocol/types";
import type { EngineId } from "../../../shared/storage/schema";
import { errorMessage, request } from "../../messaging";

export type KeyCheck = { state: "idle" } | { state: "checking" } | { state: "ok"; count: number } | { state: "error"; message: string };

/** How long typing must pause before the model list is fetched for a new key. */
export const MODELS_AUTOLOAD_DELAY_MS = 600;

/**
 * The model suggestions for an engine and key (for a local server: its
 * address, the key being optional), fetched through the worker (ai.models)
 * once there is something to ask with, plus the explicit "Check" action. A
 * failed automatic fetch stays quiet: the check is where errors are shown.
 * Results are keyed by engine + key + address, so an answer for a key that
 * has since changed never shows up next to the new one. The built-in model
 * has no list to fetch.
 */
export function useModels(engine: EngineId, apiKey: string, baseUrl = "", savedKey = false) {
  const key = apiKey.trim();
  const server = engine === "compatible" ? baseUrl.trim() : "";
  // With nothing typed, the worker checks with the saved key (which the page never sees).
  const askable = engine === "compatible" ? server !== "" : engine !== "builtin" && (key !== "" || savedKey);
  const id = `${engine}\n${key}\n${server}`;
  const [lists, setLists] = useState<ReadonlyMap<string, ModelInfo[]>>(new Map());
  const [checked, setChecked] = useState<{ id: string; check: KeyCheck } | null>(null);
  const known = lists.has(id);

  const remember = (forId: string, list: ModelInfo[]) => setLists((current) => new Map(current).set(forId, list));
  const payload = { engine, ...(key ? { apiKey: key } : {}), ...(server ? { baseUrl: server } : {}) };

  useEffect(() => {
    if (!askable || known) return;
    const timer = setTimeout(() => {
      request("ai.models", payload).then(
        ({ models }) => remember(id, models),
        () => undefined,
      );
    }, MODELS_AUTOLOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [id, askable, known]);

  const test = useCallback(async () => {
    if (!askable) return;
    setChecked({ id, check: { state: "checking" } });
    try {
      const { models } = await request("ai.models", payload);
      remember(id, models);
      setChecked({ id, check: { state: "ok", count: models.length } });
    } catch (error) {
      setChecked({ id, check: { state: "error", message: errorMessage(error) } });
    }
  }, [id, askable]);

  /** Shows a failure found before asking the worker (e.g. a refused permission) where the check's result goes. */
  const fail = useCallback((message: string) => setChecked({ id, check: { state: "error", message } }), [id]);

  return {
    models: lists.get(id) ?? [],
    check: checked?.id === id ? checked.check : ({ state: "idle" } as KeyCheck),
    askable,
    test,
    fail,
  };
}
