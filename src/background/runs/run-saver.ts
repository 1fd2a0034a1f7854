import type { Run } from "../../shared/storage/schema";
import { PersistedState } from "../storage/persisted-state";

/**
 * Persists a run's progress: ordinary changes at most every `intervalMs`
 * (the record is also the UI's progress feed, and a page run's record of what
 * it wrote), critical ones at once. A failed critical save rejects to its
 * caller; a failed ordinary one is reported to `onBackgroundFailure`. Saves
 * are serialised, so an older snapshot can never land after a newer one.
 */
export class RunSaver {
  private readonly state: PersistedState<Run>;

  constructor(
    write: (run: Run) => Promise<void>,
    intervalMs = 250,
    /** An ordinary (throttled) save failed: nobody awaits it, so the owner hears of it here. */
    onBackgroundFailure?: (error: unknown) => void,
  ) {
    this.state = new PersistedState(
      { write },
      {
        coalesceMs: intervalMs,
        onBackgroundFailure: (error) => {
          console.warn("[inkwell] could not save run progress", error);
          onBackgroundFailure?.(error);
        },
      },
    );
  }

  save(run: Run, critical = false): Promise<void> {
    return this.state.replace(run, critical);
  }

  /**
   * Writes the latest snapshot now. Rejects when that write fails: a critical
   * save the run relies on (an answer kept, block ids recorded) must stop the
   * run, not pass unnoticed. Later saves still go ahead.
   */
  flush(): Promise<void> {
    return this.state.flush();
  }
}

/**
 * Keeps a streaming answer in storage as it grows: at most every `intervalMs`,
 * and at once on `flush()` (the run's end). A failed save is only logged: the
 * run's record, not this copy, is what the run relies on.
 */
export class AnswerSaver {
  private readonly state: PersistedState<string>;

  constructor(write: (text: string) => Promise<void>, intervalMs = 1_000) {
    this.state = new PersistedState({ write }, { coalesceMs: intervalMs, onBackgroundFailure: warnAnswerNotSaved });
  }

  update(text: string): void {
    void this.state.replace(text);
  }

  flush(): Promise<void> {
    return this.state.flush().catch(warnAnswerNotSaved);
  }
}

function warnAnswerNotSaved(error: unknown): void {
  console.warn("[inkwell] could not save the answer", error);
}
