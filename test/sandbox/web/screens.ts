/**
 * The app's screens as HTML fragments: top bar, sidebar, main frame and peek. The
 * server renders them both into the first page load (page-shell.ts) and as JSON for
 * in-app navigation and live refresh (/__fake/content), so both paths produce the
 * same DOM.
 */
import type { WorkspaceView } from "../notion/workspace-view";
import { databaseToHtml } from "./database";
import { attrs, esc } from "./html";
import { ICONS, objectIcon } from "./icons";
import { blocksToHtml, type LinkResolver } from "./render";
import { compactId, databaseHref, pageHref, type Route } from "./routes";

export interface Screen {
  /** document.title, as Notion sets it: the open object's title. */
  documentTitle: string;
  /** Dashed id of the object in the main frame, when there is one and it exists. */
  objectId: string | null;
  /** Dashed id of the page open in peek, when there is one. */
  peekId: string | null;
  topbar: string;
  sidebar: string;
  frame: string;
  /** The inside of `.notion-overlay-container`: the peek renderer, or "" when closed. */
  overlay: string;
  version: number;
}

export interface ScreenOptions {
  workspaceName: string;
  /** Ids listed on the home screen and in the sidebar. */
  homeIds(): string[];
}

type Found = { object: "page" | "database"; id: string };

export function renderScreen(view: WorkspaceView, route: Route, options: ScreenOptions): Screen {
  const links = linkResolver(view);
  const main = route.kind === "object" ? find(view, route.id) : undefined;
  const title = main ? titleOf(view, main.id) : "";
  const peek = route.peekId ? renderPeek(view, links, route.peekId, route.peekMode ?? "s") : { html: "", id: null };
  return {
    documentTitle: main ? title || "Untitled" : "Notion",
    objectId: main?.id ?? null,
    peekId: peek.id,
    topbar: renderTopbar(main, title, links),
    sidebar: renderSidebar(view, options, links, main?.id, route.kind === "home"),
    frame: route.kind === "home" ? renderHome(view, options, links) : main ? renderFrame(view, main, links) : renderNotFound(),
    overlay: peek.html,
    version: view.version(),
  };
}

export function linkResolver(view: WorkspaceView): LinkResolver {
  return {
    hrefFor(id) {
      const found = find(view, id);
      if (!found) return undefined;
      return found.object === "database" ? databaseHref(found.id) : pageHref(found.id, titleOf(view, found.id));
    },
    titleOf: (id) => titleOf(view, id),
  };
}

/** getObject, treating an emulator error like an absent object (the view may be mid-write). */
function find(view: WorkspaceView, id: string): Found | undefined {
  try {
    return view.getObject(id);
  } catch {
    return undefined;
  }
}

function titleOf(view: WorkspaceView, id: string): string {
  try {
    return view.titleOf(id);
  } catch {
    return "";
  }
}

function renderTopbar(main: Found | undefined, title: string, links: LinkResolver): string {
  const crumb = main
    ? `<a class="notion-topbar-breadcrumb-item" href="${esc(links.hrefFor(main.id) ?? "/")}">${objectIcon(main.object)} ${esc(title || "Untitled")}</a>`
    : `<a class="notion-topbar-breadcrumb-item" href="/">Home</a>`;
  const button = (cls: string, label: string, text: string): string =>
    `<div role="button" tabindex="0" class="${cls}" aria-label="${esc(label)}">${text}</div>`;
  return (
    `<div class="notion-topbar"${attrs({ "data-object-id": main?.id })}>` +
    `<div class="notion-topbar-breadcrumb shadow-cursor-breadcrumb notranslate">${crumb}</div>` +
    `<div class="notion-topbar-action-buttons">` +
    `<div class="notion-topbar-edited">Edited just now</div>` +
    button("notion-topbar-share-menu", "Share", "Share") +
    button("notion-topbar-comments-button", "Comments", ICONS.comments) +
    button("notion-topbar-favorite-button", "Favorite", ICONS.star) +
    button("notion-topbar-more-button", "More actions", "•••") +
    `</div></div>`
  );
}

function renderSidebar(view: WorkspaceView, options: ScreenOptions, links: LinkResolver, currentId: string | undefined, atHome: boolean): string {
  const items = homeObjects(view, options)
    .map((o) => {
      const current = currentId !== undefined && compactId(o.id) === compactId(currentId);
      return `<a${attrs({ class: "notion-sidebar-item", href: links.hrefFor(o.id), "data-object-id": o.id, "aria-current": current ? "page" : undefined })}>${objectIcon(o.object)} ${esc(titleOf(view, o.id) || "Untitled")}</a>`;
    })
    .join("");
  return (
    `<div class="notion-sidebar">` +
    `<div class="notion-sidebar-switcher">${esc(options.workspaceName)}</div>` +
    `<a class="notion-sidebar-item" href="/"${atHome ? ' aria-current="page"' : ""}>${ICONS.home} Home</a>` +
    `<div class="notion-sidebar-section">Private</div>${items}` +
    `</div>`
  );
}

/** The listed objects that exist, each once whichever way its id was written. */
function homeObjects(view: WorkspaceView, options: ScreenOptions): Found[] {
  const seen = new Set<string>();
  const found: Found[] = [];
  for (const id of options.homeIds()) {
    const object = find(view, id);
    if (!object || seen.has(compactId(object.id))) continue;
    seen.add(compactId(object.id));
    found.push(object);
  }
  return found;
}

/** A scroller with a centred column, the shape shared by every frame and the peek. */
function scroller(column: string, wide = false): string {
  return (
    `<div class="notion-scroller vertical" data-key="scroller" data-fake-morph>` +
    `<div class="layout-content notion-page-column${wide ? " notion-full-width" : ""}" data-key="column" data-fake-morph>${column}</div>` +
    `</div>`
  );
}

/** Title and content of a page, or the table of a database, for the frame or the peek. */
function objectBody(view: WorkspaceView, found: Found, links: LinkResolver): string {
  try {
    if (found.object === "database") {
      return databaseToHtml(found.id, titleOf(view, found.id), view.rows(found.id), links, databaseHref(found.id));
    }
    return (
      `<div class="notion-page-controls" data-key="controls"></div>` +
      `<div class="notion-selectable notion-page-block" data-block-id="${esc(found.id)}">` +
      `<h1 class="notranslate" placeholder="Untitled" data-content-editable-leaf="true" contenteditable="false">${esc(titleOf(view, found.id))}</h1></div>` +
      `<div class="notion-page-content" data-key="content" data-fake-morph>${blocksToHtml(view.blockTree(found.id), links)}</div>`
    );
  } catch (error) {
    // The emulator threw (e.g. mid-write); show it rather than failing the whole page.
    return `<div class="notion-fake-error" data-key="error">Could not render this object: ${esc(error instanceof Error ? error.message : error)}</div>`;
  }
}

function renderFrame(view: WorkspaceView, found: Found, links: LinkResolver): string {
  return (
    `<main class="notion-frame"${attrs({ "data-object-id": found.id, "data-object-kind": found.object, "data-fake-morph": true })}>` +
    scroller(objectBody(view, found, links), found.object === "database") +
    `</main>`
  );
}

function renderHome(view: WorkspaceView, options: ScreenOptions, links: LinkResolver): string {
  const items = homeObjects(view, options)
    .map(
      (o) =>
        `<li data-key="${esc(o.id)}"><a class="notion-home-link" href="${esc(links.hrefFor(o.id) ?? "/")}" data-object-id="${esc(o.id)}">` +
        `${objectIcon(o.object)} ${esc(titleOf(view, o.id) || "Untitled")}</a></li>`,
    )
    .join("");
  return (
    `<main class="notion-frame" data-object-kind="home" data-fake-morph>` +
    scroller(
      `<div class="notion-home" data-key="home"><h2 class="notion-home-heading">${esc(options.workspaceName)}</h2>` +
        `<div class="notion-home-section">Recently visited</div>` +
        `<ul class="notion-home-list">${items || "<li>No pages yet</li>"}</ul></div>`,
    ) +
    `</main>`
  );
}

function renderNotFound(): string {
  return (
    `<main class="notion-frame" data-object-kind="not-found" data-fake-morph>` +
    scroller(
      `<div class="notion-page-not-found" data-key="not-found" role="alert"><div class="notion-page-not-found-icon">${ICONS.search}</div>` +
        `<div class="notion-page-not-found-title">This content does not exist</div>` +
        `<div class="notion-page-not-found-text">The page may have been deleted, or the link is wrong.</div>` +
        `<a class="notion-home-link" href="/">Back to my content</a></div>`,
    ) +
    `</main>`
  );
}

function renderPeek(view: WorkspaceView, links: LinkResolver, peekId: string, mode: string): { html: string; id: string | null } {
  const found = find(view, peekId);
  const body = found ? objectBody(view, found, links) : `<div class="notion-page-not-found" data-key="not-found" role="alert"><div class="notion-page-not-found-title">This content does not exist</div></div>`;
  const peekMode = mode === "c" ? "c" : "s";
  const html =
    `<div class="notion-peek-renderer"${attrs({ "data-peek-id": compactId(peekId), "data-peek-mode": peekMode, "data-object-id": found?.id, "data-fake-morph": true })}>` +
    `<div class="notion-peek-topbar" data-key="peek-topbar">` +
    `<div role="button" tabindex="0" class="notion-peek-close" aria-label="Close">»</div>` +
    (found ? `<a class="notion-peek-open-full" href="${esc(links.hrefFor(found.id) ?? "/")}">⤢ Open as page</a>` : "") +
    `</div>` +
    scroller(body) +
    `</div>`;
  return { html, id: found?.id ?? null };
}
