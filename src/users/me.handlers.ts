import { toUserDto } from "../accounts/dto";
import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { sessionBody } from "../sessions/cookie";
import * as email from "./email";
import { exportMe as exportData } from "./export";
import type * as routes from "./me.routes";
import * as service from "./service";

export const getMe: AppRouteHandler<routes.GetMeRoute> = async (c) => {
  // requireUser has just read the caller's row: no second query.
  return c.json(toUserDto(c.get("user")), 200);
};

export const exportMe: AppRouteHandler<routes.ExportMeRoute> = async (c) => {
  c.header("Cache-Control", "no-store");
  return c.json(await exportData(depsOf(c), c.get("user")), 200);
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
  await service.deleteMe(depsOf(c), c.get("user"), c.get("session"), c.req.valid("json").password);
  return c.body(null, 204);
};

export const changeEmail: AppRouteHandler<routes.ChangeEmailRoute> = async (c) => {
  const { new_email, password } = c.req.valid("json");
  const result = await email.requestEmailChange(depsOf(c), c.get("user"), {
    newEmail: new_email,
    password,
  });
  return c.json(
    {
      message: "If the new address can receive it, a code is on its way there.",
      code_expires_at: result.codeExpiresAt,
    },
    202,
  );
};

export const confirmEmail: AppRouteHandler<routes.ConfirmEmailRoute> = async (c) => {
  const result = await email.confirmEmailChange(
    depsOf(c),
    c.get("user"),
    c.get("session"),
    c.req.valid("json").code,
  );
  return c.json(sessionBody(c, result), 200);
};
