/**
 * The service worker: the only context that holds secrets and talks to Notion
 * and the AI providers. Listeners are registered synchronously at start-up (an
 * MV3 rule: a worker woken by an event must find its listener already there);
 * storage migrations run in the background and handlers await them.
 */
import browser from "webextension-polyfill";
import { AUTOMATION_ALARM } from "./automations/automations";
import { MIRROR_RETRY_ALARM } from "./connections/mirror";
import { createContentHandlers } from "./messaging/content-handlers";
import { registerNotionTabIntegration } from "./messaging/notion-tab";
import { createPageHandlers } from "./messaging/page-handlers";
import { createMessageListener } from "./messaging/router";
import { PURGE_ALARM } from "./operations/housekeeping";
import { RESUME_ALARM } from "./runs/run-manager";
import { createServices } from "./services";
import { startWorker } from "./startup";

const services = createServices();
const { settings, records, runs, mirror, automations, housekeeping, badge, errorLog, notionIdentity } = services;
const ready = startWorker(services);

browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local") badge.changed(changes);
});

registerNotionTabIntegration(records, browser.runtime.id);

// The resume alarm only has to wake the worker: start-up resumes interrupted runs.
browser.alarms?.onAlarm.addListener((alarm) => {
  if (alarm.name === RESUME_ALARM) void ready;
  if (alarm.name === MIRROR_RETRY_ALARM) void ready.then(() => mirror.flush());
  if (alarm.name === PURGE_ALARM) void ready.then(() => housekeeping.purgeDeletedConnections());
  if (alarm.name === AUTOMATION_ALARM) void ready.then(() => automations.tick());
});

// The browser opened: this listener is what wakes the worker then (alarms aren't guaranteed to survive a restart),
// and start-up does each watch's one catch-up check.
browser.runtime.onStartup.addListener(() => void ready.then(() => automations.tick()));

browser.runtime.onMessage.addListener(
  createMessageListener({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL(""),
    ready,
    knownSecrets: () => settings.secretValues(),
    log: (message) => console.warn(`[inkwell] ${message}`),
    recordError: (entry) => void errorLog.record(entry),
    page: createPageHandlers({ ...services }),
    content: createContentHandlers({ records, runs, settings, notionAccess: (token) => notionIdentity.accessFor(token) }),
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
);
