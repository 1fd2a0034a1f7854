/**
 * The worker's services, built once per worker start and wired to each other.
 * Nothing here talks to the browser's events: index.ts registers the listeners.
 */
import browser from "webextension-polyfill";
import { createNotionClient } from "../notion/client";
import { TypedStore } from "../shared/storage/store";
import { notifyAutomaticRun } from "./automations/automation-notice";
import { Automations } from "./automations/automations";
import { RunBadge } from "./automations/badge";
import { ConnectionsMirror } from "./connections/mirror";
import { RecordStore } from "./connections/records";
import { clearAllData } from "./operations/clear-data";
import { ErrorLog } from "./operations/error-log";
import { Housekeeping } from "./operations/housekeeping";
import { BudgetGuard } from "./runs/budget";
import { RunManager } from "./runs/run-manager";
import { RunPruner } from "./runs/run-pruner";
import { moveLegacySecrets } from "./settings/legacy-secrets";
import { NotionIdentityService } from "./settings/notion-identity";
import { IndexedDbSecretVault } from "./settings/secret-vault";
import { SettingsService } from "./settings/settings";

export type WorkerServices = ReturnType<typeof createServices>;

export function createServices() {
  const area = browser.storage.local;
  const store = new TypedStore(area);
  const vault = new IndexedDbSecretVault();
  const settings = new SettingsService(store, vault, area);
  const records = new RecordStore(area);
  const errorLog = new ErrorLog(store, () => settings.secretValues());
  const budget = new BudgetGuard(records, store);
  const notionIdentity = new NotionIdentityService(settings);
  const mirror = new ConnectionsMirror({
    store,
    records,
    settings,
    notion: (token, priority) => createNotionClient(token, { priority }),
    notionAccess: (token) => notionIdentity.accessFor(token),
    alarms: browser.alarms,
    errorLog,
  });
  // A stored record that can't be read (damaged, or from a newer Inkwell) is left out and logged for diagnostics.
  records.onInvalidRecord((problem) => void errorLog.record({ code: "invalid_record", message: `${problem.key} was left out: ${problem.reason}`, context: "storage" }));
  // Every connection change (popup, options page, Notion tab) is mirrored to the connections database.
  records.onConnectionChange((id) => mirror.changed(id));
  const pruner = new RunPruner(area, records);
  const housekeeping = new Housekeeping({ area, records, pruner, mirror, errorLog, activeRunIds: () => runs.activeRunIds(), alarms: browser.alarms });
  const runs: RunManager = new RunManager(records, settings, Date.now, {
    budget,
    onRunEnded: (run) => {
      mirror.changed(run.connectionId);
      void automations.runEnded(run);
      void housekeeping.prune();
    },
    onRunFailed: (error) => void errorLog.record({ ...error, context: "run" }),
    exclusive: (task) => pruner.exclusive(task),
  });
  // Watched databases and scheduled page runs: they start runs through `runs`, like a click.
  const automations: Automations = new Automations({
    area,
    records,
    runs,
    notionToken: () => settings.requireNotionToken(),
    notion: (token) => createNotionClient(token),
    budgetReached: async () => (await budget.summary()).budget.reached,
    alarms: browser.alarms,
    notify: notifyAutomaticRun,
    secretValues: () => settings.secretValues(),
    onCheckFailed: (error) => void errorLog.record({ ...error, context: "watch" }),
  });
  const protectLegacySecrets = () => moveLegacySecrets(area, vault, settings, errorLog);
  /** Settings → Clear: everything stored goes; keys left from earlier builds and the token's identity are set up afresh. */
  const clearAll = async () => {
    await clearAllData({
      runs,
      mirrorSettled: () => mirror.settled(),
      store: { clearAll: () => settings.clearSecrets(() => store.clearAll()) },
      exclusive: (task) => pruner.exclusive(task),
    });
    await protectLegacySecrets();
    await notionIdentity.load();
  };
  const badge = new RunBadge(browser.action);
  return { store, settings, records, errorLog, budget, notionIdentity, mirror, housekeeping, runs, automations, badge, protectLegacySecrets, clearAll };
}
