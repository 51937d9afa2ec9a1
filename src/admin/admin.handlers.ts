import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import type * as routes from "./admin.routes";
import * as bans from "./bans";
import * as service from "./service";

export const list: AppRouteHandler<routes.ListRoute> = async (c) => {
  return c.json(await service.listUsers(depsOf(c), c.req.valid("query")), 200);
};

export const create: AppRouteHandler<routes.CreateRoute> = async (c) => {
  const user = await service.createUser(depsOf(c), c.get("user").id, c.req.valid("json"));
  return c.json(user, 201);
};

export const getOne: AppRouteHandler<routes.GetOneRoute> = async (c) => {
  return c.json(await service.getUser(depsOf(c), c.req.valid("param").id), 200);
};

export const patch: AppRouteHandler<routes.PatchRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const user = await service.patchUser(depsOf(c), c.get("user").id, id, c.req.valid("json"));
  return c.json(user, 200);
};

export const remove: AppRouteHandler<routes.RemoveRoute> = async (c) => {
  await service.deleteUser(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};

export const ban: AppRouteHandler<routes.BanRoute> = async (c) => {
  const user = await bans.ban(
    depsOf(c),
    c.get("user").id,
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  return c.json(user, 200);
};

export const unban: AppRouteHandler<routes.UnbanRoute> = async (c) => {
  await bans.unban(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};
