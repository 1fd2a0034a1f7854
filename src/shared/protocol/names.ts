/**
 * The protocol's names and constants that are plain values: the content script
 * imports them from here (this file imports only types, so nothing else lands in its bundle).
 */
import type { RunStatus } from "../storage/schema";

/** Port name for run progress pushed to a Notion tab (the content script can't read storage). */
export const RUN_PROGRESS_PORT = "inkwell-run-progress";
/** Message the worker sends to a Notion tab's content script (keyboard command, context menu). */
export const OPEN_PANEL_MESSAGE = "inkwell.openPanel";
/** Message the worker sends to a Notion tab when a new copy of the content script starts: older copies stop. */
export const TAKEOVER_MESSAGE = "inkwell.takeover";
/** A run with one of these statuses is starting or running (core/run-view.ts isRunActive; the toast reads it from a RunSummary). */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["queued", "running"];
