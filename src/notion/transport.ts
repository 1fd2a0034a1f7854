/**
 * Which protocol carried a request, from its Resource Timing entry
 * (readable in the worker and in pages alike).
 *
 * Why it matters: over HTTP/1.1 keep-alive, Chromium silently sends a request
 * again when its reused connection drops before any answer arrives, even a
 * POST or PATCH the server had already applied, and JavaScript sees a single
 * answer. HTTP/2 and HTTP/3 report such a drop as a network error instead.
 * So a write that got an answer over anything but h2/h3 (or whose protocol
 * can't be told) may have landed twice, and is checked.
 */

/** Whether the last request whose URL contains `pathFragment` may have been resent silently. */
export function resendPossible(pathFragment: string): boolean {
  const timing = globalThis.performance as Performance | undefined;
  if (!timing?.getEntriesByType) return true;
  const entries = timing.getEntriesByType("resource") as PerformanceResourceTiming[];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (!entry.name.includes(pathFragment)) continue;
    return !/^h[23]/.test(entry.nextHopProtocol);
  }
  return true;
}

/** Keeps room for new entries: a full buffer records nothing more (and then every write is checked). */
export function keepResourceTimingRoom(): void {
  const timing = globalThis.performance as Performance | undefined;
  if (!timing?.getEntriesByType || typeof timing.clearResourceTimings !== "function") return;
  if (timing.getEntriesByType("resource").length > 200) timing.clearResourceTimings();
}
