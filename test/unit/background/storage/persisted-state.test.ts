import { afterEach, describe, expect, it, vi } from "vitest";
import { PersistedState } from "../../../../src/background/storage/persisted-state";

/** A storage cell like one storage.local key: a write lands whole or not at all, and can be held or refused. */
class Cell<T> {
  writes: T[] = [];
  /** While set, writes wait for it before landing (a write in flight). */
  hold: Promise<void> | undefined;
  failNext: Error | undefined;

  constructor(public committed: T) {}

  read = async (): Promise<T> => {
    await Promise.resolve();
    return structuredClone(this.committed);
  };

  write = async (value: T): Promise<void> => {
    const hold = this.hold;
    if (hold) await hold;
    await Promise.resolve();
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.committed = structuredClone(value);
    this.writes.push(structuredClone(value));
  };
}

const never = () => new Promise<void>(() => undefined);

afterEach(() => vi.useRealTimers());

describe("persisted state: one serialised writer", () => {
  it("loses no update when many writers change the state at once", async () => {
    const cell = new Cell<number[]>([]);
    const state = new PersistedState(cell);
    // Each change yields before returning, so unserialised read-modify-writes would overwrite each other.
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        state.update(async (current) => {
          await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
          return [...current, index];
        }),
      ),
    );
    expect(cell.committed).toEqual(Array.from({ length: 25 }, (_, index) => index));
  });

  it("writes nothing when a change returns the state it was given", async () => {
    const cell = new Cell({ n: 1 });
    const state = new PersistedState(cell);
    await state.update((current) => current);
    expect(cell.writes).toEqual([]);
  });

  it("never lets an older snapshot land after a newer one, even when the older write is slow", async () => {
    const cell = new Cell("start");
    const state = new PersistedState(cell);
    let release!: () => void;
    cell.hold = new Promise((resolve) => (release = resolve));
    const first = state.replace("older", true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = state.update(() => "newer");
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The newer change waits for the slow write rather than overtaking it.
    expect(cell.writes).toEqual([]);
    cell.hold = undefined;
    release();
    await Promise.all([first, second]);
    expect(cell.writes).toEqual(["older", "newer"]);
    expect(cell.committed).toBe("newer");
  });

  it("coalesces ordinary snapshots to the latest one per interval; an urgent one is written at once with the newest", async () => {
    vi.useFakeTimers();
    const cell = new Cell(0);
    const state = new PersistedState({ write: cell.write }, { coalesceMs: 250 });
    await state.replace(1);
    await state.replace(2);
    await state.replace(3);
    expect(cell.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(cell.writes).toEqual([3]);
    await state.replace(4);
    await state.replace(5, true);
    expect(cell.writes).toEqual([3, 5]);
    // The urgent write took the waiting snapshot along: the timer has nothing left to write.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cell.writes).toEqual([3, 5]);
  });

  it("rejects a failed write to its caller as storage_failed (saying storage is full), and goes on with the next writes", async () => {
    const cell = new Cell<string[]>(["a"]);
    const state = new PersistedState(cell);
    cell.failNext = new Error("Resource::kQuotaBytes quota exceeded");
    await expect(state.update((current) => [...current, "b"])).rejects.toMatchObject({ code: "storage_failed", message: expect.stringContaining("storage in this browser is full") });
    await state.update((current) => [...current, "c"]);
    expect(cell.committed).toEqual(["a", "c"]);
  });

  it("reports a failed coalesced write, which nobody awaits, to its owner", async () => {
    vi.useFakeTimers();
    const cell = new Cell(0);
    const failures: unknown[] = [];
    const state = new PersistedState({ write: cell.write }, { coalesceMs: 100, onBackgroundFailure: (error) => failures.push(error) });
    cell.failNext = new Error("IO error");
    await state.replace(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(failures).toEqual([expect.objectContaining({ code: "storage_failed" })]);
    await state.replace(2, true);
    expect(cell.committed).toBe(2);
  });

  it("after a stop mid-write, the next worker finds every write that was confirmed and none of the one cut off", async () => {
    const cell = new Cell<string[]>([]);
    const before = new PersistedState(cell);
    await before.update((current) => [...current, "confirmed-1"]);
    await before.update((current) => [...current, "confirmed-2"]);
    // The browser stops the worker while this write is in flight: it never lands, and what was queued behind it waits.
    cell.hold = never();
    void before.update((current) => [...current, "cut off"]);
    const queuedBehind = before.update((current) => [...current, "never started"]);
    let settled = false;
    void queuedBehind.finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);

    cell.hold = undefined;
    const after = new PersistedState(cell);
    await after.update((current) => [...current, "next worker"]);
    expect(cell.committed).toEqual(["confirmed-1", "confirmed-2", "next worker"]);
  });

  it("a change that fails between the read and the write leaves the state as it was", async () => {
    const cell = new Cell({ items: ["kept"] });
    const state = new PersistedState(cell);
    await expect(
      state.update(() => {
        throw new Error("stopped halfway");
      }),
    ).rejects.toThrow("stopped halfway");
    await state.update((current) => ({ items: [...current.items, "next"] }));
    expect(cell.writes).toEqual([{ items: ["kept", "next"] }]);
  });

  it("idle() resolves once every queued write has settled, failed ones included", async () => {
    const cell = new Cell(0);
    const state = new PersistedState(cell);
    cell.failNext = new Error("IO error");
    void state.update(() => 1).catch(() => undefined);
    void state.update(() => 2);
    await state.idle();
    expect(cell.committed).toBe(2);
  });
});
