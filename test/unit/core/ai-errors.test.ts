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

  it("retries Gemini's per-minute limit after its RetryInfo, but not a daily quota", () => {
    const minute = classifyAiError({ provider: "gemini", status: 429, code: "RESOURCE_EXHAUSTED", quotaIds: ["GenerateRequestsPerMinutePerProjectPerModel-FreeTier"], retryAfterSeconds: 41 });
    expect(minute.toJSON()).toMatchObject({ code: "ai_rate_limited", retryable: true, retryAfterSeconds: 41 });
    const day = classifyAiError({
      provider: "gemini",
      status: 429,
      code: "RESOURCE_EXHAUSTED",
      quotaIds: ["GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "GenerateRequestsPerDayPerProjectPerModel-FreeTier"],
    });
    expect(day).toMatchObject({ code: "ai_quota_exhausted", retryable: false });
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

  it("reads Anthropic's error types: overloaded is temporary, a low credit balance is not", () => {
    expect(classifyAiError({ provider: "anthropic", status: 529, code: "overloaded_error" }).toJSON()).toMatchObject({ code: "ai_unavailable", retryable: true });
    // Overloaded also arrives as an SSE error event, with no HTTP status.
    expect(classifyAiError({ provider: "anthropic", code: "overloaded_error" }).retryable).toBe(true);
    const credit = classifyAiError({ provider: "anthropic", status: 400, code: "invalid_request_error", message: "Your credit balance is too low to access the Anthropic API." });
    expect(credit.toJSON()).toMatchObject({ code: "ai_quota_exhausted", retryable: false });
    expect(classifyAiError({ provider: "anthropic", status: 401, code: "authentication_error" }).message).toContain("console.anthropic.com/settings/keys");
    expect(classifyAiError({ provider: "anthropic", status: 413, code: "request_too_large" }).code).toBe("ai_input_too_long");
  });

  it("passes a refused request's own explanation on for Claude and local servers only", () => {
    expect(classifyAiError({ provider: "anthropic", status: 400, code: "invalid_request_error", message: "temperature: range: 0..1" }).toJSON()).toMatchObject({
      code: "invalid_input",
      message: "Claude refused the request: temperature: range: 0..1",
    });
    expect(classifyAiError({ provider: "openai", status: 400, message: "ignored" }).code).toBe("internal");
  });

  it("doesn't send local-server users to a key page", () => {
    const error = classifyAiError({ provider: "compatible", status: 401 });
    expect(error.code).toBe("ai_invalid_key");
    expect(error.message).toContain("Ollama and LM Studio accept any key");
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
