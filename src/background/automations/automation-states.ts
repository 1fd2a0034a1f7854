/** Each connection's watch or schedule state in storage, under automation:<connectionId>. */
import type { Storage } from "webextension-polyfill";
import { storageWriteError } from "../../core/errors";
import { AUTOMATION_KEY_PREFIX, automationKey, type AutomationState } from "../../shared/storage/schema";

export class AutomationStates {
  constructor(private readonly area: Storage.StorageArea) {}

  /** The states of these connections that exist. */
  async read(ids: readonly string[]): Promise<Map<string, AutomationState>> {
    if (ids.length === 0) return new Map();
    const items = await this.area.get(ids.map(automationKey));
    const states = new Map<string, AutomationState>();
    for (const id of ids) {
      const state = items[automationKey(id)] as AutomationState | undefined;
      if (state) states.set(id, state);
    }
    return states;
  }

  async save(state: AutomationState): Promise<AutomationState> {
    try {
      await this.area.set({ [automationKey(state.connectionId)]: state });
    } catch (error) {
      throw storageWriteError(error);
    }
    return state;
  }

  /** Every automation state, for the lists. */
  async all(): Promise<AutomationState[]> {
    const all = await this.area.get(null);
    return Object.entries(all)
      .filter(([key]) => key.startsWith(AUTOMATION_KEY_PREFIX))
      .map(([, value]) => value as AutomationState);
  }
}
