import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import * as service from "../sessions/service";
import type * as routes from "./sessions.routes";

export const listMine: AppRouteHandler<routes.ListMineRoute> = async (c) => {
  const page = await service.listMySessions(depsOf(c), c.get("user").id, c.get("session"));
  return c.json(page, 200);
};

export const removeMine: AppRouteHandler<routes.RemoveMineRoute> = async (c) => {
  await service.endMySession(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};

export const removeOthers: AppRouteHandler<routes.RemoveOthersRoute> = async (c) => {
  await service.endMyOtherSessions(depsOf(c), c.get("user").id, c.get("session"));
  return c.body(null, 204);
};

export const listForUser: AppRouteHandler<routes.ListForUserRoute> = async (c) => {
  const page = await service.listUserSessions(depsOf(c), c.req.valid("param").id, c.get("session"));
  return c.json(page, 200);
};

export const removeForUser: AppRouteHandler<routes.RemoveForUserRoute> = async (c) => {
  await service.endUserSessions(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};
