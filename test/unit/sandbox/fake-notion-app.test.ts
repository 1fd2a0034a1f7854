import { existsSync } from "node:fs";
import { get } from "node:http";
import { Window } from "happy-dom";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listenHttp, type Listening } from "../../sandbox/http";
import type { ViewBlock, ViewRow, WorkspaceView } from "../../sandbox/notion/workspace-view";
import { morph } from "../../sandbox/web/client/morph";
import { FakeNotionApp } from "../../sandbox/web/fake-notion-app";
import { parseRoute } from "../../sandbox/web/routes";

// ---------------------------------------------------------------------------
// A tiny in-memory WorkspaceView: just enough of the emulator's contract.

interface FakeObject {
  object: "page" | "database";
  title: string;
  blocks?: ViewBlock[];
  rows?: ViewRow[];
}

class FakeView implements WorkspaceView {
  readonly objects = new Map<string, FakeObject>();
  private ver = 1;
  private readonly listeners = new Set<() => void>();

  add(id: string, object: FakeObject): void {
    this.objects.set(compact(id), object);
  }
  getObject(id: string) {
    const found = this.objects.get(compact(id));
    return found ? { object: found.object, id: dashed(id) } : undefined;
  }
  titleOf(id: string): string {
    return this.objects.get(compact(id))?.title ?? "";
  }
  blockTree(pageId: string): ViewBlock[] {
    return this.objects.get(compact(pageId))?.blocks ?? [];
  }
  rows(databaseId: string): ViewRow[] {
    return this.objects.get(compact(databaseId))?.rows ?? [];
  }
  version(): number {
    return this.ver;
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  /** Mutates, bumps the version and notifies, like an emulator write. */
  write(change: () => void): void {
    change();
    this.ver += 1;
    for (const listener of this.listeners) listener();
  }
}

const compact = (id: string): string => id.replace(/-/g, "").toLowerCase();
const dashed = (id: string): string => compact(id).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

const PAGE = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b";
const DB = "2c3d4e5f-6071-4829-9bac-1d2e3f4a5b6c";
const ROW1 = "3d4e5f60-7182-493a-acbd-2e3f4a5b6c7d";
const ROW2 = "4e5f6071-8293-4a4b-bdce-3f4a5b6c7d8e";
const EVIL = "5f607182-93a4-4b5c-8edf-4a5b6c7d8e9f";
const MISSING = "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d";

function text(content: string, extra: { bold?: boolean; code?: boolean; link?: string } = {}) {
  return {
    type: "text",
    text: { content, link: extra.link ? { url: extra.link } : null },
    annotations: { bold: !!extra.bold, italic: false, strikethrough: false, underline: false, code: !!extra.code, color: "default" },
    plain_text: content,
    href: extra.link ?? null,
  };
}

function block(id: string, type: string, payload: Record<string, unknown>, children?: ViewBlock[]): ViewBlock {
  return { id, type, [type]: payload, ...(children ? { children } : {}) };
}

const bid = (n: number): string => `9${String(n).padStart(7, "0")}-0000-4000-8000-000000000000`;

function seed(view: FakeView): void {
  view.add(PAGE, {
    object: "page",
    title: "Project Plan",
    blocks: [
      block(bid(1), "heading_1", { rich_text: [text("Goals")] }),
      block(bid(2), "paragraph", { rich_text: [text("Ship "), text("fast", { bold: true }), text(" docs", { link: "https://example.com/docs" })] }),
      block(bid(3), "bulleted_list_item", { rich_text: [text("First")] }, [block(bid(4), "bulleted_list_item", { rich_text: [text("Nested")] })]),
      block(bid(5), "numbered_list_item", { rich_text: [text("One")] }),
      block(bid(6), "numbered_list_item", { rich_text: [text("Two")] }),
      block(bid(7), "to_do", { rich_text: [text("Done thing")], checked: true }),
      block(bid(8), "code", { rich_text: [text("const a = 1 < 2;")], language: "typescript" }),
      block(bid(9), "equation", { expression: "e^{i\\pi} + 1 = 0" }),
      block(bid(10), "divider", {}),
      block(bid(11), "table", { table_width: 2, has_column_header: true, has_row_header: false }, [
        block(bid(12), "table_row", { cells: [[text("Name")], [text("Score")]] }),
        block(bid(13), "table_row", { cells: [[text("Ada")], [text("10")]] }),
      ]),
      block(bid(14), "quote", { rich_text: [text("Quoted")] }),
      block(bid(15), "paragraph", { rich_text: [text("<script>alert('pwned')</script><img src=x onerror=alert(1)>")] }),
      block(bid(16), "paragraph", { rich_text: [text("click me", { link: "javascript:alert(1)" })] }),
      block(bid(17), "paragraph", { rich_text: [text("see tasks", { link: `https://www.notion.so/${compact(DB)}` })] }),
      block(bid(18), "image", { type: "external", external: { url: "https://example.com/cat.png" }, caption: [] }),
    ],
  });
  view.add(DB, {
    object: "database",
    title: "Tasks",
    rows: [
      {
        id: ROW1,
        properties: {
          Name: { type: "title", title: [text("Write intro")] },
          Generate: { type: "checkbox", checkbox: true },
          Status: { type: "select", select: { name: "Done" } },
          Notes: { type: "rich_text", rich_text: [text("short")] },
        },
      },
      {
        id: ROW2,
        properties: {
          Name: { type: "title", title: [text("Draft <b>outline</b>")] },
          Generate: { type: "checkbox", checkbox: false },
          Status: { type: "select", select: null },
          Notes: { type: "rich_text", rich_text: [] },
        },
      },
    ],
  });
  view.add(ROW1, { object: "page", title: "Write intro", blocks: [block(bid(30), "paragraph", { rich_text: [text("Row body")] })] });
  view.add(ROW2, { object: "page", title: "Draft <b>outline</b>", blocks: [] });
  view.add(EVIL, { object: "page", title: "<img src=x onerror=alert(1)>Evil", blocks: [] });
}

// ---------------------------------------------------------------------------

const dom = new Window();
function parse(html: string) {
  return new dom.DOMParser().parseFromString(html, "text/html");
}

let view: FakeView;
let app: FakeNotionApp;
let server: Listening;

beforeAll(async () => {
  view = new FakeView();
  seed(view);
  app = new FakeNotionApp(view, { home: [PAGE, DB, MISSING], debounceMs: 60 });
  server = await listenHttp(app.handle);
});

afterAll(async () => {
  app.close();
  await server.close();
  await dom.happyDOM.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + path, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/html");
  return parse(await response.text());
}

describe("URL parsing", () => {
  it.each([
    [`/acme/Project-Plan-${compact(PAGE)}`, PAGE],
    [`/Project-Plan-${compact(PAGE)}`, PAGE],
    [`/${compact(PAGE)}`, PAGE],
    [`/${PAGE}`, PAGE],
    [`/p/${compact(PAGE)}`, PAGE],
    [`/p/Project-Plan-${compact(PAGE)}`, PAGE],
    [`/Project-Plan-${PAGE.toUpperCase()}`, PAGE],
    [`/${compact(DB)}?v=abc123`, DB],
  ])("%s → the object id", (path, id) => {
    const route = parseRoute(path);
    expect(route).toMatchObject({ kind: "object", id });
  });

  it("reads the database view and the peek", () => {
    expect(parseRoute(`/${compact(DB)}?v=abc&p=${compact(ROW1)}&pm=s`)).toEqual({
      kind: "object",
      id: DB,
      viewId: "abc",
      peekId: ROW1,
      peekMode: "s",
    });
    expect(parseRoute("/")).toEqual({ kind: "home" });
    expect(parseRoute("/settings/members")).toEqual({ kind: "invalid" });
    // 31 hex digits plus a letter is not an id.
    expect(parseRoute(`/Plan-${compact(PAGE).slice(1)}x`)).toEqual({ kind: "invalid" });
  });
});

describe("FakeNotionApp pages", () => {
  it.each([
    `/acme/Project-Plan-${compact(PAGE)}`,
    `/Project-Plan-${compact(PAGE)}`,
    `/${compact(PAGE)}`,
    `/p/${compact(PAGE)}`,
    `/p/Project-Plan-${compact(PAGE)}`,
    `/Stale-Title-${PAGE}`,
  ])("renders the page at %s", async (path) => {
    const doc = await page(path);
    expect(doc.title).toBe("Project Plan");
    expect(doc.querySelector(".notion-app-inner.notion-light-theme")).not.toBeNull();
    expect(doc.querySelector(`.notion-page-block[data-block-id="${PAGE}"] h1[placeholder="Untitled"]`)?.textContent).toBe("Project Plan");
    const content = doc.querySelector("main.notion-frame .notion-page-content");
    expect(content?.querySelectorAll(":scope > [data-block-id]").length).toBe(15);
    expect(doc.querySelector(`[data-block-id="${bid(1)}"]`)?.className).toContain("notion-header-block");
    expect(doc.querySelector(`[data-block-id="${bid(1)}"] h2`)?.textContent).toBe("Goals");
  });

  it("renders each block type with Notion's classes and content", async () => {
    const doc = await page(`/${compact(PAGE)}`);
    const at = (n: number) => doc.querySelector(`[data-block-id="${bid(n)}"]`);
    expect(at(2)?.classList.contains("notion-text-block")).toBe(true);
    expect(at(2)?.classList.contains("notion-paragraph-block")).toBe(true);
    expect(at(2)?.querySelector("strong")?.textContent).toBe("fast");
    expect(at(2)?.querySelector("a")?.getAttribute("href")).toBe("https://example.com/docs");
    expect(at(2)?.querySelector("a")?.getAttribute("target")).toBe("_blank");
    expect(at(3)?.classList.contains("notion-bulleted_list-block")).toBe(true);
    expect(at(3)?.querySelector(`.notion-block-children [data-block-id="${bid(4)}"]`)?.textContent).toContain("Nested");
    expect(at(6)?.querySelector(".notion-list-marker")?.textContent).toBe("2.");
    expect(at(7)?.getAttribute("data-checked")).toBe("true");
    expect(at(8)?.querySelector("pre code")?.textContent).toBe("const a = 1 < 2;");
    expect(at(8)?.querySelector(".notion-code-language")?.textContent).toBe("typescript");
    expect(at(9)?.textContent).toContain("e^{i\\pi} + 1 = 0");
    expect(at(10)?.querySelector("hr")).not.toBeNull();
    const table = at(11);
    expect(table?.classList.contains("notion-table-block")).toBe(true);
    expect([...(table?.querySelectorAll("tr") ?? [])].map((tr) => tr.textContent)).toEqual(["NameScore", "Ada10"]);
    expect(table?.querySelectorAll("th").length).toBe(2);
    expect(at(14)?.querySelector("blockquote")?.textContent).toBe("Quoted");
    // Notion links become in-app paths so they navigate inside the fake app.
    expect(at(17)?.querySelector("a")?.getAttribute("href")).toBe(`/${compact(DB)}`);
    // No network: external images are placeholders, not <img>.
    expect(at(18)?.querySelector("img")).toBeNull();
    expect(at(18)?.querySelector(".notion-image-placeholder")?.getAttribute("data-src")).toBe("https://example.com/cat.png");
  });

  it("has the top bar, sidebar and overlay landmarks", async () => {
    const doc = await page(`/${compact(PAGE)}`);
    expect(doc.querySelector("body.notion-body #notion-app > .notion-app-inner")).not.toBeNull();
    const topbar = doc.querySelector(".notion-topbar");
    expect(topbar?.querySelector(".notion-topbar-action-buttons .notion-topbar-share-menu[role=button]")?.textContent).toBe("Share");
    expect(topbar?.querySelector(".notion-topbar-action-buttons .notion-topbar-more-button")?.textContent).toBe("•••");
    expect(topbar?.querySelector(".notion-topbar-breadcrumb")?.textContent).toContain("Project Plan");
    expect(doc.querySelector(".notion-sidebar-container .notion-sidebar")?.textContent).toContain("Tasks");
    expect(doc.querySelector(".notion-overlay-container")?.children.length).toBe(0);
    expect(doc.querySelector('script[src="/__fake/app.js"]')).not.toBeNull();
  });

  it("serves the same app on every Notion host", async () => {
    for (const host of ["www.notion.so", "notion.so", "app.notion.com"]) {
      const html = await new Promise<string>((resolve, reject) => {
        get(`${server.url}/p/${compact(PAGE)}`, { headers: { host } }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve(body));
        }).on("error", reject);
      });
      expect(parse(html).querySelector(".notion-page-block h1")?.textContent).toBe("Project Plan");
    }
  });

  it("renders a database view as a table of rows", async () => {
    const doc = await page(`/${compact(DB)}?v=0123456789abcdef0123456789abcdef`);
    expect(doc.title).toBe("Tasks");
    const collection = doc.querySelector(`main.notion-frame .notion-collection_view-block[data-block-id="${DB}"]`);
    expect(collection?.querySelector('h1[placeholder="Untitled"]')?.textContent).toBe("Tasks");
    expect([...(collection?.querySelectorAll("thead th") ?? [])].map((th) => th.textContent)).toEqual(["Name", "Generate", "Status", "Notes"]);
    const rows = [...(collection?.querySelectorAll("tbody tr.notion-collection-item") ?? [])];
    expect(rows.map((r) => r.getAttribute("data-block-id"))).toEqual([ROW1, ROW2]);
    const first = rows[0];
    expect(first?.querySelector(".notion-collection-item-title")?.textContent).toBe("Write intro");
    expect(first?.querySelector(".notion-collection-item-title")?.getAttribute("href")).toBe(`/Write-intro-${compact(ROW1)}`);
    expect(first?.querySelector('[data-property-name="Generate"] [role="checkbox"]')?.getAttribute("aria-checked")).toBe("true");
    expect(rows[1]?.querySelector('[data-property-name="Generate"] [role="checkbox"]')?.getAttribute("aria-checked")).toBe("false");
    expect(first?.querySelector('[data-property-name="Status"]')?.textContent).toBe("Done");
    expect(first?.querySelector('[data-property-name="Notes"]')?.textContent).toBe("short");
    expect(rows[1]?.querySelector(".notion-collection-item-title")?.textContent).toBe("Draft <b>outline</b>");
  });

  it("renders a page in side peek over the database", async () => {
    const doc = await page(`/${compact(DB)}?v=abc&p=${compact(ROW1)}&pm=s`);
    expect(doc.querySelector("main.notion-frame .notion-collection_view-block")).not.toBeNull();
    const peek = doc.querySelector(".notion-overlay-container > .notion-peek-renderer");
    expect(peek?.getAttribute("data-peek-mode")).toBe("s");
    expect(peek?.getAttribute("data-object-id")).toBe(ROW1);
    expect(peek?.querySelector(`.notion-page-block[data-block-id="${ROW1}"] h1`)?.textContent).toBe("Write intro");
    expect(peek?.querySelector(`.notion-page-content [data-block-id="${bid(30)}"]`)?.textContent).toBe("Row body");
    expect(peek?.querySelector(".notion-peek-close[role=button]")).not.toBeNull();
  });

  it("shows the home screen with the listed objects, then recently visited ones", async () => {
    const fresh = new FakeNotionApp(view, { home: [PAGE, DB, MISSING] });
    const listening = await listenHttp(fresh.handle);
    const homeLinks = async () => {
      const doc = parse(await (await fetch(`${listening.url}/`)).text());
      return [...doc.querySelectorAll(".notion-home a.notion-home-link")].map((a) => [a.textContent?.trim(), a.getAttribute("href")]);
    };
    try {
      // MISSING is skipped: it does not exist in the workspace.
      expect(await homeLinks()).toEqual([
        ["Project Plan", `/Project-Plan-${compact(PAGE)}`],
        ["Tasks", `/${compact(DB)}?v=${compact(DB).split("").reverse().join("")}`],
      ]);
      await fetch(`${listening.url}/${compact(ROW1)}`);
      expect((await homeLinks())[2]).toEqual(["Write intro", `/Write-intro-${compact(ROW1)}`]);
    } finally {
      fresh.close();
      await listening.close();
    }
  });

  it.each([`/Gone-${compact(MISSING)}`, `/p/${MISSING}`, "/settings/members"])("shows Notion's not-found view for %s", async (path) => {
    const doc = await page(path);
    expect(doc.querySelector(".notion-page-not-found")?.textContent).toContain("This content does not exist");
    expect(doc.querySelector(".notion-topbar-action-buttons")).not.toBeNull();
    expect(doc.querySelector(".notion-page-block")).toBeNull();
  });

  it("shows not-found inside the peek for an unknown peek id", async () => {
    const doc = await page(`/${compact(PAGE)}?p=${compact(MISSING)}&pm=s`);
    expect(doc.querySelector(".notion-page-block h1")?.textContent).toBe("Project Plan");
    expect(doc.querySelector(".notion-peek-renderer .notion-page-not-found")).not.toBeNull();
  });

  it("uses the dark theme from ?theme=dark or a theme=dark cookie", async () => {
    const light = await page(`/${compact(PAGE)}`);
    expect(light.querySelector(".notion-app-inner")?.classList.contains("notion-light-theme")).toBe(true);
    for (const doc of [await page(`/${compact(PAGE)}?theme=dark`), await page(`/${compact(PAGE)}`, { cookie: "a=b; theme=dark" })]) {
      expect(doc.querySelector(".notion-app-inner")?.classList.contains("notion-dark-theme")).toBe(true);
      expect(doc.body.classList.contains("dark")).toBe(true);
    }
    const css = light.querySelector("style")?.textContent ?? "";
    expect(css).toMatch(/\.notion-dark-theme \{[^}]*--bg: #191919;[^}]*--fg: rgba\(255, 255, 255, 0\.81\)/);
  });

  it("escapes rich text, titles and links", async () => {
    const doc = await page(`/${compact(PAGE)}`);
    // The only script elements are the app's own.
    expect([...doc.querySelectorAll("script")].map((s) => s.getAttribute("src") ?? s.getAttribute("type"))).toEqual([
      "application/json",
      "/__fake/app.js",
    ]);
    expect(doc.querySelector("main img")).toBeNull();
    expect(doc.querySelector(`[data-block-id="${bid(15)}"]`)?.textContent).toBe("<script>alert('pwned')</script><img src=x onerror=alert(1)>");
    // javascript: links are dropped, the text stays.
    expect(doc.querySelector(`[data-block-id="${bid(16)}"] a`)).toBeNull();
    expect(doc.querySelector(`[data-block-id="${bid(16)}"]`)?.textContent).toBe("click me");

    const evil = await page(`/${compact(EVIL)}`);
    expect(evil.title).toBe("<img src=x onerror=alert(1)>Evil");
    expect(evil.querySelector(".notion-page-block h1")?.textContent).toBe("<img src=x onerror=alert(1)>Evil");
    expect(evil.querySelectorAll("img").length).toBe(0);
    // The embedded state JSON cannot close its script element.
    const raw = await (await fetch(`${server.url}/${compact(EVIL)}`)).text();
    const json = raw.match(/<script type="application\/json"[^>]*>([^<]*)<\/script>/)?.[1] ?? "";
    const state = JSON.parse(json) as { topbar: string };
    expect(state.topbar).toContain("&lt;img src=x onerror=alert(1)&gt;Evil");
  });
});

describe("FakeNotionApp endpoints", () => {
  it("serves screens as JSON for in-app navigation", async () => {
    const response = await fetch(`${server.url}/__fake/content?path=${encodeURIComponent(`/${compact(DB)}?v=x&p=${compact(ROW1)}&pm=s`)}`);
    expect(response.status).toBe(200);
    const screen = (await response.json()) as Record<string, unknown>;
    expect(screen).toMatchObject({ documentTitle: "Tasks", objectId: DB, peekId: ROW1, version: view.version() });
    expect(parse(String(screen.topbar)).querySelector(".notion-topbar .notion-topbar-share-menu")).not.toBeNull();
    expect(parse(String(screen.frame)).querySelectorAll("tr.notion-collection-item").length).toBe(2);
    expect(parse(String(screen.overlay)).querySelector(".notion-peek-renderer h1")?.textContent).toBe("Write intro");
    expect((await fetch(`${server.url}/__fake/content?path=nope`)).status).toBe(400);
    expect((await fetch(`${server.url}/__fake/unknown`)).status).toBe(404);
    expect((await fetch(`${server.url}/${compact(PAGE)}`, { method: "POST" })).status).toBe(405);
  });

  it("serves the bundled client script", async () => {
    const response = await fetch(`${server.url}/__fake/app.js`);
    expect(response.headers.get("content-type")).toContain("javascript");
    const js = await response.text();
    expect(js).toContain("EventSource");
    expect(js).toContain("pushState");
    expect(js).not.toMatch(/^\s*import /m);
  });

  it("sends one coalesced SSE event after a burst of writes, and close() ends the stream", async () => {
    const stream = await openEvents(`${server.url}/__fake/events`);
    expect(await stream.next()).toEqual({ event: "hello", data: { version: view.version() } });
    expect(view.listenerCount).toBe(1);
    for (let i = 0; i < 5; i++) view.write(() => undefined);
    expect(await stream.next()).toEqual({ event: "change", data: { version: view.version() } });
    // The burst became a single event.
    await new Promise((r) => setTimeout(r, 200));
    expect(stream.received()).toBe(2);
    stream.close();
    await vi.waitFor(() => expect(view.listenerCount).toBe(0));
  });

  it("close() ends open event streams", async () => {
    const other = new FakeNotionApp(view, { debounceMs: 10 });
    const listening = await listenHttp(other.handle);
    const stream = await openEvents(`${listening.url}/__fake/events`);
    await stream.next();
    other.close();
    await stream.ended;
    expect((await fetch(`${listening.url}/__fake/events`)).status).toBe(503);
    await listening.close();
  });
});

describe("client/morph", () => {
  it("keeps unchanged blocks, replaces changed ones, drops stale ones and leaves foreign nodes", () => {
    const doc = parse(
      `<div id="root" data-fake-morph><div data-block-id="a">A</div><span id="ext">extension</span><div data-block-id="b">B</div><div data-block-id="c">C</div></div>`,
    );
    const root = doc.getElementById("root") as unknown as Element;
    const [a, , , c] = [...root.children];
    const next = parse(`<div id="root" data-fake-morph><div data-block-id="c">C2</div><div data-block-id="a">A</div><div data-block-id="d">D</div></div>`);
    const result = morph(root, next.getElementById("root") as unknown as Element);
    expect(result).toBe(root);
    expect(root.children[0]?.textContent).toBe("C2");
    expect(root.children[0]).not.toBe(c);
    expect([...root.children].find((el) => el.getAttribute("data-block-id") === "a")).toBe(a);
    expect(root.querySelector('[data-block-id="b"]')).toBeNull();
    expect(root.querySelector("#ext")?.textContent).toBe("extension");
    expect([...root.children].filter((el) => el.hasAttribute("data-block-id")).map((el) => el.textContent)).toEqual(["C2", "A", "D"]);
  });
});

// ---------------------------------------------------------------------------
// Real browser: SPA navigation, top bar re-render, peek, live refresh, dark theme.

const CHROMIUM = "/usr/lib/chromium/chromium";

describe("FakeNotionApp in Chromium", () => {
  it.skipIf(!existsSync(CHROMIUM))(
    "navigates with pushState, re-renders the top bar, opens peek and refreshes live",
    async () => {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
      try {
        const tab = await browser.newPage();
        await tab.goto(`${server.url}/`);
        await tab.evaluate(() => Object.assign(window, { __sameDocument: true }));
        const homeTopbar = await tab.$(".notion-topbar");
        const homeFrame = await tab.$("main.notion-frame");

        // Home → page through the home link: same document, new URL, new frame, new top bar.
        await tab.click(`.notion-home a[data-object-id="${PAGE}"]`);
        await tab.waitForSelector(`.notion-page-block[data-block-id="${PAGE}"]`);
        expect(new URL(tab.url()).pathname).toBe(`/Project-Plan-${compact(PAGE)}`);
        expect(await tab.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
        expect(await homeTopbar?.evaluate((el) => el.isConnected)).toBe(false);
        expect(await homeFrame?.evaluate((el) => el.isConnected)).toBe(false);
        expect(await tab.textContent(".notion-topbar .notion-topbar-share-menu")).toBe("Share");
        expect(await tab.title()).toBe("Project Plan");

        // Page → database via the sidebar; clicking a row (not its title) opens the side peek.
        const pageTopbar = await tab.$(".notion-topbar");
        await tab.click(`.notion-sidebar a[data-object-id="${DB}"]`);
        await tab.waitForSelector("tr.notion-collection-item");
        expect(await pageTopbar?.evaluate((el) => el.isConnected)).toBe(false);
        const table = await tab.$(".notion-table-view");
        await tab.click(`tr[data-block-id="${ROW1}"] [data-property-name="Status"]`);
        await tab.waitForSelector(".notion-peek-renderer h1");
        expect(await tab.textContent(".notion-peek-renderer h1")).toBe("Write intro");
        const url = new URL(tab.url());
        expect([url.searchParams.get("p"), url.searchParams.get("pm")]).toEqual([compact(ROW1), "s"]);
        expect(await table?.evaluate((el) => el.isConnected)).toBe(true); // the database behind the peek stays

        await tab.click(".notion-peek-close");
        await tab.waitForSelector(".notion-peek-renderer", { state: "detached" });
        expect(new URL(tab.url()).searchParams.has("p")).toBe(false);

        // Back: peek again, then the page.
        await tab.goBack();
        await tab.waitForSelector(".notion-peek-renderer h1");
        await tab.goBack();
        await tab.goBack();
        await tab.waitForSelector(`.notion-page-block[data-block-id="${PAGE}"]`);
        expect(await tab.title()).toBe("Project Plan");

        // Live refresh: a new block appears without reload; existing blocks and foreign UI survive.
        const firstBlock = await tab.$(`[data-block-id="${bid(1)}"]`);
        await tab.evaluate(() => {
          const mark = document.createElement("div");
          mark.id = "extension-button";
          document.querySelector(".notion-topbar-action-buttons")?.prepend(mark);
        });
        view.write(() => view.objects.get(compact(PAGE))?.blocks?.push(block(bid(99), "paragraph", { rich_text: [text("Fresh from the AI")] })));
        await tab.waitForSelector(`[data-block-id="${bid(99)}"]`, { timeout: 5_000 });
        expect(await tab.textContent(`[data-block-id="${bid(99)}"]`)).toBe("Fresh from the AI");
        expect(await firstBlock?.evaluate((el) => el.isConnected)).toBe(true);
        expect(await tab.$("#extension-button")).not.toBeNull();
        expect(await tab.evaluate(() => document.documentElement.dataset.fakeVersion)).toBe(String(view.version()));

        // Dark theme from a cookie really looks dark.
        const context = await browser.newContext();
        await context.addCookies([{ name: "theme", value: "dark", url: server.url }]);
        const dark = await context.newPage();
        await dark.goto(`${server.url}/${compact(PAGE)}`);
        const colours = await dark.evaluate(() => {
          const style = getComputedStyle(document.querySelector(".notion-frame") as Element);
          return [style.backgroundColor, getComputedStyle(document.querySelector(".notion-page-block h1") as Element).color];
        });
        expect(colours).toEqual(["rgb(25, 25, 25)", "rgba(255, 255, 255, 0.81)"]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});

// ---------------------------------------------------------------------------

interface SseEvent {
  event: string;
  data: unknown;
}

/** A minimal SSE reader over node:http (fetch buffers nothing but has no easy per-event API). */
async function openEvents(url: string) {
  const queue: SseEvent[] = [];
  const waiters: ((e: SseEvent) => void)[] = [];
  let count = 0;
  let buffer = "";
  let endResolve: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (endResolve = resolve));
  const request = get(url);
  await new Promise<void>((resolve, reject) => {
    request.on("error", reject);
    request.on("response", (res) => {
      expect(res.headers["content-type"]).toContain("text/event-stream");
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          const raw = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: (.*)$/m.exec(raw)?.[1];
          const data = /^data: (.*)$/m.exec(raw)?.[1];
          if (!event) continue;
          count += 1;
          const parsed = { event, data: data ? JSON.parse(data) : null };
          const waiter = waiters.shift();
          if (waiter) waiter(parsed);
          else queue.push(parsed);
        }
      });
      res.on("end", () => endResolve());
      res.on("close", () => endResolve());
      resolve();
    });
  });
  return {
    ended,
    received: () => count,
    next: () =>
      new Promise<SseEvent>((resolve, reject) => {
        const queued = queue.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(() => reject(new Error("no SSE event within 2s")), 2_000);
        waiters.push((e) => {
          clearTimeout(timer);
          resolve(e);
        });
      }),
    close: () => request.destroy(),
  };
}
