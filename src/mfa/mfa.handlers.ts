import { depsOf } from "../deps";
import type { AppRouteHandler } from "../lib/types";
import { sessionBody } from "../sessions/cookie";
import type * as routes from "./mfa.routes";
import * as service from "./service";

export const status: AppRouteHandler<routes.StatusRoute> = async (c) => {
  return c.json(await service.status(depsOf(c), c.get("user").id), 200);
};

export const enrol: AppRouteHandler<routes.EnrolRoute> = async (c) => {
  return c.json(await service.enrol(depsOf(c), c.get("user"), c.req.valid("json").password), 200);
};

export const confirm: AppRouteHandler<routes.ConfirmRoute> = async (c) => {
  const codes = await service.confirm(
    depsOf(c),
    c.get("user"),
    c.get("session"),
    c.req.valid("json").code,
  );
  return c.json(codes, 200);
};

export const regenerate: AppRouteHandler<routes.RegenerateRoute> = async (c) => {
  const { password, code } = c.req.valid("json");
  return c.json(await service.regenerate(depsOf(c), c.get("user"), password, code), 200);
};

export const disable: AppRouteHandler<routes.DisableRoute> = async (c) => {
  const { password, code } = c.req.valid("json");
  await service.disable(depsOf(c), c.get("user"), password, code);
  return c.body(null, 204);
};

export const verify: AppRouteHandler<routes.VerifyRoute> = async (c) => {
  const body = c.req.valid("json");
  const result = await service.verifyChallenge(depsOf(c), {
    mfaToken: body.mfa_token,
    code: body.code,
    recoveryCode: body.recovery_code,
    transport: body.refresh_token_transport,
  });
  return c.json(sessionBody(c, result), 200);
};

export const adminReset: AppRouteHandler<routes.AdminResetRoute> = async (c) => {
  await service.adminReset(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};
