import { useCallback, useEffect, useState } from "preact/hooks";
import type { ModelInfo } from "../../../ai/engine";
import type { EngineId } from "../../../shared/storage/schema";
import { errorMessage, request } from "../../messaging";

export type KeyCheck = { state: "idle" } | { state: "checking" } | { state: "ok"; count: number } | { state: "error"; message: string };

/** How long typing must pause before the model list is fetched for a new key. */
export const MODELS_AUTOLOAD_DELAY_MS = 600;

/**
 * The model suggestions for an engine and key, fetched through the worker
 * (ai.models) once a key is present, plus the explicit "Check key" action. A
 * failed automatic fetch stays quiet: the key check is where errors are shown.
 * Results are keyed by engine + key, so an answer for a key that has since
 * changed never shows up next to the new one.
 */
export function useModels(engine: EngineId, apiKey: string) {
  const key = apiKey.trim();
  const id = `${engine}\n${key}`;
  const [lists, setLists] = useState<ReadonlyMap<string, ModelInfo[]>>(new Map());
  const [checked, setChecked] = useState<{ id: string; check: KeyCheck } | null>(null);
  const known = lists.has(id);

  const remember = (forId: string, list: ModelInfo[]) => setLists((current) => new Map(current).set(forId, list));

  useEffect(() => {
    if (!key || known) return;
    const timer = setTimeout(() => {
      request("ai.models", { engine, apiKey: key }).then(
        ({ models }) => remember(id, models),
        () => undefined,
      );
    }, MODELS_AUTOLOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [id, engine, key, known]);

  const test = useCallback(async () => {
    if (!key) return;
    setChecked({ id, check: { state: "checking" } });
    try {
      const { models } = await request("ai.models", { engine, apiKey: key });
      remember(id, models);
      setChecked({ id, check: { state: "ok", count: models.length } });
    } catch (error) {
      setChecked({ id, check: { state: "error", message: errorMessage(error) } });
    }
  }, [id, engine, key]);

  return {
    models: lists.get(id) ?? [],
    check: checked?.id === id ? checked.check : ({ state: "idle" } as KeyCheck),
    test,
  };
}
