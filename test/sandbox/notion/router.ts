/** Method + path to endpoint handler, with `:name` segments captured as path params. */
import { appendChildren, deleteBlock, listChildren, retrieveBlock, updateBlock } from "./api-blocks";
import type { EndpointHandler } from "./api-context";
import { queryDataSource, retrieveDataSource, updateDataSource } from "./api-data-sources";
import { createDatabase, retrieveDatabase, updateDatabase } from "./api-databases";
import { retrievePageMarkdown } from "./api-markdown";
import { createPage, retrievePage, updatePage } from "./api-pages";
import { search } from "./api-search";
import { usersEndpoints } from "./api-users";

interface Route {
  method: string;
  segments: string[];
  handler: EndpointHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  constructor(workspaceId: string) {
    const users = usersEndpoints(workspaceId);
    this.add("GET", "/v1/users/me", users.me);
    this.add("GET", "/v1/users", users.list);
    this.add("GET", "/v1/users/:user_id", users.user);
    this.add("GET", "/v1/pages/:page_id", retrievePage);
    this.add("GET", "/v1/pages/:page_id/markdown", retrievePageMarkdown);
    this.add("POST", "/v1/pages", createPage);
    this.add("PATCH", "/v1/pages/:page_id", updatePage);
    this.add("GET", "/v1/blocks/:block_id", retrieveBlock);
    this.add("PATCH", "/v1/blocks/:block_id", updateBlock);
    this.add("DELETE", "/v1/blocks/:block_id", deleteBlock);
    this.add("GET", "/v1/blocks/:block_id/children", listChildren);
    this.add("PATCH", "/v1/blocks/:block_id/children", appendChildren);
    this.add("GET", "/v1/databases/:database_id", retrieveDatabase);
    this.add("POST", "/v1/databases", createDatabase);
    this.add("PATCH", "/v1/databases/:database_id", updateDatabase);
    this.add("GET", "/v1/data_sources/:data_source_id", retrieveDataSource);
    this.add("PATCH", "/v1/data_sources/:data_source_id", updateDataSource);
    this.add("POST", "/v1/data_sources/:data_source_id/query", queryDataSource);
    this.add("POST", "/v1/search", search);
  }

  private add(method: string, path: string, handler: EndpointHandler): void {
    this.routes.push({ method, segments: path.split("/").filter(Boolean), handler });
  }

  match(method: string, pathname: string): { handler: EndpointHandler; params: Record<string, string> } | undefined {
    const parts = pathname.split("/").filter(Boolean);
    // Literal segments win over params (/v1/users/me before /v1/users/:user_id): routes are tried in order.
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, i) => {
        if (segment.startsWith(":")) {
          params[segment.slice(1)] = decodeURIComponent(parts[i]!);
          return true;
        }
        return segment === parts[i];
      });
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}
