/**
 * The keys of what is stored for a run besides its record (answers, journals,
 * previews), of what a connection placed last, and the rule that ties every
 * run key to its run.
 */

export const RUN_TEXT_KEY_PREFIX = "runtext:";
export const runTextKey = (runId: string, rowId: string) => `${RUN_TEXT_KEY_PREFIX}${runId}:${rowId}`;
/** A page run's whole answer received so far (the run record keeps only a preview). */
export const PAGE_ANSWER_SLOT = "page";
export const pageAnswerKey = (runId: string) => runTextKey(runId, PAGE_ANSWER_SLOT);
/** A row's append journal (completed steps of its body write), kept until the row is "written". */
export const RUN_JOURNAL_KEY_PREFIX = "runjournal:";
export const runJournalKey = (runId: string, rowId: string) => `${RUN_JOURNAL_KEY_PREFIX}${runId}:${rowId}`;

/**
 * A dry run's validated answer for one row (the StoredAnswer JSON), kept after
 * the run ended so "Write these" writes exactly it. Removed with the run when
 * it is pruned, or once the preview was written.
 */
export const RUN_PREVIEW_KEY_PREFIX = "runpreview:";
export const runPreviewKey = (runId: string, rowId: string) => `${RUN_PREVIEW_KEY_PREFIX}${runId}:${rowId}`;

/**
 * What a connection wrote last time into a page or a row's body, for
 * "replace" placement: placed:<connectionId>:<page or row id> → the ids of
 * the top-level blocks and the run that wrote them. Removed with the connection.
 */
export const PLACED_KEY_PREFIX = "placed:";
export const placedKey = (connectionId: string, targetId: string) => `${PLACED_KEY_PREFIX}${connectionId}:${targetId}`;
export interface PlacedOutput {
  runId: string;
  blockIds: string[];
}

/**
 * Everything stored for one run lives under a key named `run<part>:<runId>`
 * or `run<part>:<runId>:<more>`: the record (run:<id>), a row's answer between
 * generating and writing it (runtext:<id>:<row>), and any later per-run data
 * (journals, whole answers) that follows the same rule. Pruning a run removes
 * every such key without knowing each feature's keys. Nothing else may start
 * with "run".
 */
export const RUN_DATA_KEY = /^run[a-z]*:([^:]+)(?::|$)/;

/** The run a key belongs to, when it is one of a run's keys. */
export function runIdOfKey(key: string): string | undefined {
  return RUN_DATA_KEY.exec(key)?.[1];
}

/**
 * Per-row keys (`<prefix><runId>:<rowId>`, for each row of a database run)
 * that are working state only: they have no use once the run ended (a failed
 * or cancelled row's answer), and are removed when it ends. Keys of the run
 * itself (not of one of its rows) stay until the run is pruned.
 */
export const RUN_SCRATCH_KEY_PREFIXES: readonly string[] = [RUN_TEXT_KEY_PREFIX];
