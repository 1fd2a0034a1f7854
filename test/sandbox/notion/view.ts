/** The WorkspaceView the fake Notion web app renders, read straight from the store (sharing ignored, trash hidden). */
import { normalizeId } from "./ids";
import { Serializer, titleOf } from "./serialize";
import type { PageRec, Rec, Store } from "./store";
import type { ViewBlock, ViewRow, WorkspaceView } from "./workspace-view";

export function createView(store: Store): WorkspaceView {
  const ser = new Serializer(store, "2026-03-11");
  const live = (id: string): Rec | undefined => {
    const normal = normalizeId(id);
    const rec = normal === undefined ? undefined : store.get(normal);
    return rec && !store.isTrashed(rec.id) ? rec : undefined;
  };
  const tree = (id: string): ViewBlock[] =>
    store.liveChildren(id).map((childId) => {
      const rec = store.get(childId)!;
      if (rec.kind === "page") return { id: rec.id, type: "child_page", child_page: { title: titleOf(store, rec.id) } };
      if (rec.kind === "database") return { id: rec.id, type: "child_database", child_database: { title: titleOf(store, rec.id) } };
      if (rec.kind !== "block") return { id: rec.id, type: "unsupported", unsupported: {} };
      const block: ViewBlock = { id: rec.id, type: rec.type, [rec.type]: rec.data };
      const children = tree(rec.id);
      if (children.length > 0) block.children = children;
      return block;
    });
  return {
    getObject(id) {
      const rec = live(id);
      return rec && (rec.kind === "page" || rec.kind === "database") ? { object: rec.kind, id: rec.id } : undefined;
    },
    titleOf(id) {
      const normal = normalizeId(id);
      return normal === undefined ? "" : titleOf(store, normal);
    },
    blockTree(pageId) {
      const rec = live(pageId);
      return rec ? tree(rec.id) : [];
    },
    rows(databaseId) {
      const db = live(databaseId);
      if (db?.kind !== "database") return [];
      const ids: string[] = [];
      for (const dsId of db.dataSources) {
        const ds = store.get(dsId);
        if (ds?.kind === "data_source") ids.push(...ds.rows.filter((rowId) => !store.isTrashed(rowId)));
      }
      // Several data sources: interleave by creation (the store map keeps insertion order).
      const wanted = new Set(ids);
      const ordered = db.dataSources.length > 1 ? [...store.objects.keys()].filter((id) => wanted.has(id)) : ids;
      return ordered.map((rowId) => ser.page(store.get(rowId) as PageRec) as unknown as ViewRow);
    },
    version: () => store.version(),
    onChange: (listener) => store.onChange(listener),
  };
}
