/** Measuring the rate Notion granted over an episode of accepted requests (see rate-budget.ts). */

/**
 * Requests per second Notion granted in an episode that it ended at `until`:
 * the highest of count(accepted sent at or after t) / (until - t) over the
 * send times t with until - t >= minSpanMs; when every one is more recent,
 * the highest (count(accepted sent at or after t) - 1) / (until - t). `times` ascending, all >= episodeStart.
 */
export function grantedRate(times: readonly number[], episodeStart: number, until: number, minSpanMs: number): number | undefined {
  if (times.length === 0) return undefined;
  let best: number | undefined;
  for (let i = 0; i < times.length; i++) {
    const span = until - times[i]!;
    if (span < minSpanMs) break;
    const rate = ((times.length - i) * 1000) / span;
    if (best === undefined || rate > best) best = rate;
  }
  if (best !== undefined) return best;
  // Every accepted request is recent (a short episode): the highest rate over any of its ends, counting
  // intervals rather than requests (count - 1), so that a bucket's opening burst doesn't pass for rate and an
  // idle start (a read, then nothing until the first answers) doesn't dilute it. A short episode is measured
  // again at its next refusal, so an overestimate here costs a refusal, not the budget.
  for (let i = 0; i < times.length - 1; i++) {
    const span = until - times[i]!;
    if (span <= 0) continue;
    const rate = ((times.length - i - 1) * 1000) / span;
    if (best === undefined || rate > best) best = rate;
  }
  if (best !== undefined) return best;
  const span = until - episodeStart;
  return span > 0 ? 1000 / span : undefined;
}
