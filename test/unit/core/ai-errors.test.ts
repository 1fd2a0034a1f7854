import { describe, expect, it } from "vitest";
import { classifyAiError, parseRetryDelay } from "../../../src/core/ai-errors";

describe("classifyAiError", () => {
  it("recognises Gemini's bad key, which is a 400 with reason API_KEY_INVALID", () => {
    const error = classifyAiError({ provider: "gemini", status: 400, code: "INVALID_ARGUMENT", reasons: ["API_KEY_INVALID"] });
    expect(error.code).toBe("ai_invalid_key");
    expect(error.message).toContain("aistudio.google.com/apikey");
  });

  it("recognises OpenAI's 401", () => {
    expect(classifyAiError({ provider: "openai", status: 401, code: "invalid_api_key" }).code).toBe("ai_invalid_key");
  });

  it("never retries exhausted quota, and says why", () => {
    const gemini = classifyAiError({ provider: "gemini", status: 429, code: "RESOURCE_EXHAUSTED", retryAfterSeconds: 41 });
    const openai = classifyAiError({ provider: "openai", status: 429, code: "insufficient_quota" });
    for (const error of [gemini, openai]) {
      expect(error.code).toBe("ai_quota_exhausted");
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/quota/i);
    }
  });

  it("retries OpenAI's per-minute rate limit after the wait it asks for", () => {
    expect(classifyAiError({ provider: "openai", status: 429, code: "rate_limit_exceeded", retryAfterSeconds: 2 }).toJSON()).toMatchObject({
      code: "ai_rate_limited",
      retryable: true,
      retryAfterSeconds: 2,
    });
  });

  it("names the missing model", () => {
    expect(classifyAiError({ provider: "openai", status: 404, code: "model_not_found", model: "gpt-x" }).message).toContain("“gpt-x”");
  });

  it("treats 5xx as temporary", () => {
    expect(classifyAiError({ provider: "gemini", status: 503 }).retryable).toBe(true);
  });
});

describe("parseRetryDelay", () => {
  it("reads Google's duration strings", () => {
    expect(parseRetryDelay("41s")).toBe(41);
    expect(parseRetryDelay("1.5s")).toBe(2);
    expect(parseRetryDelay("soon")).toBeUndefined();
    expect(parseRetryDelay(undefined)).toBeUndefined();
  });
});
