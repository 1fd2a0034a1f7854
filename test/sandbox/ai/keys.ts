/**
 * API keys the emulator accepts, with per-key quota state and an optional
 * requests-per-minute limit. Keys are secrets even in tests: everything the
 * emulator records or prints uses the key's label, never the key.
 */
export type Quota = "ok" | "exhausted";

export interface KeyOptions {
  /** "exhausted" simulates a used-up (daily or billing) quota: generation fails with the provider's quota error. */
  quota?: Quota;
  /** Generation requests allowed per rolling minute; beyond it the provider's rate-limit error. Unlimited when absent. */
  rpm?: number;
  /** How the key appears in logs; defaults to a masked form of the key. */
  label?: string;
}

export type KeyCheck =
  | { kind: "missing"; label: string }
  | { kind: "invalid"; label: string }
  | { kind: "exhausted"; label: string }
  | { kind: "rate_limited"; label: string; rpm: number; retryAfterMs: number }
  | { kind: "ok"; label: string };

interface KeyState {
  quota: Quota;
  rpm: number | undefined;
  label: string;
  /** Times (clock ms) of the generation requests admitted in the last minute. */
  recent: number[];
}

const MINUTE_MS = 60_000;

/** A short, log-safe form of a key: the first 4 and last 2 characters at most, so keys stay recognisable but unusable. */
export function keyLabelFor(key: string): string {
  if (key.length < 12) return `key(${key.length} chars)`;
  return `${key.slice(0, 4)}…${key.slice(-2)}`;
}

export class KeyRing {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly now: () => number) {}

  add(key: string, options: KeyOptions = {}): void {
    if (!key) throw new Error("a key must be a non-empty string");
    if (options.rpm !== undefined && !(options.rpm >= 1)) throw new RangeError(`rpm must be >= 1, got ${options.rpm}`);
    this.keys.set(key, {
      quota: options.quota ?? "ok",
      rpm: options.rpm,
      label: options.label ?? keyLabelFor(key),
      recent: this.keys.get(key)?.recent ?? [],
    });
  }

  remove(key: string): void {
    this.keys.delete(key);
  }

  setQuota(key: string, quota: Quota): void {
    const state = this.keys.get(key);
    if (!state) throw new Error(`unknown key ${keyLabelFor(key)}`);
    state.quota = quota;
  }

  clear(): void {
    this.keys.clear();
  }

  /** Validates a key without counting a request (listing models, for instance, costs no quota). */
  identify(key: string | undefined): KeyCheck {
    if (!key) return { kind: "missing", label: "(none)" };
    const state = this.keys.get(key);
    if (!state) return { kind: "invalid", label: `invalid:${keyLabelFor(key)}` };
    return { kind: "ok", label: state.label };
  }

  /** Validates a key for a generation request and, when it is admitted, counts it against the key's RPM limit. */
  admit(key: string | undefined): KeyCheck {
    const identity = this.identify(key);
    if (identity.kind !== "ok" || !key) return identity;
    const state = this.keys.get(key) as KeyState;
    if (state.quota === "exhausted") return { kind: "exhausted", label: state.label };
    if (state.rpm !== undefined) {
      const now = this.now();
      state.recent = state.recent.filter((t) => t > now - MINUTE_MS);
      if (state.recent.length >= state.rpm) {
        const oldest = state.recent[0] ?? now;
        return { kind: "rate_limited", label: state.label, rpm: state.rpm, retryAfterMs: Math.max(0, oldest + MINUTE_MS - now) };
      }
      state.recent.push(now);
    }
    return identity;
  }
}
