import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { resolve } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { ALL_SANDBOX_HOSTNAMES } from "../sandbox/tls";

export const FIREFOX_BUILD_DIR = resolve(import.meta.dirname, "../../dist/firefox");

/** The add-on id the Firefox build declares (browser_specific_settings.gecko.id). */
export const FIREFOX_ADDON_ID = (
  JSON.parse(readFileSync(resolve(FIREFOX_BUILD_DIR, "manifest.json"), "utf8")) as { browser_specific_settings: { gecko: { id: string } } }
).browser_specific_settings.gecko.id;

export interface FirefoxLaunchOptions {
  executablePath: string;
  /** The sandbox's HTTPS port: the PAC file sends every real hostname to it through a local CONNECT proxy. */
  sandboxPort: number;
  headless?: boolean;
  extensionDir?: string;
}

export interface FirefoxExtensionBrowser {
  browser: Browser;
  /** The extension's origin, moz-extension://<uuid> (the uuid is chosen here, through a pref). */
  origin: string;
  /** Opens a tab at an extension page ("popup.html") or any URL. */
  page(pathOrUrl: string): Promise<Page>;
  /** Navigates an open tab; extension pages need BiDi's navigate (Firefox sends them no load events that page.goto waits for). */
  navigate(page: Page, url: string): Promise<void>;
  /** Reloads an open tab (page.reload waits for load events Firefox never sends for extension pages). */
  reload(page: Page): Promise<void>;
  /** Stops the background page the way Firefox's idle shutdown does. The next event starts a fresh one. */
  stopBackground(): Promise<void>;
  /** "running", "stopped", … as Firefox's extension object reports it. */
  backgroundState(): Promise<string>;
  /**
   * How optional-permission prompts are answered from now on, as a user's click would: "allow" (the default),
   * "deny", or "hold" (left open, as while the user reads it, until resolveHeldPrompt).
   */
  answerPermissionPrompts(answer: "allow" | "deny" | "hold"): Promise<void>;
  /** Answers the prompts left open by "hold"; resolves to how many there were. */
  resolveHeldPrompt(allow: boolean): Promise<number>;
  /** Evaluates an expression in Firefox's parent process (privileged), e.g. to read the add-on's granted permissions. */
  evaluateInParent<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** A PAC file that sends only the sandbox's hostnames to the proxy; everything else goes DIRECT (and fails offline). */
function pacFile(proxyPort: number): string {
  return `function FindProxyForURL(url, host) { return ${JSON.stringify(ALL_SANDBOX_HOSTNAMES)}.indexOf(host) >= 0 ? "PROXY 127.0.0.1:${proxyPort}" : "DIRECT"; }`;
}

/** An HTTP CONNECT proxy that pipes every tunnel to the sandbox's HTTPS server (which routes on the Host header). */
async function startConnectProxy(sandboxPort: number): Promise<Server> {
  const sockets = new Set<Socket>();
  const proxy = createServer((_request, response) => response.writeHead(405).end());
  proxy.on("connect", (_request, client: Socket, head: Buffer) => {
    const upstream = connect(sandboxPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => [client, upstream].forEach((each) => each.destroy()));
      socket.on("close", () => sockets.delete(socket));
    }
  });
  proxy.on("close", () => sockets.forEach((socket) => socket.destroy()));
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
  const close = proxy.close.bind(proxy);
  proxy.close = (callback) => {
    sockets.forEach((socket) => socket.destroy());
    return close(callback);
  };
  return proxy;
}

type BidiSend = (method: string, params: Record<string, unknown>) => Promise<{ result: Record<string, unknown> }>;

/**
 * Launches Firefox ESR headless with the unchanged production build
 * (dist/firefox) installed as a temporary add-on, over WebDriver BiDi
 * (see shared/notes/firefox-testing.md). --remote-allow-system-access lets
 * tests open moz-extension:// pages and evaluate in the parent process,
 * which is how the background page is stopped and permission prompts are
 * answered: from outside the product, never through a hook in it.
 */
export async function launchFirefoxExtension(options: FirefoxLaunchOptions): Promise<FirefoxExtensionBrowser> {
  const proxy = await startConnectProxy(options.sandboxPort);
  const proxyPort = (proxy.address() as AddressInfo).port;
  const uuid = randomUUID();
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: options.executablePath,
      headless: options.headless ?? true,
      acceptInsecureCerts: true,
      protocolTimeout: 120_000,
      args: ["--remote-allow-system-access"],
      defaultViewport: { width: 1280, height: 800 },
      extraPrefsFirefox: {
        "extensions.webextensions.uuids": JSON.stringify({ [FIREFOX_ADDON_ID]: uuid }),
        // Optional-permission requests resolve without a doorhanger (as "Allow"); answerPermissionPrompts(false) turns them into "Deny".
        "extensions.webextOptionalPermissionPrompts": false,
        "network.proxy.type": 2,
        "network.proxy.autoconfig_url": `data:application/x-ns-proxy-autoconfig;base64,${Buffer.from(pacFile(proxyPort)).toString("base64")}`,
        "network.proxy.allow_hijacking_localhost": false,
        "browser.shell.checkDefaultBrowser": false,
        "datareporting.policy.dataSubmissionEnabled": false,
        "app.update.enabled": false,
        "extensions.update.enabled": false,
      },
    });
  } catch (error) {
    proxy.close();
    throw error;
  }
  const origin = `moz-extension://${uuid}`;
  const send = (browser as unknown as { connection: { send: BidiSend } }).connection.send.bind((browser as unknown as { connection: object }).connection) as BidiSend;

  const closeAll = async () => {
    await browser.close().catch(() => undefined);
    await new Promise((done) => proxy.close(done));
  };
  try {
    await browser.installExtension(options.extensionDir ?? FIREFOX_BUILD_DIR);
  } catch (error) {
    await closeAll();
    throw error;
  }

  let chromeContext: string | undefined;
  async function evaluateInParent<T>(expression: string): Promise<T> {
    if (!chromeContext) {
      const tree = await send("browsingContext.getTree", { "moz:scope": "chrome" });
      chromeContext = (tree.result.contexts as { context: string }[])[0]!.context;
    }
    const reply = await send("script.evaluate", { expression, target: { context: chromeContext }, awaitPromise: true, resultOwnership: "none" });
    const result = reply.result as { type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text: string } };
    if (result.type === "exception") throw new Error(`Firefox parent-process evaluation failed: ${result.exceptionDetails?.text ?? "unknown error"}`);
    return result.result?.value as T;
  }

  async function navigate(page: Page, url: string): Promise<void> {
    await send("browsingContext.navigate", { context: (page.mainFrame() as unknown as { _id: string })._id, url, wait: "complete" });
  }

  async function reload(page: Page): Promise<void> {
    await send("browsingContext.reload", { context: (page.mainFrame() as unknown as { _id: string })._id, wait: "complete" });
  }

  const extension = `WebExtensionPolicy.getByID(${JSON.stringify(FIREFOX_ADDON_ID)}).extension`;
  return {
    browser,
    origin,
    async page(pathOrUrl) {
      const page = await browser.newPage();
      const url = /^[a-z-]+:/.test(pathOrUrl) ? pathOrUrl : `${origin}/${pathOrUrl}`;
      if (url.startsWith("moz-extension:")) await navigate(page, url);
      else await page.goto(url);
      return page;
    },
    navigate,
    reload,
    async stopBackground() {
      await evaluateInParent(`${extension}.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true }).then(() => "stopped")`);
    },
    backgroundState: () => evaluateInParent<string>(`String(${extension}.backgroundState)`),
    async answerPermissionPrompts(answer) {
      // With the prompt pref off, Firefox grants at once (what "Allow" does). Otherwise an observer of the topic Firefox's
      // own doorhanger listens to answers first: "deny" at once, "hold" only when resolveHeldPrompt is called.
      await evaluateInParent(`(() => {
        const topic = "webextension-optional-permission-prompt";
        const state = (globalThis.__inkwellPrompts ??= { observer: null, held: [] });
        if (state.observer) Services.obs.removeObserver(state.observer, topic);
        state.observer = null;
        const answer = ${JSON.stringify(answer)};
        Services.prefs.setBoolPref("extensions.webextOptionalPermissionPrompts", answer !== "allow");
        if (answer !== "allow") {
          state.observer = { observe(subject) { const { resolve } = subject.wrappedJSObject; if (answer === "deny") resolve(false); else state.held.push(resolve); } };
          Services.obs.addObserver(state.observer, topic);
        }
        return true;
      })()`);
    },
    resolveHeldPrompt: (allow) =>
      evaluateInParent<number>(`(() => {
        const held = globalThis.__inkwellPrompts?.held ?? [];
        const count = held.length;
        held.splice(0).forEach((resolve) => resolve(${allow}));
        return count;
      })()`),
    evaluateInParent,
    close: closeAll,
  };
}
