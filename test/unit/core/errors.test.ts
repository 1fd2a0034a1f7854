import { describe, expect, it } from "vitest";
import { classifyNotionError, InkwellError, isOfflineError, toInkwellError } from "../../../src/core/errors";

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
