import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../../src/core/redact";

describe("redactSecrets", () => {
  it("removes the exact known secrets wherever they appear", () => {
    const secret = "my-custom-proxy-key-123456";
    expect(redactSecrets(`failed with key ${secret} (again ${secret})`, [secret])).toBe(`failed with key ${REDACTED} (again ${REDACTED})`);
  });

  it.each([
    ["ntn_" + "a1".repeat(20)],
    ["secret_" + "Zz9".repeat(10)],
    ["sk-proj-" + "abc123_-".repeat(4)],
    ["AIza" + "Sy".repeat(17)],
  ])("removes anything shaped like a credential: %s", (credential) => {
    const text = redactSecrets(`Incorrect API key provided: ${credential}.`);
    expect(text).not.toContain(credential);
    expect(text).toContain(REDACTED);
  });

  it("keeps the word Bearer but hides the token", () => {
    expect(redactSecrets("Authorization: Bearer abcdefgh12345678")).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it("leaves ordinary text and very short 'secrets' alone", () => {
    expect(redactSecrets("the skies are blue", ["blue"])).toBe("the skies are blue");
  });
});
