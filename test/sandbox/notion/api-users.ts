/** GET /v1/users/me, /v1/users/:id, /v1/users: the integrations' bot users and the workspace's people. */
import { paginate, pathId, type ApiContext, type EndpointHandler } from "./api-context";
import { notFound, NotionError } from "./errors";
import type { Integration, Json, UserRec } from "./store";

/**
 * A person as the API shows one: `person.email`, no workspace (the documented schema of
 * a person user has none; only a bot user carries `workspace_name`).
 */
export function personUserJson(person: UserRec): Json {
  return { object: "user", id: person.id, name: person.name, avatar_url: null, type: "person", person: { email: person.email } };
}

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
  const all = (ctx: ApiContext): Json[] => [
    ...[...ctx.store.people.values()].map(personUserJson),
    ...[...ctx.store.integrations.values()].filter((i) => i.kind === "bot").map((i) => botUserJson(ctx, i, workspaceId)),
  ];
  return {
    // "For personal access tokens, this endpoint returns the user who created the token" (reference/get-self).
    me: (ctx) => (ctx.integration.kind === "person" ? personUserJson(ctx.store.people.get(ctx.integration.id)!) : botUserJson(ctx, ctx.integration, workspaceId)),
    user: (ctx, req) => {
      const id = pathId(req, "user_id");
      const found = all(ctx).find((u) => u.id === id);
      if (!found) throw notFound("user", id);
      return found;
    },
    list: (ctx, req) => {
      // "Personal access tokens cannot list workspace users" (reference/get-users); the status and wording of
      // the refusal are not documented: the emulator answers like any endpoint a token may not use.
      if (ctx.integration.kind === "person") throw new NotionError(403, "restricted_resource", "Personal access tokens cannot list workspace users.");
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
