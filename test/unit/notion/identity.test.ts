/**
 * Test (notion.check) asks users/me about a token that may not be the saved one:
 * when Notion rejects it, the advice can't assume the saved token's kind.
 */
import { Client, LogLevel } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import { setNotionAccess } from "../../../src/notion/access";
import { fetchIdentity } from "../../../src/notion/identity";

/** A client whose every request gets Notion's 401 for a bad token. */
function rejectingClient(): Client {
  const body = JSON.stringify({ object: "error", status: 401, code: "unauthorized", message: "API token is invalid." });
  return new Client({
    auth: "typed-but-wrong",
    retry: false,
    logLevel: LogLevel.ERROR,
    logger: () => {},
    fetch: async () => new Response(body, { status: 401, headers: { "content-type": "application/json" } }),
  });
}

describe("fetchIdentity", () => {
  afterEach(() => setNotionAccess(undefined));

  it("explains a rejected token for both kinds, whatever kind the saved token is", async () => {
    for (const saved of [{ kind: "personal" as const, name: "Ada Lovelace" }, { kind: "integration" as const, name: "Inkwell" }, undefined]) {
      setNotionAccess(saved);
      const error = await fetchIdentity(rejectingClient()).then(
        () => undefined,
        (failure: unknown) => failure as Error & { code?: string },
      );
      expect(error?.code).toBe("notion_unauthorized");
      // Both places a token comes from, since the one typed may be of either kind.
      expect(error?.message).toContain("notion.so/profile/integrations");
      expect(error?.message).toContain("notion.so/developers/tokens");
    }
  });
});
