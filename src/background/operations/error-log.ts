import { redactSecrets } from "../../core/redact";
import { ERROR_LOG_LIMIT, type LoggedError } from "../../shared/storage/schema";
import type { TypedStore } from "../../shared/storage/store";
import { PersistedState } from "../storage/persisted-state";

/**
 * The last errors, for "Copy diagnostics". Only the worker writes the key, and
 * its writes are serialised, so two failures at once can't drop each other.
 * Messages are scrubbed of secrets before they are stored; recording never
 * throws (a failure to log must not become the user's problem).
 */
export class ErrorLog {
  private readonly log: PersistedState<LoggedError[]>;

  constructor(
    private readonly store: TypedStore,
    private readonly knownSecrets: () => Promise<readonly string[]>,
    private readonly now: () => number = Date.now,
  ) {
    this.log = new PersistedState({ read: () => this.read(), write: (errors) => this.store.set("errorLog", errors) });
  }

  record(entry: Omit<LoggedError, "at">): Promise<void> {
    const at = this.now();
    return this.log
      .update(async (current) => {
        const secrets = await this.knownSecrets().catch(() => []);
        const logged: LoggedError = {
          at,
          code: entry.code.slice(0, 100),
          message: redactSecrets(entry.message, secrets).slice(0, 2_000),
          context: redactSecrets(entry.context, secrets).slice(0, 200),
        };
        return [...current, logged].slice(-ERROR_LOG_LIMIT);
      })
      .catch((error: unknown) => console.warn("[inkwell] could not record an error", error instanceof Error ? error.name : ""));
  }

  async list(): Promise<LoggedError[]> {
    await this.log.idle();
    return this.read();
  }

  private read(): Promise<LoggedError[]> {
    return this.store.get("errorLog").catch(() => []);
  }
}
