/**
 * Secrets must never reach a log, an error text, a content script or Notion.
 * Every string that leaves the worker through an error path goes through here.
 */

// Shapes of the credentials Inkwell handles. Prefix checks are only used for
// scrubbing (never to validate a key), so erring on the side of redaction is fine.
const SECRET_PATTERNS: RegExp[] = [
  /\bntn_[A-Za-z0-9]{20,}/g, // Notion internal integration secrets (current)
  /\bsecret_[A-Za-z0-9]{20,}/g, // Notion internal integration secrets (older)
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI keys (sk-, sk-proj-, sk-svcacct-)
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization headers echoed in errors
];

export const REDACTED = "[redacted]";

/** Replaces known secrets (exact values) and anything shaped like a credential. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Very short values would redact ordinary words; real keys are long.
    if (secret && secret.length >= 8) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    result = result.replace(pattern, (match, bearer?: string) =>
      typeof bearer === "string" && /^bearer$/i.test(bearer) ? `${bearer} ${REDACTED}` : REDACTED,
    );
  }
  return result;
}

/**
 * A run record with every text it stores scrubbed: the run's error, each
 * row's reason and the notice. Run records are shown in the popup, the options
 * page and the in-Notion panel, mirrored to Notion and counted in diagnostics.
 */
export function redactRunTexts<T extends { error?: { code: string; message: string }; notice?: string; rows?: readonly { reason?: string }[] }>(run: T, knownSecrets: readonly string[]): T {
  return {
    ...run,
    ...(run.error ? { error: { ...run.error, message: redactSecrets(run.error.message, knownSecrets) } } : {}),
    ...(run.notice !== undefined ? { notice: redactSecrets(run.notice, knownSecrets) } : {}),
    ...(run.rows ? { rows: run.rows.map((row) => (row.reason === undefined ? row : { ...row, reason: redactSecrets(row.reason, knownSecrets) })) } : {}),
  };
}
