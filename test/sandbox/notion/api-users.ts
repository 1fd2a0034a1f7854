/** GET /v1/users/me, /v1/users/:id, /v1/users: the integrations' bot users and the workspace's one person. */
import { paginate, pathId, type ApiContext, type EndpointHandler } from "./api-context";
import { notFound } from "./errors";
import type { Integration, Json } from "./store";

export function botUserJson(ctx: Pick<ApiContext, "store">, integration: Integration, workspaceId: string): Json {
  return {
    object: "user",
    id: integration.id,
    name: integration.name,
    avatar_url: null,
    type: "bot",
    bot: {
      owner: { type: "workspace", workspace: true },
      workspace_id: workspaceId,
      workspace_limits: { max_file_upload_size_in_bytes: 5_242_880 },
      workspace_name: integration.workspaceName,
    },
  };
}

export function usersEndpoints(workspaceId: string): { me: EndpointHandler; user: EndpointHandler; list: EndpointHandler } {
  const person = (ctx: ApiContext): Json => ({
    object: "user",
    id: ctx.store.owner.id,
    name: ctx.store.owner.name,
    avatar_url: null,
    type: "person",
    person: { email: ctx.store.owner.email },
  });
  const all = (ctx: ApiContext): Json[] => [person(ctx), ...[...ctx.store.integrations.values()].map((i) => botUserJson(ctx, i, workspaceId))];
  return {
    me: (ctx) => botUserJson(ctx, ctx.integration, workspaceId),
    user: (ctx, req) => {
      const id = pathId(req, "user_id");
      const found = all(ctx).find((u) => u.id === id);
      if (!found) throw notFound("user", id);
      return found;
    },
    list: (ctx, req) => {
      const users = all(ctx);
      const { page, next } = paginate(
        users.map((u) => u.id as string),
        req.query.get("start_cursor") ?? undefined,
        req.query.get("page_size") ?? undefined,
        "query.page_size",
      );
      return ctx.ser.list(
        page.map((id) => users.find((u) => u.id === id)!),
        next,
        "user",
      );
    },
  };
}
