import { describe, expect, it } from "vitest";
import { displayAddress, hostPermissionPattern, serverOrigin, withoutCredentials } from "../../../src/core/server-origin";

describe("a model server's host permission", () => {
  it("asks for the host without its port: Firefox's match patterns refuse ports, and Chrome's portless pattern covers every port", () => {
    expect(hostPermissionPattern("http://localhost:11434/v1")).toBe("http://localhost/*");
    expect(hostPermissionPattern(" https://llm.example.com:8443/v1 ")).toBe("https://llm.example.com/*");
    expect(hostPermissionPattern("http://127.0.0.1:1234/v1")).toBe("http://127.0.0.1/*");
    expect(hostPermissionPattern("http://[::1]:11434/v1")).toBe("http://[::1]/*");
  });

  it("never puts credentials in the pattern, and has none for what isn't http(s)", () => {
    expect(hostPermissionPattern("https://user:secret@llm.example.com/v1")).toBe("https://llm.example.com/*");
    expect(hostPermissionPattern("ftp://localhost/v1")).toBeNull();
    expect(hostPermissionPattern("not a url")).toBeNull();
  });
});

describe("a model server's address in messages", () => {
  it("drops a user name and password, and leaves a clean address as typed", () => {
    expect(displayAddress("https://user:secret@llm.example.com/v1")).toBe("https://llm.example.com/v1");
    expect(displayAddress("https://secret@llm.example.com:8443/v1")).toBe("https://llm.example.com:8443/v1");
    expect(displayAddress("http://localhost:11434/v1")).toBe("http://localhost:11434/v1");
  });

  it("takes credentials out of any text, even a broken address or a browser's error", () => {
    expect(displayAddress("http://user:secret@")).not.toContain("secret");
    expect(withoutCredentials("Request cannot be constructed from a URL that includes credentials: https://u:p@ss@host/v1/models")).toBe(
      "Request cannot be constructed from a URL that includes credentials: https://host/v1/models",
    );
  });

  it("names the server by its origin", () => {
    expect(serverOrigin("http://user:secret@localhost:11434/v1")).toBe("http://localhost:11434");
    expect(serverOrigin("mailto:someone")).toBeNull();
    expect(serverOrigin("nope")).toBeNull();
  });
});
