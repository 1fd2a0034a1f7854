/**
 * The service worker: the only context that holds secrets and talks to Notion
 * and the AI providers. Listeners are registered synchronously at start-up (an
 * MV3 rule: a worker woken by an event must find its listener already there);
 * storage migrations run in the background and handlers await them.
 */
import browser from "webextension-polyfill";
import { workerEngine } from "./settings/engine-choice";
import { InkwellError } from "../core/errors";
import { createNotionClient } from "../notion/client";
import { fetchIdentity } from "../notion/identity";
import { resolveTarget } from "../notion/targets";
import { TypedStore } from "../shared/storage/store";
import { clearAllData } from "./operations/clear-data";
import { createContentHandlers } from "./messaging/content-handlers";
import { registerNotionTabIntegration } from "./messaging/notion-tab";
import { RecordStore } from "./connections/records";
import { createMessageListener } from "./messaging/router";
import { RESUME_ALARM, RunManager } from "./runs/run-manager";
import { RunPruner } from "./runs/run-pruner";
import { previewSend } from "./runs/send-preview";
import { notionContextReaders } from "./runs/context-readers";
import { addProperty, inspectDatabase, propertyIds, queryTickedRows, readSchema } from "../notion/databases";
import { fillTemplate, propertiesReadBy, validateTemplate } from "../core/template";
import { normaliseBaseUrl, SettingsService } from "./settings/settings";
import { automationKey, ENGINE_SECRET, STORAGE_SCHEMA_VERSION } from "../shared/storage/schema";
import { BudgetGuard } from "./runs/budget";
import { buildDiagnostics } from "./operations/diagnostics";
import { ErrorLog } from "./operations/error-log";
import { IndexedDbSecretVault, moveSecretsToVault } from "./settings/secret-vault";
import { ConnectionsMirror, MIRROR_RETRY_ALARM } from "./connections/mirror";
import { AUTOMATION_ALARM, Automations } from "./automations/automations";
import { RunBadge } from "./automations/badge";
import { notifyAutomaticRun } from "./automations/automation-notice";
import { NotionIdentityService } from "./settings/notion-identity";

const store = new TypedStore(browser.storage.local);
const vault = new IndexedDbSecretVault();
const settings = new SettingsService(store, vault, browser.storage.local);
const records = new RecordStore(browser.storage.local);
const errorLog = new ErrorLog(store, () => settings.secretValues());
const budget = new BudgetGuard(records, store);
const notionIdentity = new NotionIdentityService(settings);
const notionAccess = (token: string) => notionIdentity.accessFor(token);
const mirror = new ConnectionsMirror({
  store,
  records,
  settings,
  notion: (token, priority) => createNotionClient(token, { priority }),
  notionAccess,
  alarms: browser.alarms,
  errorLog,
});
// A stored record that can't be read (damaged, or from a newer Inkwell) is left out and logged for diagnostics.
records.onInvalidRecord((problem) => void errorLog.record({ code: "invalid_record", message: `${problem.key} was left out: ${problem.reason}`, context: "storage" }));
// Every connection change (popup, options page, Notion tab) is mirrored to the connections database.
records.onConnectionChange((id) => mirror.changed(id));
const pruner = new RunPruner(browser.storage.local, records);
const runs = new RunManager(records, settings, Date.now, {
  budget,
  onRunEnded: (run) => {
    mirror.changed(run.connectionId);
    void automations.runEnded(run);
    void prune();
  },
  onRunFailed: (error) => void errorLog.record({ ...error, context: "run" }),
  exclusive: (task) => pruner.exclusive(task),
});

/** Keeps the newest runs of each connection (the rule the Usage tab shows); never the ones going now. */
async function prune(): Promise<void> {
  try {
    await pruner.prune(runs.activeRunIds());
  } catch (error) {
    void errorLog.record({ code: "storage_failed", message: error instanceof Error ? error.message : String(error), context: "prune" });
  }
}
// Watched databases and scheduled page runs: they start runs through `runs`, like a click.
const automations = new Automations({
  area: browser.storage.local,
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
const badge = new RunBadge(browser.action);
browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local") badge.changed(changes);
});
const PURGE_ALARM = "inkwell-purge-deleted";
const PURGE_PERIOD_MINUTES = 6 * 60;
const ready = prepare();

async function prepare(): Promise<void> {
  // Keys live in the vault, not here; connections and prompts do, so Chrome keeps them from content scripts too.
  const local = globalThis.chrome?.storage?.local as (chrome.storage.StorageArea & { setAccessLevel?: unknown }) | undefined;
  if (typeof local?.setAccessLevel === "function") {
    await local.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
  }
  await store.migrate();
  await moveLegacySecrets();
  await notionIdentity.load();
  await runs.resumeInterrupted();
  badge.reset(await records.listRuns());
  void mirror.flush();
  // Start-up is also the catch-up: each watch that came due while the browser was closed checks once.
  void automations.tick();
  // Purging scans every stored item, so it runs on a slow alarm, not on each of the worker's many wake-ups.
  if (browser.alarms && !(await browser.alarms.get(PURGE_ALARM))) {
    await browser.alarms.create(PURGE_ALARM, { delayInMinutes: 1, periodInMinutes: PURGE_PERIOD_MINUTES });
  }
}

/** Keys that earlier builds (or a fresh install's defaults) left in storage.local go to the vault. */
async function moveLegacySecrets(): Promise<void> {
  try {
    await moveSecretsToVault(browser.storage.local, vault);
  } catch (error) {
    // They stay where they were (nothing is lost); Settings and diagnostics say keys aren't protected.
    settings.markUnprotected(error);
    void errorLog.record({ code: "secrets_unprotected", message: error instanceof Error ? error.message : String(error), context: "secrets" });
  }
}

/** Deleted connections stay restorable for a day; then their runs go too, their usage staying in the totals. */
async function purgeDeletedConnections(): Promise<void> {
  const purged = await records.purgeDeleted();
  await browser.storage.local.remove(purged.map(automationKey));
  await mirror.purged(purged);
  await prune();
}

registerNotionTabIntegration(records, browser.runtime.id);

// The resume alarm only has to wake the worker: start-up (prepare) resumes interrupted runs.
browser.alarms?.onAlarm.addListener((alarm) => {
  if (alarm.name === RESUME_ALARM) void ready;
  if (alarm.name === MIRROR_RETRY_ALARM) void ready.then(() => mirror.flush());
  if (alarm.name === PURGE_ALARM) void ready.then(purgeDeletedConnections);
  if (alarm.name === AUTOMATION_ALARM) void ready.then(() => automations.tick());
});

// The browser opened: this listener is what wakes the worker then (alarms aren't guaranteed to survive a restart),
// and start-up (prepare) does each watch's one catch-up check.
browser.runtime.onStartup.addListener(() => void ready.then(() => automations.tick()));

browser.runtime.onMessage.addListener(
  createMessageListener({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL(""),
    ready,
    knownSecrets: () => settings.secretValues(),
    log: (message) => console.warn(`[inkwell] ${message}`),
    recordError: (entry) => void errorLog.record(entry),
    page: {
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
        await clearAllData({
          runs,
          mirrorSettled: () => mirror.settled(),
          store: {
            clearAll: () => settings.clearSecrets(() => store.clearAll()),
          },
          exclusive: (task) => pruner.exclusive(task),
        });
        await moveLegacySecrets();
        await notionIdentity.load();
        return settings.pageView();
      },
      "notion.check": async ({ secret }) => {
        const token = secret?.trim() || (await settings.requireNotionToken());
        const identity = await fetchIdentity(createNotionClient(token, { priority: "interactive" }));
        await notionIdentity.remember(token, identity);
        return identity;
      },
      "ai.models": async ({ engine, apiKey, baseUrl }) => {
        const view = await settings.view();
        const secretName = ENGINE_SECRET[engine];
        const key = apiKey?.trim() || (secretName ? view.secrets[secretName] : "");
        // A local server needs no key; every other keyed engine does.
        if (!key && secretName && engine !== "compatible") throw new InkwellError("not_configured", "Paste the API key first.");
        const server = engine === "compatible" && baseUrl?.trim() ? normaliseBaseUrl(baseUrl) : undefined;
        if (engine === "compatible" && !server && !view.settings.compatibleBaseUrl) {
          throw new InkwellError("not_configured", "Type your server's address first, e.g. http://localhost:11434/v1 for Ollama.");
        }
        // workerEngine decides which key may go where: a stored key only to its own engine's host.
        const overrides = { ...(apiKey?.trim() ? { apiKey: apiKey.trim() } : {}), ...(server ? { baseUrl: server } : {}) };
        return { models: await workerEngine(engine, view.settings, view.secrets, overrides).listModels() };
      },
      "target.resolve": async ({ url, kind }) => {
        const token = await settings.requireNotionToken();
        return resolveTarget(createNotionClient(token, { priority: "interactive" }), url, kind, await notionAccess(token));
      },
      "connection.save": async ({ draft }) => {
        const token = await settings.requireNotionToken();
        if (draft.kind === "database" && !draft.database) throw new InkwellError("invalid_input", "Choose the database's checkbox and output first.");
        const target = await resolveTarget(createNotionClient(token, { priority: "interactive" }), draft.url, draft.kind, await notionAccess(token));
        return records.saveConnection(draft, target);
      },
      "connection.list": () => records.listConnections(),
      "connection.get": async ({ id }) => {
        const connection = await records.getConnection(id);
        if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
        return { connection, runs: await records.getRuns(connection.runIds) };
      },
      "database.inspect": async ({ url, dataSourceId, selectionProperty }) => {
        const token = await settings.requireNotionToken();
        return inspectDatabase(createNotionClient(token, { priority: "interactive" }), url, {
          access: await notionAccess(token),
          ...(dataSourceId ? { dataSourceId } : {}),
          ...(selectionProperty ? { selectionProperty } : {}),
        });
      },
      "database.addProperty": async ({ dataSourceId, name, type }) => {
        const token = await settings.requireNotionToken();
        const client = createNotionClient(token, { priority: "interactive" });
        await addProperty(client, dataSourceId, name, type);
        const database = await client.dataSources.retrieve({ data_source_id: dataSourceId });
        const parent = (database as { database_parent?: { database_id?: string }; parent?: { database_id?: string } });
        const databaseId = parent.parent?.database_id ?? parent.database_parent?.database_id ?? dataSourceId;
        return inspectDatabase(client, databaseId, { access: await notionAccess(token), dataSourceId, selectionProperty: type === "checkbox" ? name : undefined });
      },
      "database.previewPrompt": async ({ dataSourceId, selectionProperty, template }) => {
        const client = createNotionClient(await settings.requireNotionToken(), { priority: "interactive" });
        const schema = await readSchema(client, dataSourceId);
        const names = schema.map((property) => property.name);
        const validation = validateTemplate(template, names);
        if (!validation.ok) throw new InkwellError("invalid_input", validation.message);
        const [first] = (await queryTickedRows(client, dataSourceId, selectionProperty, 1, propertyIds(schema, propertiesReadBy(template, names)))).rows;
        if (!first) return { rowTitle: null, prompt: null };
        const filled = fillTemplate(template, first);
        return { rowTitle: first.title, prompt: filled.ok ? filled.prompt : `(This row would be skipped: ${filled.reason})` };
      },
      "run.start": ({ connectionId, rowLimit }) => runs.start(connectionId, rowLimit),
      "run.retryFailed": ({ runId }) => runs.retryFailed(runId),
      "run.undo": async ({ runId }) => ({ removed: await runs.undo(runId) }),
      "run.cancel": async ({ runId }) => ({ cancelled: runs.cancel(runId) }),
      "automation.set": ({ connectionId, automation }) => automations.configure(connectionId, automation),
      "automation.resume": ({ connectionId }) => automations.resume(connectionId),
      "send.preview": async ({ draft }) => {
        const token = await settings.requireNotionToken();
        const client = createNotionClient(token, { priority: "interactive" });
        const target = await resolveTarget(client, draft.url, draft.kind, await notionAccess(token));
        return previewSend(client, { ...draft, targetId: target.id }, notionContextReaders, new Date());
      },
      "run.dryRun": ({ connectionId, rowLimit }) => runs.startDryRun(connectionId, rowLimit),
      "run.writePreview": ({ runId }) => runs.writePreview(runId),
      "run.answer": async ({ runId }) => ({ text: (await records.getPageAnswer(runId)) ?? null }),
      // ISSUE-5-HANDLERS: connections management, the Notion mirror, usage and diagnostics.
      "connection.delete": async ({ ids }) => ({ deleted: await records.deleteConnections(ids) }),
      "connection.restore": async ({ ids }) => ({ restored: await records.restoreConnections(ids) }),
      "connection.duplicate": ({ id }) => records.duplicateConnection(id),
      "connection.export": () => records.exportConnections(),
      "connection.import": ({ json }) => records.importConnections(json),
      "mirror.status": () => mirror.status(),
      "mirror.create": ({ parentUrl }) => mirror.create(parentUrl),
      "mirror.connect": ({ url, addMissing }) => mirror.connect(url, addMissing),
      "mirror.retry": () => mirror.retry(),
      "mirror.import": () => mirror.importFromNotion(),
      "usage.summary": () => budget.summary(),
      "diagnostics.get": async () => {
        const [view, all, runList, status, errors] = await Promise.all([settings.view(), records.listConnections({ includeDeleted: true }), records.listRuns(), mirror.status(), errorLog.list()]);
        const text = buildDiagnostics({
          extensionVersion: browser.runtime.getManifest().version,
          userAgent: globalThis.navigator?.userAgent ?? "unknown",
          schemaVersion: (await store.get("meta")).schemaVersion ?? STORAGE_SCHEMA_VERSION,
          settings: view.settings,
          secrets: view.secrets,
          secretProtection: settings.protection(),
          connections: { live: all.filter((connection) => connection.deletedAt === undefined).length, deleted: all.filter((connection) => connection.deletedAt !== undefined).length },
          runs: runList.length,
          invalidRecords: records.invalidRecords(),
          mirror: status,
          errors,
          now: Date.now(),
        });
        return { text };
      },
    },
    content: createContentHandlers({ records, runs, settings, notionAccess }),
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
);
