/**
 * The fake Notion web app served at www.notion.so / notion.so / app.notion.com in the
 * HTTPS sandbox. It renders the emulated workspace (through the read-only
 * WorkspaceView) with Notion's URL forms and DOM landmarks so the extension's
 * content script can be exercised end to end. Host-agnostic: it answers the same
 * on every host it is mounted for.
 *
 * Endpoints besides the app's own URLs live under /__fake/ (see README.md).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Handler } from "../http";
import { sendJson } from "../http";
import type { WorkspaceView } from "../notion/workspace-view";
import { ChangeStream } from "./change-stream";
import { clientScript } from "./client-bundle";
import { pickTheme, renderShell } from "./page-shell";
import { compactId, parseRoute } from "./routes";
import { renderScreen, type Screen, type ScreenOptions } from "./screens";

export interface FakeNotionAppOptions {
  /** Objects listed on the home screen (`/`) and in the sidebar, in order. A function
   * is called on every render, so a workspace seeded after construction shows up.
   * Objects opened in this app since start-up are listed after them ("recently
   * visited"), since WorkspaceView cannot enumerate the workspace. */
  home?: string[] | (() => string[]);
  /** Shown in the sidebar's workspace switcher and on the home screen. */
  workspaceName?: string;
  /** Window for coalescing workspace changes into one SSE event (ms, default 75). */
  debounceMs?: number;
}

const SCRIPT_PATH = "/__fake/app.js";

export class FakeNotionApp {
  readonly handle: Handler;
  private readonly screens: ScreenOptions;
  private readonly changes: ChangeStream;
  /** Ids (undashed) of objects rendered so far, most recent first. */
  private readonly recent: string[] = [];

  constructor(
    private readonly view: WorkspaceView,
    options: FakeNotionAppOptions = {},
  ) {
    const home = options.home ?? [];
    this.screens = {
      workspaceName: options.workspaceName ?? "Inkwell Sandbox",
      homeIds: () => [...(typeof home === "function" ? home() : home), ...this.recent],
    };
    this.changes = new ChangeStream(view, options.debounceMs ?? 75);
    this.handle = (req, res) => this.route(req, res);
  }

  /** Ends open event streams (a server's close() would otherwise wait for them forever). */
  close(): void {
    this.changes.close();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed");
      return;
    }
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    switch (url.pathname) {
      case SCRIPT_PATH:
        return send(res, 200, "text/javascript; charset=utf-8", clientScript());
      case "/__fake/content":
        return this.content(url, res);
      case "/__fake/events":
        return this.changes.connect(req, res);
      case "/__fake/version":
        return sendJson(res, 200, { version: this.view.version() }, { "cache-control": "no-store" });
      case "/favicon.ico":
        res.writeHead(204).end();
        return;
    }
    if (url.pathname.startsWith("/__fake/")) return sendJson(res, 404, { error: "no such fake endpoint" });
    // Every other path is the single-page app, like Notion: unknown ids render the "not found" view with 200.
    const screen = this.screen(url.pathname + url.search);
    send(res, 200, "text/html; charset=utf-8", renderShell(screen, pickTheme(url, req.headers.cookie), SCRIPT_PATH));
  }

  /** GET /__fake/content?path=<path+query>: the screen for an in-app URL, as JSON HTML fragments. */
  private content(url: URL, res: ServerResponse): void {
    const path = url.searchParams.get("path");
    if (!path?.startsWith("/")) return sendJson(res, 400, { error: "path must be an absolute path, e.g. /Title-<32hex>" });
    sendJson(res, 200, this.screen(path), { "cache-control": "no-store" });
  }

  private screen(pathAndQuery: string): Screen {
    const screen = renderScreen(this.view, parseRoute(pathAndQuery), this.screens);
    for (const dashed of [screen.peekId, screen.objectId]) {
      if (!dashed) continue;
      const id = compactId(dashed);
      const at = this.recent.indexOf(id);
      if (at >= 0) this.recent.splice(at, 1);
      this.recent.unshift(id);
      this.recent.length = Math.min(this.recent.length, 20);
    }
    return screen;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
  res.end(body);
}
