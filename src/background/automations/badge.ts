import { rowsBeingFilled } from "../../core/run-view";
import { RUN_KEY_PREFIX, type Run } from "../../shared/storage/schema";

export interface BadgeArea {
  setBadgeText(details: { text: string }): unknown;
  setBadgeBackgroundColor?(details: { color: string }): unknown;
}

/**
 * The toolbar badge: how many rows are being filled right now, by clicks and
 * watches alike. Fed from storage changes of run records (each run's record is
 * its progress), so no runner has to know about it.
 */
export class RunBadge {
  private readonly counts = new Map<string, number>();
  private shown: string | undefined;

  constructor(private readonly action: BadgeArea | undefined) {
    void this.action?.setBadgeBackgroundColor?.({ color: "#2f6feb" });
  }

  /** All runs at start-up. */
  reset(runs: readonly Run[]): void {
    this.counts.clear();
    for (const run of runs) this.track(run.id, run);
    this.show();
  }

  /** storage.onChanged: picks out run records. */
  changed(changes: Record<string, { newValue?: unknown }>): void {
    let touched = false;
    for (const [key, change] of Object.entries(changes)) {
      if (!key.startsWith(RUN_KEY_PREFIX)) continue;
      this.track(key.slice(RUN_KEY_PREFIX.length), change.newValue as Run | undefined);
      touched = true;
    }
    if (touched) this.show();
  }

  private track(runId: string, run: Run | undefined): void {
    const count = rowsBeingFilled(run);
    if (count > 0) this.counts.set(runId, count);
    else this.counts.delete(runId);
  }

  private show(): void {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    const text = total === 0 ? "" : total > 999 ? "999+" : String(total);
    if (text === this.shown) return;
    this.shown = text;
    void Promise.resolve(this.action?.setBadgeText({ text })).catch(() => undefined);
  }
}
