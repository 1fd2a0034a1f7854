/**
 * Small inline SVG icons. Notion uses emoji and its own icon font; emoji need an
 * emoji font, which headless CI machines often lack (they would render as boxes in
 * screenshots), so the app chrome draws simple SVGs instead.
 */
const svg = (body: string): string =>
  `<svg class="notion-fake-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.3">${body}</svg>`;

export const ICONS = {
  page: svg(`<path d="M4 1.5h5.5L13 5v9.5H4z"/><path d="M9.5 1.5V5H13"/>`),
  database: svg(`<rect x="2" y="2.5" width="12" height="11" rx="1"/><path d="M2 6h12M2 9.5h12M6.5 6v7.5"/>`),
  home: svg(`<path d="M2.5 7.5 8 2.5l5.5 5M4 6.5v7h8v-7"/>`),
  comments: svg(`<path d="M2.5 3h11v8h-6l-3 2.5V11h-2z"/>`),
  star: svg(`<path d="m8 2 1.8 3.8 4.2.5-3.1 2.9.8 4.1L8 11.3l-3.7 2 .8-4.1L2 6.3l4.2-.5z"/>`),
  image: svg(`<rect x="2" y="3" width="12" height="10" rx="1"/><circle cx="6" cy="6.5" r="1.2"/><path d="m2.5 12 4-4 3 3 2-2 2.5 2.5"/>`),
  search: svg(`<circle cx="7" cy="7" r="4.5"/><path d="m10.5 10.5 3.5 3.5"/>`),
};

export function objectIcon(kind: "page" | "database"): string {
  return kind === "database" ? ICONS.database : ICONS.page;
}
