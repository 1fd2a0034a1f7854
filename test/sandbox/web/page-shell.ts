/**
 * The HTML document of the fake app. Its skeleton mirrors Notion's:
 *
 *   body.notion-body[.dark]
 *     #notion-app > .notion-app-inner.notion-(light|dark)-theme
 *       .notion-cursor-listener
 *         nav.notion-sidebar-container > .notion-sidebar
 *         .notion-main > header.notion-topbar-container > .notion-topbar
 *                      > main.notion-frame
 *       .notion-overlay-container > .notion-peek-renderer (when a page is in peek)
 *
 * The first load is fully server-rendered (so a content script at document_idle sees
 * a complete page); client/app.ts then takes over navigation and live refresh.
 */
import { esc } from "./html";
import type { Screen } from "./screens";
import { STYLES } from "./styles";

export type Theme = "light" | "dark";

/** `?theme=dark` wins, then a `theme=dark` cookie; light otherwise (Notion's default). */
export function pickTheme(url: URL, cookieHeader: string | undefined): Theme {
  const query = url.searchParams.get("theme");
  if (query === "dark" || query === "light") return query;
  const cookie = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === "theme");
  return cookie?.[1] === "dark" ? "dark" : "light";
}

/** JSON inside a <script> element: `<` is escaped so content cannot close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function renderShell(screen: Screen, theme: Theme, scriptPath: string): string {
  // What the client needs to tell later server renders apart from this one.
  const state = { version: screen.version, topbar: screen.topbar, sidebar: screen.sidebar, objectId: screen.objectId };
  return `<!doctype html>
<html lang="en" data-fake-version="${screen.version}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(screen.documentTitle)}</title>
<style>${STYLES}</style>
</head>
<body class="notion-body${theme === "dark" ? " dark" : ""}">
<div id="notion-app">
<div class="notion-app-inner notion-${theme}-theme">
<div class="notion-cursor-listener">
<nav class="notion-sidebar-container">${screen.sidebar}</nav>
<div class="notion-main">
<header class="notion-topbar-container">${screen.topbar}</header>
${screen.frame}
</div>
</div>
<div class="notion-overlay-container notion-default-overlay-container">${screen.overlay}</div>
</div>
</div>
<script type="application/json" id="fake-notion-state">${scriptJson(state)}</script>
<script src="${esc(scriptPath)}"></script>
</body>
</html>
`;
}
