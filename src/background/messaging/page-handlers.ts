import browser from "webextension-polyfill";
import { InkwellError } from "../../core/errors";
import { STORAGE_SCHEMA_VERSION } from "../../shared/storage/schema";
import type { TypedStore } from "../../shared/storage/store";
import type { Automations } from "../automations/automations";
import type { ConnectionsMirror } from "../connections/mirror";
import type { RecordStore } from "../connections/records";
import { collectDiagnostics } from "../operations/diagnostics";
import type { ErrorLog } from "../operations/error-log";
import type { BudgetGuard } from "../runs/budget";
import type { RunManager } from "../runs/run-manager";
import { engineForModelList } from "../settings/engine-choice";
import type { NotionIdentityService } from "../settings/notion-identity";
import type { SettingsService } from "../settings/settings";
import type { PageHandlers } from "./router";
import { createSetupHandlers } from "./setup-handlers";

export interface PageDeps {
  store: TypedStore;
  settings: SettingsService;
  notionIdentity: NotionIdentityService;
  records: RecordStore;
  runs: RunManager;
  mirror: ConnectionsMirror;
  automations: Automations;
  budget: BudgetGuard;
  errorLog: ErrorLog;
  /** Settings → Clear: every stored item goes, and the worker starts afresh. */
  clearAll: () => Promise<void>;
}

/**
 * Requests from the extension's own pages (popup, options). The router has
 * already checked the sender and the payload; each handler hands the request
 * to the service that owns it.
 */
export function createPageHandlers(deps: PageDeps): PageHandlers {
  const { store, settings, notionIdentity, records, runs, mirror, automations, budget, errorLog } = deps;
  return {
    ping: async () => ({ version: browser.runtime.getManifest().version, engine: (await store.get("settings")).engine }),
    "settings.get": () => settings.pageView(),
    "settings.save": async ({ patch }) => {
      const previous = (await store.get("settings")).connectionsDatabaseUrl;
      const saved = await settings.save(patch);
      // A new Notion token: learn now whether it is an integration or a person, for the advice in later errors.
      if (!saved.settings.notionIdentity) await notionIdentity.load();
      // Another connections database: stop mirroring until mirror.connect validates it.
      await mirror.settingsChanged(previous, saved.settings.connectionsDatabaseUrl);
      return saved;
    },
    "settings.clear": async () => {
      await deps.clearAll();
      return settings.pageView();
    },
    "notion.check": async ({ secret }) => notionIdentity.check(secret?.trim() || (await settings.requireNotionToken())),
    "ai.models": async ({ engine, apiKey, baseUrl }) => {
      const view = await settings.view();
      return { models: await engineForModelList(engine, view.settings, view.secrets, { ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) }).listModels() };
    },
    ...createSetupHandlers({ settings, records, notionAccess: (token) => notionIdentity.accessFor(token) }),
    "connection.list": () => records.listConnections(),
    "connection.get": async ({ id }) => {
      const connection = await records.getConnection(id);
      if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
      return { connection, runs: await records.getRuns(connection.runIds) };
    },
    "connection.delete": async ({ ids }) => ({ deleted: await records.deleteConnections(ids) }),
    "connection.restore": async ({ ids }) => ({ restored: await records.restoreConnections(ids) }),
    "connection.duplicate": ({ id }) => records.duplicateConnection(id),
    "connection.export": () => records.exportConnections(),
    "connection.import": ({ json }) => records.importConnections(json),
    "run.start": ({ connectionId, rowLimit }) => runs.start(connectionId, rowLimit),
    "run.retryFailed": ({ runId }) => runs.retryFailed(runId),
    "run.undo": async ({ runId }) => await runs.undo(runId),
    "run.cancel": async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    "run.dryRun": ({ connectionId, rowLimit }) => runs.startDryRun(connectionId, rowLimit),
    "run.writePreview": ({ runId }) => runs.writePreview(runId),
    "run.answer": async ({ runId }) => ({ text: (await records.getPageAnswer(runId)) ?? null }),
    "automation.set": ({ connectionId, automation }) => automations.configure(connectionId, automation),
    "automation.resume": ({ connectionId }) => automations.resume(connectionId),
    "mirror.status": () => mirror.status(),
    "mirror.create": ({ parentUrl }) => mirror.create(parentUrl),
    "mirror.connect": ({ url, addMissing }) => mirror.connect(url, addMissing),
    "mirror.retry": () => mirror.retry(),
    "mirror.import": () => mirror.importFromNotion(),
    "usage.summary": () => budget.summary(),
    "diagnostics.get": async () => ({
      text: await collectDiagnostics({
        settings,
        records,
        mirrorStatus: () => mirror.status(),
        errors: () => errorLog.list(),
        schemaVersion: async () => (await store.get("meta")).schemaVersion ?? STORAGE_SCHEMA_VERSION,
        extensionVersion: browser.runtime.getManifest().version,
        userAgent: globalThis.navigator?.userAgent ?? "unknown",
      }),
    }),
  };
}
