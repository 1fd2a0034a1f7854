/**
 * How long runs are kept, and the usage of pruned runs, kept for good so the
 * Usage tab's totals never change. Part of the storage schema (./schema.ts re-exports it).
 */
import type { EngineId } from "./settings";

/**
 * How many runs each connection keeps (newest first). Older runs, with every
 * key of theirs, are removed once a run ends; their usage is folded into
 * `usageArchive` first, so the Usage tab's totals never change. The Usage tab
 * states this rule. A connection that was purged from the trash keeps none.
 */
export const RUNS_KEPT_PER_CONNECTION = 20;

/** Usage of pruned runs, kept for good under USAGE_ARCHIVE_KEY. Absent = nothing pruned yet. */
export interface UsageArchive {
  /** One entry per calendar month, connection and model. */
  buckets: ArchivedUsage[];
  /**
   * Runs already counted in `buckets` whose keys may not all be removed yet
   * (the worker stopped midway): the next prune finishes removing them, and
   * usage summaries skip them so they are never counted twice.
   */
  folding: string[];
}

export interface ArchivedUsage {
  /** "2026-11", as `monthOf` the run's start. */
  month: string;
  connectionId: string;
  engine: EngineId;
  model: string;
  runs: number;
  prompts: number;
  inputTokens: number;
  outputTokens: number;
}

export const USAGE_ARCHIVE_KEY = "usageArchive";

export function emptyUsageArchive(): UsageArchive {
  return { buckets: [], folding: [] };
}
