/**
 * The protocol's names that are plain values: the content script imports them
 * from here (this file imports nothing, so nothing else lands in its bundle).
 */
/** Port name for run progress pushed to a Notion tab (the content script can't read storage). */
export const RUN_PROGRESS_PORT = "inkwell-run-progress";
/** Message the worker sends to a Notion tab's content script (keyboard command, context menu). */
export const OPEN_PANEL_MESSAGE = "inkwell.openPanel";
/** Message the worker sends to a Notion tab when a new copy of the content script starts: older copies stop. */
export const TAKEOVER_MESSAGE = "inkwell.takeover";
