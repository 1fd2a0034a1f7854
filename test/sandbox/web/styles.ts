/**
 * The app's stylesheet, inlined in the shell (the sandbox page loads nothing from
 * the network). Colours and typography follow Notion's so that screenshots and a
 * person watching the demo see something Notion-like, and so the extension's UI is
 * checked against realistic light and dark backgrounds.
 */
export const FONT_STACK =
  'ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI Variable Display", "Segoe UI", Helvetica, "Apple Color Emoji", Arial, sans-serif, "Segoe UI Emoji", "Segoe UI Symbol"';

/** Notion's light and dark palettes, as custom properties on the theme class. */
const THEMES = `
.notion-light-theme {
  --bg: #ffffff; --fg: rgb(55, 53, 47); --fg-muted: rgba(55, 53, 47, 0.65); --fg-faint: rgba(55, 53, 47, 0.35);
  --sidebar-bg: #f7f7f5; --border: rgba(55, 53, 47, 0.09); --hover: rgba(55, 53, 47, 0.06);
  --code-bg: rgb(247, 246, 243); --inline-code: #eb5757; --link: rgb(55, 53, 47); --accent: #2383e2;
  --peek-shadow: rgba(15, 15, 15, 0.1) 0 0 0 1px, rgba(15, 15, 15, 0.2) 0 3px 6px, rgba(15, 15, 15, 0.4) 0 9px 24px;
  color-scheme: light;
}
.notion-dark-theme {
  --bg: #191919; --fg: rgba(255, 255, 255, 0.81); --fg-muted: rgba(255, 255, 255, 0.46); --fg-faint: rgba(255, 255, 255, 0.28);
  --sidebar-bg: #202020; --border: rgba(255, 255, 255, 0.094); --hover: rgba(255, 255, 255, 0.055);
  --code-bg: rgba(255, 255, 255, 0.03); --inline-code: #ff7369; --link: rgba(255, 255, 255, 0.81); --accent: #2383e2;
  --peek-shadow: rgba(15, 15, 15, 0.2) 0 0 0 1px, rgba(15, 15, 15, 0.4) 0 3px 6px, rgba(15, 15, 15, 0.8) 0 9px 24px;
  color-scheme: dark;
}
body.notion-body { background: #ffffff; }
body.notion-body.dark { background: #191919; }
`;

const LAYOUT = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: ${FONT_STACK}; font-size: 16px; line-height: 1.5; -webkit-font-smoothing: auto; }
#notion-app, .notion-app-inner { height: 100%; }
.notion-app-inner { background: var(--bg); color: var(--fg); font-family: ${FONT_STACK}; }
.notion-cursor-listener { display: flex; height: 100%; }
.notion-sidebar-container { width: 240px; flex: none; background: var(--sidebar-bg); border-right: 1px solid var(--border); overflow: auto; }
.notion-sidebar { padding: 8px 4px; font-size: 14px; color: var(--fg-muted); }
.notion-sidebar-switcher { padding: 6px 10px 12px; font-weight: 600; color: var(--fg); }
.notion-sidebar-section { padding: 14px 10px 4px; font-size: 12px; font-weight: 500; }
.notion-sidebar-item { display: block; padding: 3px 10px; border-radius: 6px; color: inherit; text-decoration: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.notion-sidebar-item:hover, .notion-sidebar-item[aria-current] { background: var(--hover); color: var(--fg); }
.notion-main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
header.notion-topbar-container { flex: none; }
.notion-topbar { height: 45px; display: flex; align-items: center; justify-content: space-between; padding: 0 12px; font-size: 14px; }
.notion-topbar-breadcrumb a { color: var(--fg); text-decoration: none; padding: 2px 6px; border-radius: 4px; }
.notion-topbar-action-buttons { display: flex; align-items: center; gap: 2px; }
.notion-topbar-action-buttons > [role="button"] { cursor: pointer; padding: 2px 8px; border-radius: 4px; user-select: none; }
.notion-topbar-action-buttons > [role="button"]:hover { background: var(--hover); }
.notion-topbar-edited { color: var(--fg-muted); padding-right: 8px; }
.notion-frame { flex: 1; min-height: 0; display: flex; flex-direction: column; background: var(--bg); }
.notion-scroller { flex: 1; overflow: auto; }
.notion-page-column { max-width: 708px; margin: 0 auto; padding: 0 24px 30vh; }
.notion-page-column.notion-full-width { max-width: none; padding: 0 96px 30vh; }
.notion-page-controls { height: 80px; }
.notion-page-block h1, .notion-collection-title { font-size: 40px; line-height: 1.2; font-weight: 700; margin: 0 0 12px; }
.notion-page-block h1:empty::before, .notion-collection-title:empty::before { content: attr(placeholder); color: var(--fg-faint); }
`;

const BLOCKS = `
.notion-page-content { padding-top: 4px; }
.notion-page-content .notion-selectable { margin: 1px 0; }
.notion-block-text { min-height: 1.5em; padding: 3px 2px; white-space: pre-wrap; word-break: break-word; }
.notion-heading { margin: 0; font-weight: 600; line-height: 1.3; }
h2.notion-heading { font-size: 1.875em; margin-top: 1.1em; }
h3.notion-heading { font-size: 1.5em; margin-top: 1em; }
h4.notion-heading { font-size: 1.25em; margin-top: 0.8em; }
h5.notion-heading { font-size: 1.1em; margin-top: 0.6em; }
.notion-block-children { padding-left: 1.5em; }
.notion-list-item { display: flex; align-items: flex-start; }
.notion-list-marker { width: 1.5em; flex: none; text-align: center; padding: 3px 0; }
.notion-to-do-box { width: 16px; height: 16px; margin: 6px 6px 0 2px; flex: none; border: 1.5px solid var(--fg); font-size: 12px; line-height: 13px; text-align: center; }
.notion-to-do-box[aria-checked="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.notion-to_do-block[data-checked="true"] > .notion-list-item > .notion-block-text { text-decoration: line-through; color: var(--fg-muted); }
.notion-quote-block blockquote { margin: 4px 0; padding-left: 14px; border-left: 3px solid currentColor; font-size: 1.2em; }
.notion-callout-block { display: flex; gap: 8px; padding: 16px 16px 16px 12px; border-radius: 4px; background: var(--hover); }
.notion-code-block { background: var(--code-bg); border-radius: 4px; padding: 8px 16px 16px; margin: 4px 0; }
.notion-code-language { font-size: 12px; color: var(--fg-muted); }
.notion-code-block pre { margin: 8px 0 0; white-space: pre-wrap; font-size: 85%; tab-size: 2; }
code, .notion-code-block pre { font-family: "SFMono-Regular", Menlo, Consolas, "PT Mono", "Liberation Mono", Courier, monospace; }
.notion-inline-code { background: var(--hover); color: var(--inline-code); border-radius: 4px; padding: 0.2em 0.4em; font-size: 85%; }
.notion-equation, .notion-text-equation-token { font-family: "Times New Roman", serif; font-style: italic; }
.notion-equation { text-align: center; padding: 8px; }
.notion-divider-block hr { border: none; border-top: 1px solid var(--border); margin: 8px 0; }
.notion-simple-table { border-collapse: collapse; margin: 4px 0; }
.notion-simple-table td, .notion-simple-table th { border: 1px solid var(--border); padding: 7px 9px; text-align: left; vertical-align: top; min-width: 80px; }
.notion-simple-table th { background: var(--code-bg); font-weight: 600; }
.notion-image-block figure { margin: 4px 0; }
.notion-image-block img { max-width: 100%; }
.notion-image-placeholder { padding: 24px; border-radius: 4px; background: var(--hover); color: var(--fg-muted); font-size: 14px; word-break: break-all; }
.notion-image-block figcaption { font-size: 14px; color: var(--fg-muted); padding-top: 6px; }
.notion-toggle-block summary { cursor: pointer; }
.notion-toggle-block summary > .notion-block-text { display: inline; }
.notion-page-link { display: inline-block; color: var(--fg); font-weight: 500; text-decoration: underline; text-decoration-color: var(--fg-faint); padding: 3px 2px; }
.notion-columns { display: flex; gap: 24px; }
.notion-columns > .notion-column-block { flex: 1; min-width: 0; }
.notion-unsupported { color: var(--fg-muted); font-style: italic; }
a.notion-link { color: var(--link); text-decoration: underline; text-decoration-color: var(--fg-faint); }
.notion-fake-error { color: #eb5757; padding: 16px 0; }
.notion-fake-icon { vertical-align: -3px; flex: none; }
.notion-page-not-found-icon .notion-fake-icon { width: 48px; height: 48px; color: var(--fg-faint); }
`;

/** Notion's annotation colours (text and background variants). */
const COLORS = `
.notion-color-gray { color: rgb(120, 119, 116); } .notion-color-brown { color: rgb(159, 107, 83); }
.notion-color-orange { color: rgb(217, 115, 13); } .notion-color-yellow { color: rgb(203, 145, 47); }
.notion-color-green { color: rgb(68, 131, 97); } .notion-color-blue { color: rgb(51, 126, 169); }
.notion-color-purple { color: rgb(144, 101, 176); } .notion-color-pink { color: rgb(193, 76, 138); }
.notion-color-red { color: rgb(212, 76, 71); }
.notion-color-gray_background { background: rgba(241, 241, 239, 0.9); } .notion-color-brown_background { background: rgba(244, 238, 238, 0.9); }
.notion-color-orange_background { background: rgba(251, 236, 221, 0.9); } .notion-color-yellow_background { background: rgba(251, 243, 219, 0.9); }
.notion-color-green_background { background: rgba(237, 243, 236, 0.9); } .notion-color-blue_background { background: rgba(231, 243, 248, 0.9); }
.notion-color-purple_background { background: rgba(244, 240, 247, 0.9); } .notion-color-pink_background { background: rgba(249, 238, 243, 0.9); }
.notion-color-red_background { background: rgba(253, 235, 236, 0.9); }
.notion-dark-theme [class*="_background"] { color: rgba(255, 255, 255, 0.81); background: rgba(255, 255, 255, 0.08); }
`;

const DATABASE_AND_OVERLAYS = `
.notion-collection-view-tabs { border-bottom: 1px solid var(--border); font-size: 14px; padding: 6px 0; margin-bottom: 4px; }
.notion-collection-view-tab { padding-bottom: 6px; border-bottom: 2px solid var(--fg); }
.notion-table-view { border-collapse: collapse; width: 100%; font-size: 14px; }
.notion-table-view th { text-align: left; font-weight: 400; color: var(--fg-muted); padding: 6px 8px; border-bottom: 1px solid var(--border); }
.notion-table-view td { padding: 6px 8px; border-bottom: 1px solid var(--border); border-right: 1px solid var(--border); vertical-align: top; }
.notion-table-view td:last-child { border-right: none; }
.notion-collection-item { cursor: pointer; }
.notion-collection-item:hover { background: var(--hover); }
.notion-collection-item-title { color: var(--fg); font-weight: 500; text-decoration: none; border-bottom: 1px solid var(--fg-faint); }
.notion-collection-item-open { margin-left: 8px; font-size: 12px; color: var(--fg-muted); border: 1px solid var(--border); border-radius: 4px; padding: 0 6px; text-decoration: none; visibility: hidden; }
.notion-collection-item:hover .notion-collection-item-open { visibility: visible; }
.notion-property-checkbox { width: 16px; height: 16px; border: 1.5px solid var(--fg-muted); border-radius: 3px; font-size: 12px; line-height: 13px; text-align: center; }
.notion-property-checkbox[aria-checked="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.notion-property-tag { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 3px; background: var(--hover); }
.notion-collection-empty { color: var(--fg-muted); padding: 12px 8px; font-size: 14px; }
.notion-home { padding-top: 80px; }
.notion-home-section { font-size: 14px; color: var(--fg-muted); margin-top: 24px; }
.notion-home-list { list-style: none; padding: 0; }
.notion-home-list li { padding: 4px 0; }
.notion-home-link { color: var(--fg); }
.notion-page-not-found { padding-top: 30vh; text-align: center; }
.notion-page-not-found-title { font-size: 20px; font-weight: 600; margin-bottom: 8px; }
.notion-page-not-found-text { color: var(--fg-muted); margin-bottom: 16px; }
.notion-overlay-container { position: fixed; inset: 0; pointer-events: none; z-index: 100; }
.notion-peek-renderer { pointer-events: auto; position: absolute; top: 0; right: 0; bottom: 0; width: min(720px, 55vw); display: flex; flex-direction: column; background: var(--bg); color: var(--fg); box-shadow: var(--peek-shadow); }
.notion-peek-renderer[data-peek-mode="c"] { top: 72px; bottom: 72px; right: 50%; transform: translateX(50%); width: min(960px, 90vw); border-radius: 8px; box-shadow: var(--peek-shadow), 0 0 0 100vmax rgba(15, 15, 15, 0.6); }
.notion-peek-topbar { height: 44px; flex: none; display: flex; align-items: center; gap: 8px; padding: 0 12px; font-size: 14px; }
.notion-peek-topbar [role="button"], .notion-peek-open-full { cursor: pointer; padding: 2px 8px; border-radius: 4px; color: var(--fg-muted); text-decoration: none; }
.notion-peek-renderer .notion-page-column { padding: 0 48px 30vh; }
.notion-peek-renderer .notion-page-controls { height: 24px; }
`;

export const STYLES = THEMES + LAYOUT + BLOCKS + COLORS + DATABASE_AND_OVERLAYS;
