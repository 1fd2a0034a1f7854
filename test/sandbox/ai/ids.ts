import { createHash } from "node:crypto";

/**
 * Deterministic ids (response ids, request ids, message ids): the n-th id of a
 * kind is the same on every run, so logs and snapshots are stable, yet ids look
 * like the real ones (opaque, provider-specific prefixes).
 */
export class IdMaker {
  private count = 0;

  constructor(private readonly seed: string) {}

  private digest(kind: string): Buffer {
    return createHash("sha256").update(`${this.seed}:${kind}:${++this.count}`).digest();
  }

  /** e.g. hex("resp_", 48) → "resp_0f3a…" */
  hex(prefix: string, length: number): string {
    return prefix + this.digest(prefix).toString("hex").slice(0, length);
  }

  /** URL-safe base64, like Gemini's responseId. */
  base64url(length: number): string {
    return this.digest("b64").toString("base64url").slice(0, length);
  }

  reset(): void {
    this.count = 0;
  }
}
