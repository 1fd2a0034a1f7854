import type { NotionAccess } from "../core/errors";
import { setNotionAccess } from "../notion/access";
import { createNotionClient } from "../notion/client";
import { fetchIdentity } from "../notion/identity";
import type { NotionIdentity } from "../shared/protocol";
import type { TypedStore } from "../shared/storage/store";

/**
 * Who the saved Notion token acts as: an integration (sees what was shared with
 * it) or a person (a personal access token, sees what that person can open).
 * Learned from GET /v1/users/me and kept in settings (`notionIdentity`) so the
 * worker doesn't ask Notion again after every restart; the settings service
 * drops it whenever the token changes.
 */
export class NotionIdentityService {
  constructor(
    private readonly store: TypedStore,
    private readonly fetch: (token: string) => Promise<NotionIdentity> = (token) => fetchIdentity(createNotionClient(token, { priority: "interactive" })),
  ) {}

  /** Publishes the stored identity to the Notion gateway (worker start-up). */
  async load(): Promise<void> {
    const { notionIdentity } = await this.store.get("settings");
    setNotionAccess(notionIdentity ? toAccess(notionIdentity) : undefined);
  }

  /** The saved token's access: stored if known, else asked of Notion; an unnamed integration if Notion can't be asked. */
  async accessFor(token: string): Promise<NotionAccess> {
    const { notionIdentity } = await this.store.get("settings");
    if (notionIdentity) return toAccess(notionIdentity);
    try {
      const identity = await this.fetch(token);
      await this.remember(token, identity);
      return toAccess(identity);
    } catch {
      return { kind: "integration" };
    }
  }

  /** Stores what users/me said, if `token` is still the saved one (a check of a token typed but not saved changes nothing). */
  async remember(token: string, identity: NotionIdentity): Promise<void> {
    const { notionToken } = await this.store.get("secrets");
    if (!notionToken || notionToken !== token) return;
    // Read right before writing: a settings save may have happened while Notion answered.
    const settings = await this.store.get("settings");
    await this.store.set("settings", { ...settings, notionIdentity: identity });
    setNotionAccess(toAccess(identity));
  }
}

function toAccess(identity: NotionIdentity): NotionAccess {
  return { kind: identity.kind, ...(identity.name ? { name: identity.name } : {}) };
}
