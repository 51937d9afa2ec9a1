import { depsOf } from "../deps";
import type { AppRouteHandler } from "../lib/types";
import { sessionBody } from "../sessions/cookie";
import { toUserDto } from "./dto";
import type * as routes from "./me.routes";
import * as service from "./service";

export const getMe: AppRouteHandler<routes.GetMeRoute> = async (c) => {
  // requireUser has just read the caller's row: no second query.
  return c.json(toUserDto(c.get("user")), 200);
};

export const patchMe: AppRouteHandler<routes.PatchMeRoute> = async (c) => {
  return c.json(await service.updateMe(depsOf(c), c.get("user"), c.req.valid("json")), 200);
};

export const changePassword: AppRouteHandler<routes.ChangePasswordRoute> = async (c) => {
  const { current_password, new_password } = c.req.valid("json");
  const result = await service.changePassword(depsOf(c), c.get("user"), c.get("session"), {
    currentPassword: current_password,
    newPassword: new_password,
  });
  return c.json(sessionBody(c, result), 200);
};

export const removeMe: AppRouteHandler<routes.RemoveMeRoute> = async (c) => {
  await service.deleteMe(depsOf(c), c.get("user"), c.req.valid("json").password);
  return c.body(null, 204);
};
