/** Named locks for read-modify-write of stored records. */

/** Runs `task` while holding the named lock. */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/**
 * Web Locks are shared by every context of the extension's origin (worker,
 * popups, options page), so a read-modify-write under one can't interleave
 * with another anywhere. Without them (unit tests, old browsers) an
 * in-process queue per name gives the same guarantee inside this context.
 */
export function defaultLockRunner(): LockRunner {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  if (locks) return <T>(name: string, task: () => Promise<T>) => locks.request(name, task) as Promise<T>;
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => Promise<T>) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return result;
  };
}
