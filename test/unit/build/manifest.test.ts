import { describe, expect, it } from "vitest";
import { buildTarget, manifestFor } from "../../../scripts/build";
import { NOTION_WEB_HOSTS } from "../../../src/shared/notion-hosts";

describe("manifests", () => {
  // The manifest is plain JSON; `any` keeps these assertions readable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = Record<string, any>;
  const chrome = manifestFor("chrome") as Json;
  const firefox = manifestFor("firefox") as Json;

  it("asks only for the permissions Inkwell needs", () => {
    expect(chrome.permissions).toEqual(["storage", "alarms", "contextMenus"]);
    expect(chrome.host_permissions).toEqual([
      "https://api.notion.com/*",
      "https://generativelanguage.googleapis.com/*",
      "https://api.openai.com/*",
      "https://api.anthropic.com/*",
    ]);
    expect(chrome).not.toHaveProperty("externally_connectable");
    expect(chrome.content_security_policy.extension_pages).not.toMatch(/unsafe-eval|https?:/);
  });

  it("leaves a local model server's origin to an optional permission, asked for at run time, on both browsers", () => {
    for (const manifest of [chrome, firefox]) {
      expect(manifest.optional_host_permissions).toEqual(["http://*/*", "https://*/*"]);
      expect(manifest.host_permissions).not.toContain("http://*/*");
    }
  });

  it("asks for notifications only as an optional permission (requested when a watch's notifications are turned on)", () => {
    for (const manifest of [chrome, firefox]) {
      expect(manifest.optional_permissions).toEqual(["notifications"]);
      expect(manifest.permissions).not.toContain("notifications");
    }
  });

  it("runs the content script only on Notion's web hosts", () => {
    const matches = chrome.content_scripts.flatMap((script: { matches: string[] }) => script.matches);
    expect(matches).toEqual(NOTION_WEB_HOSTS.map((host) => `https://${host}/*`));
  });

  it("uses a service worker on Chrome and background scripts with gecko settings on Firefox", () => {
    expect(chrome.background).toEqual({ service_worker: "background.js" });
    expect(firefox.background).toEqual({ scripts: ["background.js"] });
    // Prompts and Notion content go to the chosen AI provider and to Notion; each key to its own service (README → Privacy).
    expect(firefox.browser_specific_settings.gecko).toMatchObject({ data_collection_permissions: { required: ["websiteContent", "authenticationInfo"] } });
    expect(firefox.browser_specific_settings.gecko.data_collection_permissions).not.toHaveProperty("optional");
    expect(chrome).not.toHaveProperty("browser_specific_settings");
  });

  it("carries the package version", () => {
    expect(chrome.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(firefox.version).toBe(chrome.version);
  });

  it("declares the oldest Chrome it supports, and the code is compiled for exactly that version", () => {
    // Keys live in the worker's IndexedDB (every supported Chrome has it), so nothing depends on storage.setAccessLevel.
    expect(chrome.minimum_chrome_version).toBe("120");
    expect(buildTarget("chrome")).toBe(`chrome${chrome.minimum_chrome_version}`);
    expect(firefox).not.toHaveProperty("minimum_chrome_version");
    expect(buildTarget("firefox")).toBe(`firefox${parseInt(firefox.browser_specific_settings.gecko.strict_min_version, 10)}`);
  });
});
