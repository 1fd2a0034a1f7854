import { describe, expect, it } from "vitest";
import { normaliseBaseUrl } from "../../../../src/background/settings/settings";

describe("the model server's address, as Settings stores it", () => {
  it("keeps an http(s) address without its trailing slash, and empty as none", () => {
    expect(normaliseBaseUrl(" http://localhost:11434/v1/ ")).toBe("http://localhost:11434/v1");
    expect(normaliseBaseUrl("")).toBe("");
  });

  it("refuses an address with a user name or password, pointing to the Server key field, without echoing them", () => {
    for (const address of ["https://user:tok3n@llm.example.com/v1", "https://tok3n@llm.example.com/v1", "http://:tok3n@localhost:8080/v1"]) {
      let caught: unknown;
      try {
        normaliseBaseUrl(address);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: "invalid_input", message: expect.stringContaining("Server key field") });
      expect((caught as Error).message).not.toContain("tok3n");
    }
  });

  it("doesn't echo credentials when the address isn't a URL at all", () => {
    expect(() => normaliseBaseUrl("http://user:tok3n@")).toThrow(expect.objectContaining({ code: "invalid_input", message: expect.not.stringContaining("tok3n") }));
  });

  it("refuses what isn't http(s)", () => {
    expect(() => normaliseBaseUrl("ftp://localhost/v1")).toThrow(expect.objectContaining({ code: "invalid_input", message: expect.stringContaining("http://") }));
  });
});
