/**
 * Notion's request budget, learned from its answers instead of assumed.
 *
 * Notion's request-limits page (developers.notion.com/reference/request-limits,
 * checked December 2026) has described the limit three ways: an average of
 * 3 requests/second with bursts; a per-connection limit plus a per-workspace
 * limit shared by all of the workspace's connections; and now a fixed budget
 * per connection per 60-second window, set by the workspace's plan, that "can
 * be spent at any pace within the window — spread out evenly or in a single
 * burst". A refusal is `429 rate_limited` with `additional_data.rate_limit_reason`
 * (`public_api_request_rate_limit`: this connection; `public_api_space_request_rate_limit`:
 * the workspace; other values may appear) and `Retry-After` in whole seconds:
 * the time until the window resets (at most 60 s) for the connection limit,
 * possibly longer than a minute for the workspace one. `529 service_overload`
 * is to be handled the same way. The budgets themselves change with plans and
 * over time, so none is written down here.
 *
 * The policy that fits all three shapes:
 *  - Until Notion has refused anything, nothing is paced: requests go as fast
 *    as work arrives (a burst is exactly what a window budget allows).
 *  - A refusal pauses everything until Retry-After has passed, and ends an
 *    "episode" (from the end of the previous pause). The rate Notion granted
 *    is measured over the episode's end: requests accepted from some moment
 *    on, divided by the time from that moment until Retry-After ends, taking
 *    the highest such rate over spans of at least `minSpanMs`. For a window
 *    budget spent in a burst that is the budget over the window (the span
 *    reaching back to the burst's start); for an average-rate bucket it is the
 *    bucket's rate once demand exceeded it, not diluted by a quiet start.
 *    From then on requests are paced a little under that rate (`margin`),
 *    which keeps every window under budget (so refusals stay rare) while
 *    spending nearly all of it. A pace that overshoots a window budget costs
 *    one refusal near the window's end and nothing else: the pause ends as
 *    the window resets.
 *  - A pace can be too low (a refusal caused by another device sharing the
 *    workspace, or a Retry-After rounded up to whole seconds). While the pace
 *    holds requests back and Notion has not refused anything for a probe
 *    period, the pace grows by `probeStep`, and by twice as much at each
 *    further probe without a refusal (up to doubling); when that overshoots,
 *    the next refusal measures the budget again. The probe period is ten
 *    times the last Retry-After, between 5 s and `probeAfterMs` (60 s): a
 *    window budget (Retry-After of many seconds) is probed once a window, so
 *    refusals stay at about one per window; a bucket (Retry-After of 1 s)
 *    every 10 s, so that a pace measured low while demand was still ramping
 *    up recovers within a minute. When a probe's refusal measures about the
 *    pace it started from, the budget is found: the period doubles (up to
 *    `probeAfterMs`), so refusals settle at about one a minute at most.
 *
 * Pure bookkeeping with an injectable clock; the caller does the waiting.
 */
import type { RateLimitScope } from "../shared/storage/schema";
import { grantedRate } from "./granted-rate";
import { TokenBucket } from "./rate-limiter";

export { grantedRate } from "./granted-rate";
export { CONNECTION_LIMIT_REASON, rateLimitReason, rateLimitScope, WORKSPACE_LIMIT_REASON, type RateLimitScope } from "./rate-limit-reason";

export interface RateBudgetOptions {
  /** Current time in ms (default Date.now). */
  now?: () => number;
  /**
   * A budget known in advance: pace at this rate and burst, and never learn.
   * Omit it to learn the budget from Notion's refusals (what the extension does).
   */
  fixed?: { ratePerSecond: number; burst: number };
  /** Share of the measured rate to pace at (default 0.95). */
  margin?: number;
  /** How many seconds' worth of the learned rate may go back to back (default 1). */
  burstSeconds?: number;
  /** Longest probe period: a pace that has held requests back this long without a refusal is tried faster (default 60 s, one window). */
  probeAfterMs?: number;
  /** Shortest probe period (default 5 s). */
  minProbeAfterMs?: number;
  /** Factor of the first such try (default 1.05); each further one without a refusal adds twice as much, up to 2. */
  probeStep?: number;
  /** Accepted requests an episode needs before its rate is believed (default 3). */
  minSamples?: number;
  /** Shortest span a rate is measured over (default 10 s: long enough to smooth out a bucket's burst). */
  minSpanMs?: number;
}

export interface Refusal {
  /** When the refused request was sent (same clock as `now`). */
  sentAt: number;
  retryAfterMs: number;
  scope: RateLimitScope;
  /** False for a pause that says nothing about the budget (a 503 with Retry-After): wait, learn nothing. Default true. */
  learn?: boolean;
}

export interface RateBudgetState {
  /** Requests per second the pace allows; undefined: not paced (nothing refused yet). */
  ratePerSecond?: number;
  /** While a Retry-After lasts: its end. */
  pausedUntil?: number;
  /** The scope of the refusal that caused the current pause. */
  pauseScope?: RateLimitScope;
}

/** Slowest pace ever set: one request a minute still lets a job finish and learn again. */
const MIN_RATE_PER_SECOND = 1 / 60;
/** How often a pace measured over a short episode is probed. */
const PROVISIONAL_PROBE_MS = 2000;
/** Accepted send times kept per episode. */
const MAX_SAMPLES = 5000;

export class RateBudget {
  private readonly now: () => number;
  private readonly learning: boolean;
  private readonly margin: number;
  private readonly burstSeconds: number;
  private readonly probeAfterMs: number;
  private readonly minProbeAfterMs: number;
  /** The probe period now: ten times the last Retry-After, within bounds. */
  private probePeriodMs: number;
  private readonly probeStep: number;
  private readonly minSamples: number;
  private readonly minSpanMs: number;
  /** The pace; undefined while unpaced. */
  private bucket: TokenBucket | undefined;
  private pausedUntilMs = Number.NEGATIVE_INFINITY;
  private pauseScope: RateLimitScope | undefined;
  private episodeStart: number;
  /** Send times of the requests accepted in this episode, ascending (bounded: the newest are what matter). */
  private acceptedTimes: number[] = [];
  /** Last refusal or pace change: probing waits this long. */
  private settledAt: number;
  /** When the last refusal arrived: requests sent before it and refused too are part of the same refusal. */
  private lastRefusalAt = Number.NEGATIVE_INFINITY;
  /** Probes since the last refusal. */
  private probes = 0;
  /** The pace before the first of those probes. */
  private paceBeforeProbes: number | undefined;
  /** The pace before the latest probe: it held a whole probe period under pressure without a refusal. */
  private survivedPace: number | undefined;

  constructor(options: RateBudgetOptions = {}) {
    this.now = options.now ?? Date.now;
    this.margin = checkShare(options.margin ?? 0.95, "margin");
    this.burstSeconds = options.burstSeconds ?? 1;
    this.probeAfterMs = options.probeAfterMs ?? 60_000;
    this.minProbeAfterMs = Math.min(options.minProbeAfterMs ?? 5000, this.probeAfterMs);
    this.probePeriodMs = this.probeAfterMs;
    this.probeStep = options.probeStep ?? 1.05;
    this.minSamples = options.minSamples ?? 3;
    this.minSpanMs = options.minSpanMs ?? 10_000;
    if (!(this.burstSeconds > 0)) throw new RangeError(`burstSeconds must be > 0, got ${this.burstSeconds}`);
    if (!(this.probeStep >= 1)) throw new RangeError(`probeStep must be >= 1, got ${this.probeStep}`);
    this.learning = options.fixed === undefined;
    if (options.fixed) this.bucket = new TokenBucket({ ...options.fixed, now: this.now });
    this.episodeStart = this.now();
    this.settledAt = this.episodeStart;
  }

  /** Ms until a request may be sent (0: now). Reserves nothing. */
  wait(): number {
    const now = this.now();
    const pause = Math.max(0, Math.ceil(this.pausedUntilMs - now));
    return Math.max(pause, this.bucket?.wait() ?? 0);
  }

  /**
   * Records a send; call only when `wait()` is 0. `backlog`: more requests are
   * waiting behind this one. When the pace is what holds them back and Notion
   * has refused nothing for a probe period, the pace is tried a step faster.
   */
  take(backlog = false): void {
    if (!this.bucket) return;
    const now = this.now();
    this.bucket.take();
    const pressed = backlog && this.bucket.wait() > 0;
    if (this.learning && pressed && now - this.settledAt >= this.probePeriodMs) {
      const step = Math.min(2, 1 + (this.probeStep - 1) * 2 ** this.probes);
      if (this.probes === 0) this.paceBeforeProbes = this.bucket.ratePerSecond;
      this.survivedPace = this.bucket.ratePerSecond;
      this.probes += 1;
      this.setRate(this.bucket.ratePerSecond * step, now);
    }
  }

  /** Notion accepted (did not rate-limit) a request sent at `sentAt`. */
  accepted(sentAt: number): void {
    if (sentAt < this.episodeStart) return;
    // Answers may arrive out of order: keep the times sorted.
    let i = this.acceptedTimes.length;
    while (i > 0 && this.acceptedTimes[i - 1]! > sentAt) i--;
    this.acceptedTimes.splice(i, 0, sentAt);
    if (this.acceptedTimes.length > MAX_SAMPLES) this.acceptedTimes.splice(0, this.acceptedTimes.length - MAX_SAMPLES);
  }

  /**
   * Notion refused a request: nothing is sent before Retry-After has passed,
   * and (learning) the rate granted over the episode becomes the pace. A
   * refusal of a request sent before the last pause ended, or before the last
   * refusal arrived (requests already on the wire then), belongs to a refusal
   * already measured: it only extends the pause.
   */
  refused(refusal: Refusal): void {
    const now = this.now();
    const until = now + Math.max(0, refusal.retryAfterMs);
    if (until >= this.pausedUntilMs) {
      this.pausedUntilMs = until;
      this.pauseScope = refusal.scope;
    }
    this.bucket?.pauseUntil(until);
    this.settledAt = now;
    const probed = this.probes > 0 ? this.paceBeforeProbes : undefined;
    const survived = this.probes > 0 ? this.survivedPace : undefined;
    this.probes = 0;
    const sameRefusal = refusal.sentAt < this.lastRefusalAt;
    this.lastRefusalAt = Math.max(this.lastRefusalAt, now);
    if (sameRefusal || refusal.sentAt < this.episodeStart || refusal.learn === false) return;
    const period = Math.min(this.probeAfterMs, Math.max(this.minProbeAfterMs, 10 * refusal.retryAfterMs));
    if (this.learning) {
      const granted = this.acceptedTimes.length >= this.minSamples ? grantedRate(this.acceptedTimes, this.episodeStart, until, this.minSpanMs) : undefined;
      if (granted !== undefined) {
        // Not far below a pace that held a whole probe period under pressure: a measure taken while demand was
        // still ramping up can be lower than what Notion grants. (A bucket's burst lets a pace a little too fast
        // survive a while, hence the margin on that one too.)
        const pace = Math.max(MIN_RATE_PER_SECOND, granted * this.margin, (survived ?? 0) * this.margin);
        // A probe refused at about the pace it started from: the budget is found, probe less often.
        const found = probed !== undefined && pace >= 0.9 * probed && pace <= 1.1 * probed;
        this.probePeriodMs = found ? Math.min(this.probeAfterMs, Math.max(period, this.probePeriodMs * 2)) : period;
        this.setRate(pace, now, until);
        // A short episode is a rough measure (a bucket's burst inflates it, whole-second Retry-After deflates it):
        // pace by it, probe it every couple of seconds, and keep measuring over the same episode, pauses included,
        // until it spans minSpanMs.
        if (until - this.episodeStart < this.minSpanMs) {
          this.probePeriodMs = PROVISIONAL_PROBE_MS;
          return;
        }
      }
      // Refused almost at once: the pace is far too fast.
      else if (this.bucket) this.setRate(this.bucket.ratePerSecond / 2, now, until);
      // Too few answers to measure anything yet: the episode goes on, pauses included (they are time Notion granted nothing in).
      else return;
    }
    this.episodeStart = until;
    this.acceptedTimes = [];
  }

  /**
   * Nothing is sent before `untilMs`; learns nothing. For the moment between
   * seeing a refusal's status and reading which limit it names, so that no
   * request goes out meanwhile.
   */
  hold(untilMs: number): void {
    if (untilMs > this.pausedUntilMs) this.pausedUntilMs = untilMs;
  }

  state(): RateBudgetState {
    const now = this.now();
    return {
      ...(this.bucket ? { ratePerSecond: this.bucket.ratePerSecond } : {}),
      ...(this.pausedUntilMs > now ? { pausedUntil: this.pausedUntilMs, ...(this.pauseScope ? { pauseScope: this.pauseScope } : {}) } : {}),
    };
  }

  private setRate(ratePerSecond: number, now: number, pausedUntil?: number): void {
    const rate = Math.max(MIN_RATE_PER_SECOND, ratePerSecond);
    const burst = Math.max(1, Math.floor(rate * this.burstSeconds));
    const bucket = new TokenBucket({ ratePerSecond: rate, burst, now: this.now });
    // A new pace starts from a spent bucket: the budget was just used up (or is being probed).
    bucket.take();
    const resume = Math.max(pausedUntil ?? now, this.pausedUntilMs);
    if (resume > now) bucket.pauseUntil(resume);
    this.bucket = bucket;
    this.settledAt = now;
  }
}

function checkShare(value: number, name: string): number {
  if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${value}`);
  return value;
}
