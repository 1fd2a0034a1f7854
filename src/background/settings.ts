import type { TypedStore } from "../shared/storage/store";
import type { SettingsPatch, SettingsView } from "../shared/protocol";
import type { StoredSecrets } from "../shared/storage/schema";
import { InkwellError } from "../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../core/notion-url";

/** Reads, validates and saves settings. The worker is the only writer of secrets. */
export class SettingsService {
  constructor(private readonly store: TypedStore) {}

  async view(): Promise<SettingsView> {
    const [settings, secrets] = await Promise.all([this.store.get("settings"), this.store.get("secrets")]);
    return { settings, secrets };
  }

  async save(patch: SettingsPatch): Promise<SettingsView> {
    const current = await this.view();
    const connectionsDatabaseUrl = patch.connectionsDatabaseUrl?.trim() ?? current.settings.connectionsDatabaseUrl;
    if (connectionsDatabaseUrl) {
      const parsed = parseNotionUrl(connectionsDatabaseUrl);
      if (!parsed.ok) throw new InkwellError("invalid_input", `Connections database: ${describeUrlProblem(parsed.reason)}`);
    }
    const settings = {
      engine: patch.engine ?? current.settings.engine,
      models: {
        gemini: patch.models?.gemini?.trim() || current.settings.models.gemini,
        openai: patch.models?.openai?.trim() || current.settings.models.openai,
      },
      connectionsDatabaseUrl,
      concurrency: patch.concurrency ?? current.settings.concurrency,
    };
    // Keys are trimmed: a pasted key often carries a trailing newline or space.
    const secrets: StoredSecrets = {
      notionToken: patch.secrets?.notionToken?.trim() ?? current.secrets.notionToken,
      geminiKey: patch.secrets?.geminiKey?.trim() ?? current.secrets.geminiKey,
      openaiKey: patch.secrets?.openaiKey?.trim() ?? current.secrets.openaiKey,
    };
    await Promise.all([this.store.set("settings", settings), this.store.set("secrets", secrets)]);
    return { settings, secrets };
  }

  async secretValues(): Promise<string[]> {
    const secrets = await this.store.get("secrets");
    return Object.values(secrets).filter((value): value is string => typeof value === "string" && value.length > 0);
  }

  async requireNotionToken(): Promise<string> {
    const { notionToken } = await this.store.get("secrets");
    if (!notionToken) throw new InkwellError("not_configured", "Add your Notion integration secret in Settings first.");
    return notionToken;
  }

  async isConfigured(): Promise<boolean> {
    const [settings, secrets] = await Promise.all([this.store.get("settings"), this.store.get("secrets")]);
    const aiKey = settings.engine === "gemini" ? secrets.geminiKey : secrets.openaiKey;
    return Boolean(secrets.notionToken && aiKey);
  }
}
