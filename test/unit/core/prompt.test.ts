import { describe, expect, it } from "vitest";
import { BASE_SYSTEM_INSTRUCTION, buildPrompt, estimateTokens } from "../../../src/core/prompt";
import { defaultGenerationOptions } from "../../../src/shared/storage/schema";

describe("buildPrompt", () => {
  it("sends the trimmed prompt with the Markdown instruction and provider defaults", () => {
    expect(buildPrompt("  Write about tea \n", defaultGenerationOptions())).toEqual({ prompt: "Write about tea", systemInstruction: BASE_SYSTEM_INSTRUCTION });
  });

  it("adds tone, length and the user's own instruction, in that order", () => {
    const built = buildPrompt("x", { tone: "formal", length: "short", systemInstruction: "Write in British English.", temperature: 0.3, maxOutputTokens: 800 });
    const parts = built.systemInstruction.split("\n\n");
    expect(parts[0]).toBe(BASE_SYSTEM_INSTRUCTION);
    expect(parts[1]).toMatch(/formal/);
    expect(parts[2]).toMatch(/150 words/);
    expect(parts[3]).toBe("Write in British English.");
    expect(built).toMatchObject({ temperature: 0.3, maxOutputTokens: 800 });
  });

  it("estimates about four characters per token", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("abcdefghi")).toBe(3);
  });
});
