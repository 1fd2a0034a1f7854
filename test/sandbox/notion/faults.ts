/**
 * Fault injection: error statuses (500, 502, 503, 529), slow answers and
 * dropped connections. Two sources, checked in this order:
 *  - scripted faults (`inject`), one-shot and matched by method/path, for tests
 *    that need one exact failure;
 *  - a random share of requests (`configure`), drawn from a seeded PRNG so a
 *    run is reproducible for the same request sequence.
 * Each fault fires either before the request is processed or after it (the
 * write is applied, then the answer is lost or replaced) — the second is how a
 * client ends up retrying a write that in fact succeeded.
 */
export type FaultKind = "500" | "502" | "503" | "529" | "slow" | "drop";
export type FaultTiming = "before" | "after";

export const FAULT_KINDS: readonly FaultKind[] = ["500", "502", "503", "529", "slow", "drop"];

export interface Fault {
  kind: FaultKind;
  timing: FaultTiming;
  /** For "slow": how long the answer is held back. */
  delayMs: number;
}

export interface RandomFaultOptions {
  /** Share of eligible requests that get a fault, 0..1. */
  rate: number;
  /** Which faults, with relative weights; default: all kinds, equally likely. */
  kinds?: readonly FaultKind[] | Partial<Record<FaultKind, number>>;
  /** Default "before"; "random" draws it per fault. */
  timing?: FaultTiming | "random";
  /** Delay of "slow" faults (default 1500 ms). */
  slowMs?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Only these methods are eligible (e.g. ["PATCH", "POST"]); default all. */
  methods?: readonly string[];
  /** Only paths matching this are eligible; default all. */
  path?: RegExp;
}

export interface ScriptedFault {
  kind: FaultKind;
  timing?: FaultTiming;
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Path prefix (string) or pattern to match, e.g. "/v1/blocks/" or /\/children$/ (any when absent). */
  path?: string | RegExp;
  /** How many matching requests it hits (default 1). */
  times?: number;
  delayMs?: number;
}

const DEFAULT_SLOW_MS = 1500;

/** mulberry32: tiny, fast, good enough for picking faults reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private random: (RandomFaultOptions & { weights: [FaultKind, number][]; next: () => number }) | undefined;
  private scripted: (ScriptedFault & { left: number })[] = [];

  configure(options: RandomFaultOptions | null): void {
    if (options === null) {
      this.random = undefined;
      return;
    }
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`fault rate must be within 0..1, got ${options.rate}`);
    const kinds = options.kinds ?? FAULT_KINDS;
    const weights: [FaultKind, number][] = Array.isArray(kinds)
      ? (kinds as FaultKind[]).map((k) => [k, 1])
      : (Object.entries(kinds) as [FaultKind, number][]).filter(([, w]) => w > 0);
    for (const [kind] of weights) if (!FAULT_KINDS.includes(kind)) throw new RangeError(`unknown fault kind ${kind}`);
    if (weights.length === 0) throw new RangeError("at least one fault kind needs a weight > 0");
    this.random = { ...options, weights, next: prng(options.seed ?? 1) };
  }

  inject(fault: ScriptedFault): void {
    if (!FAULT_KINDS.includes(fault.kind)) throw new RangeError(`unknown fault kind ${fault.kind}`);
    this.scripted.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Scripted faults not yet fired. */
  get pending(): number {
    return this.scripted.reduce((sum, f) => sum + f.left, 0);
  }

  clear(): void {
    this.scripted = [];
    this.random = undefined;
  }

  /** The fault for this request, if any. */
  pick(method: string, path: string): Fault | undefined {
    const index = this.scripted.findIndex((f) => matches(f, method, path));
    if (index >= 0) {
      const f = this.scripted[index]!;
      if (--f.left <= 0) this.scripted.splice(index, 1);
      return { kind: f.kind, timing: f.timing ?? "before", delayMs: f.delayMs ?? DEFAULT_SLOW_MS };
    }
    const r = this.random;
    if (!r) return undefined;
    if (r.methods && !r.methods.some((m) => m.toUpperCase() === method)) return undefined;
    if (r.path && !r.path.test(path)) return undefined;
    // Always three draws per eligible request, so one request's outcome never shifts the next one's.
    const [hit, which, when] = [r.next(), r.next(), r.next()];
    if (hit >= r.rate) return undefined;
    const total = r.weights.reduce((sum, [, w]) => sum + w, 0);
    let point = which * total;
    let kind = r.weights[r.weights.length - 1]![0];
    for (const [k, w] of r.weights) {
      if (point < w) {
        kind = k;
        break;
      }
      point -= w;
    }
    const timing = r.timing === "random" ? (when < 0.5 ? "before" : "after") : (r.timing ?? "before");
    return { kind, timing, delayMs: r.slowMs ?? DEFAULT_SLOW_MS };
  }
}

function matches(f: ScriptedFault, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.path === undefined) return true;
  return typeof f.path === "string" ? path.startsWith(f.path) : f.path.test(path);
}
