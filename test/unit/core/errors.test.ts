import { describe, expect, it } from "vitest";
import { classifyNotionError, InkwellError, isOfflineError, notFoundAdvice, toInkwellError } from "../../../src/core/errors";

describe("classifyNotionError", () => {
  it("explains a wrong secret", () => {
    const error = classifyNotionError({ status: 401, code: "unauthorized" });
    expect(error.code).toBe("notion_unauthorized");
    expect(error.message).toMatch(/integration secret/);
    expect(error.retryable).toBe(false);
  });

  it("says how to share an object the integration can't see", () => {
    const error = classifyNotionError({ status: 404, code: "object_not_found" }, "the page “Plan”");
    expect(error.code).toBe("notion_not_shared");
    expect(error.message).toContain("the page “Plan”");
    expect(error.message).toMatch(/••• .*Connections/);
  });

  it("keeps Retry-After on rate limits", () => {
    const error = classifyNotionError({ status: 429, code: "rate_limited", retryAfterSeconds: 3 });
    expect(error).toMatchObject({ code: "notion_rate_limited", retryable: true, retryAfterSeconds: 3 });
  });

  it.each([500, 502, 503, 504, 529])("marks %i as retryable unavailability", (status) => {
    expect(classifyNotionError({ status }).toJSON()).toMatchObject({ code: "notion_unavailable", retryable: true });
  });

  it("recognises the free plan's block limit and does not retry it", () => {
    const error = classifyNotionError({ status: 400, code: "validation_error", message: "This workspace has reached its block limit." });
    expect(error.code).toBe("notion_block_limit");
    expect(error.retryable).toBe(false);
  });

  it("explains the block limit's 403 restricted_resource in Notion's terms, not as a missing capability", () => {
    const error = classifyNotionError({ status: 403, code: "restricted_resource", message: "This workspace has reached its block limit." });
    expect(error).toMatchObject({ code: "notion_block_limit", retryable: false });
    expect(error.message).toContain("Free workspace with more than one member can create 1,000 blocks");
    expect(error.message).toContain("Deleting blocks doesn't free any room");
    expect(error.message).toMatch(/upgrade the workspace to a paid plan/);
    expect(error.message).toMatch(/personal access token/);
    // Any other 403 is still about the integration's capabilities.
    expect(classifyNotionError({ status: 403, code: "restricted_resource", message: "Insufficient permissions for this endpoint." }).code).toBe("notion_restricted");
  });

  it("tells a personal access token's user that the page is missing or theirs to ask for, with no sharing step", () => {
    const error = classifyNotionError({ status: 404, code: "object_not_found" }, "this page", { kind: "personal", name: "Ada Lovelace" });
    expect(error.code).toBe("notion_not_shared");
    expect(error.message).toBe(
      "Notion can't find this page: it doesn't exist (deleted, or a wrong link), or Ada Lovelace has no access to it. A personal access token sees exactly what its person can open in Notion, so there is nothing to share with Inkwell: check the link, or ask the page's owner to give you access.",
    );
    expect(notFoundAdvice("this database", { kind: "integration", name: "Inkwell" })).toBe(
      "Notion can't find this database, or it isn't shared with your integration “Inkwell”. In Notion, open it (a database as a full page), click ••• (top right) → Connections, and add “Inkwell”. Sharing a page also shares everything inside it.",
    );
    expect(classifyNotionError({ status: 401 }, "x", { kind: "personal" }).message).toMatch(/personal access token/);
    expect(classifyNotionError({ status: 403, code: "restricted_resource" }, "x", { kind: "personal" }).message).toMatch(/edit access/);
  });
});

describe("toInkwellError", () => {
  it("classifies fetch network failures as offline", () => {
    expect(isOfflineError(new TypeError("Failed to fetch"))).toBe(true);
    expect(toInkwellError(new TypeError("NetworkError when attempting to fetch resource.")).code).toBe("offline");
  });

  it("classifies aborts as cancelled", () => {
    expect(toInkwellError(new DOMException("The operation was aborted.", "AbortError")).code).toBe("cancelled");
  });

  it("passes InkwellErrors through unchanged", () => {
    const original = new InkwellError("invalid_input", "Empty prompt");
    expect(toInkwellError(original)).toBe(original);
  });
});
