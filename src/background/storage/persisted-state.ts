import { storageWriteError, type InkwellError } from "../../core/errors";

/** Where one piece of state is kept: a storage key, a run's record. `read` is only needed for `update`. */
export interface StateStorage<T> {
  read?: () => Promise<T>;
  write: (value: T) => Promise<void>;
}

export interface PersistedStateOptions {
  /** Ordinary snapshots (`replace` without `urgent`) are written at most this often, only the latest of them. */
  coalesceMs?: number;
  /** A coalesced write failed: nobody awaits it, so the owner hears of it here. */
  onBackgroundFailure?: (error: InkwellError) => void;
}

/**
 * The one writer of a piece of persisted state. Writes are serialised: each
 * starts after the previous one settled, so two updates at once can't drop
 * each other's change and an older snapshot never lands after a newer one.
 * A failed write rejects to the caller that awaits it, as storage_failed (full
 * storage says so); the writes after it still go ahead. A worker stopped
 * mid-write leaves the storage as the browser left it (a storage.local set
 * lands whole or not at all): the next worker reads what was committed.
 */
export class PersistedState<T> {
  private chain: Promise<void> = Promise.resolve();
  private pending: { value: T } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storage: StateStorage<T>,
    private readonly options: PersistedStateOptions = {},
  ) {}

  /**
   * Reads the state after every earlier write and writes what `change` makes
   * of it. Returning the very same object writes nothing.
   */
  update(change: (current: T) => T | Promise<T>): Promise<void> {
    const read = this.storage.read;
    if (!read) throw new Error("This state is written as whole snapshots: it has no reader to update from.");
    return this.enqueue(async () => {
      const current = await read();
      const next = await change(current);
      if (next !== current) await this.write(next);
    });
  }

  /**
   * Replaces the state with a whole snapshot. An urgent one is written as soon
   * as the earlier writes are done, and the promise says whether it landed;
   * an ordinary one waits up to `coalesceMs`, replaced by any later snapshot.
   */
  replace(value: T, urgent = false): Promise<void> {
    this.pending = { value };
    if (urgent || this.options.coalesceMs === undefined) return this.flush();
    this.timer ??= setTimeout(
      () => void this.flush().catch((error: InkwellError) => this.options.onBackgroundFailure?.(error)),
      this.options.coalesceMs,
    );
    return Promise.resolve();
  }

  /** Writes the waiting snapshot now, if any; rejects when that write fails. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.pending;
    this.pending = undefined;
    if (!snapshot) return this.chain;
    return this.enqueue(() => this.write(snapshot.value));
  }

  /** Resolves once every write queued so far has settled (landed or failed). */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const done = this.chain.then(task);
    this.chain = done.catch(() => undefined);
    return done;
  }

  private async write(value: T): Promise<void> {
    try {
      await this.storage.write(value);
    } catch (error) {
      throw storageWriteError(error);
    }
  }
}
