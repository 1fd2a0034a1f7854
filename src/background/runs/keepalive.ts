/**
 * Keeps the service worker alive while jobs run. Chrome stops an idle worker
 * after about 30 s without extension events; calling an extension API resets
 * that timer, so a cheap call every 20 s holds the worker for as long as a job
 * needs it, and lets it stop normally once nothing runs. (Job state is
 * persisted too, so a worker stopped anyway — browser closed, extension
 * updated — is recovered at the next start.)
 */
import browser from "webextension-polyfill";

const INTERVAL_MS = 20_000;
let holders = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function holdWorkerAlive(): () => void {
  holders++;
  timer ??= setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), INTERVAL_MS);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
