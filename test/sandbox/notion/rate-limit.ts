/**
 * Notion's request limits, in the three shapes its request-limits page has
 * described (developers.notion.com/reference/request-limits), with the budget
 * as a parameter:
 *
 *  - `bucket`: the classic "average of three requests per second, some bursts
 *    allowed", as a token bucket per token. A refusal carries Retry-After
 *    only (that description named no rate_limit_reason).
 *  - `window`: "each connection has a fixed budget of requests per 60-second
 *    window, based on the workspace's plan; it can be spent at any pace within
 *    the window … Retry-After is the time until the window resets, so it is at
 *    most 60 seconds". Windows are fixed, aligned to the clock (multiples of
 *    the window length since the epoch): Notion does not say where a window
 *    starts, and clock-aligned windows mean a client can never assume its
 *    first request opened one. The refusal names
 *    `additional_data.rate_limit_reason: "public_api_request_rate_limit"`.
 *  - a workspace limit: "a separate limit shared across all of the
 *    workspace's connections … Retry-After for this limit can be longer than a
 *    minute". Any model (usually a window, possibly longer than 60 s) counted
 *    over every token of the workspace, refused with
 *    `"public_api_space_request_rate_limit"`.
 *
 * Retry-After is whole seconds, rounded up: retrying after that long succeeds
 * (if nothing else spent the budget first). A refused request spends nothing.
 */
export interface RateLimitOptions {
  /** Average requests per second per token (the classic description: 3). */
  requestsPerSecond: number;
  /** Bucket size: requests that may go out back to back after a quiet spell. */
  burst: number;
}

export type RateLimitModel =
  | ({ kind: "bucket" } & RateLimitOptions)
  | {
      kind: "window";
      /** Requests per window (Notion's budget for the plan, e.g. 180 or 600). */
      requestsPerWindow: number;
      /** Window length (Notion: 60 s for the connection limit). */
      windowSeconds?: number;
    };

/** Default of the emulator: the classic 3 requests/s with bursts of 4. */
export const NOTION_RATE_LIMIT: RateLimitOptions = { requestsPerSecond: 3, burst: 4 };

export const CONNECTION_LIMIT_REASON = "public_api_request_rate_limit";
export const WORKSPACE_LIMIT_REASON = "public_api_space_request_rate_limit";

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; reason?: string };

/** One limit, counted per key. `check` spends nothing; `spend` counts an admitted request. */
interface Limit {
  check(key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number };
  spend(key: string, now: number): void;
}

class BucketLimit implements Limit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly options: RateLimitOptions) {}

  private refill(key: string, now: number) {
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.requestsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  check(key: string, now: number) {
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) return { ok: true as const };
    const waitSeconds = (1 - bucket.tokens) / this.options.requestsPerSecond;
    return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  spend(key: string, now: number) {
    this.refill(key, now).tokens -= 1;
  }
}

class WindowLimit implements Limit {
  private readonly windows = new Map<string, { index: number; used: number }>();
  private readonly windowMs: number;
  constructor(private readonly budget: number, windowSeconds: number) {
    this.windowMs = windowSeconds * 1000;
  }

  private current(key: string, now: number) {
    const index = Math.floor(now / this.windowMs);
    let window = this.windows.get(key);
    if (!window || window.index !== index) {
      window = { index, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  check(key: string, now: number) {
    const window = this.current(key, now);
    if (window.used < this.budget) return { ok: true as const };
    const reset = (window.index + 1) * this.windowMs;
    return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil((reset - now) / 1000)) };
  }

  spend(key: string, now: number) {
    this.current(key, now).used += 1;
  }
}

function toLimit(model: RateLimitModel): Limit {
  if (model.kind === "bucket") return new BucketLimit(model);
  return new WindowLimit(model.requestsPerWindow, model.windowSeconds ?? 60);
}

/** Accepts the legacy bucket options (`{ requestsPerSecond, burst }`) as well as a model. */
export function checkModel(options: RateLimitModel | RateLimitOptions | false): RateLimitModel | false {
  if (options === false) return false;
  const model: RateLimitModel = "kind" in options ? { ...options } : { kind: "bucket", ...options };
  if (model.kind === "bucket") {
    if (!(model.requestsPerSecond > 0) || !Number.isFinite(model.requestsPerSecond)) {
      throw new RangeError(`requestsPerSecond must be a finite number > 0, got ${model.requestsPerSecond}`);
    }
    if (!(model.burst >= 1) || !Number.isFinite(model.burst)) throw new RangeError(`burst must be a finite number >= 1, got ${model.burst}`);
  } else {
    if (!Number.isInteger(model.requestsPerWindow) || model.requestsPerWindow < 1) {
      throw new RangeError(`requestsPerWindow must be an integer >= 1, got ${model.requestsPerWindow}`);
    }
    const seconds = model.windowSeconds ?? 60;
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`windowSeconds must be a finite number > 0, got ${seconds}`);
  }
  return model;
}

export class RateLimiter {
  private connectionModel: RateLimitModel | false;
  private workspaceModel: RateLimitModel | false;
  private connection: Limit | undefined;
  private workspace: Limit | undefined;

  constructor(
    options: RateLimitModel | RateLimitOptions | false,
    private readonly clock: () => number,
    workspace: RateLimitModel | false = false,
  ) {
    this.connectionModel = checkModel(options);
    this.workspaceModel = checkModel(workspace);
    this.connection = this.connectionModel ? toLimit(this.connectionModel) : undefined;
    this.workspace = this.workspaceModel ? toLimit(this.workspaceModel) : undefined;
  }

  /** The per-token limit, as the legacy `{ requestsPerSecond, burst }` for a bucket. */
  get settings(): RateLimitOptions | RateLimitModel | false {
    const model = this.connectionModel;
    if (model && model.kind === "bucket") return { requestsPerSecond: model.requestsPerSecond, burst: model.burst };
    return model;
  }

  get workspaceSettings(): RateLimitModel | false {
    return this.workspaceModel;
  }

  /** New settings start every budget full. */
  configure(options: RateLimitModel | RateLimitOptions | false): void {
    this.connectionModel = checkModel(options);
    this.connection = this.connectionModel ? toLimit(this.connectionModel) : undefined;
  }

  configureWorkspace(options: RateLimitModel | false): void {
    this.workspaceModel = checkModel(options);
    this.workspace = this.workspaceModel ? toLimit(this.workspaceModel) : undefined;
  }

  /** Admits a request of `token` (spending from both limits) or says which refused it and for how long. */
  take(token: string, workspaceKey = "workspace"): RateDecision {
    const now = this.clock();
    const own = this.connection?.check(token, now) ?? { ok: true as const };
    if (!own.ok) {
      // The classic description had no reason; the per-connection window does.
      return this.connectionModel && this.connectionModel.kind === "window" ? { ...own, reason: CONNECTION_LIMIT_REASON } : own;
    }
    const shared = this.workspace?.check(workspaceKey, now) ?? { ok: true as const };
    if (!shared.ok) return { ...shared, reason: WORKSPACE_LIMIT_REASON };
    this.connection?.spend(token, now);
    this.workspace?.spend(workspaceKey, now);
    return { ok: true };
  }
}
