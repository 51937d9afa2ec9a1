import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { sessionBody } from "../sessions/cookie";
import * as enrolment from "./enrolment";
import { status as mfaStatus } from "./factors";
import type * as routes from "./mfa.routes";
import { regenerate as newRecoveryCodes } from "./recovery-codes";
import { verifyChallenge } from "./second-step";

export const status: AppRouteHandler<routes.StatusRoute> = async (c) => {
  return c.json(await mfaStatus(depsOf(c), c.get("user").id), 200);
};

export const enrol: AppRouteHandler<routes.EnrolRoute> = async (c) => {
  return c.json(
    await enrolment.enrol(depsOf(c), c.get("user"), c.get("session"), c.req.valid("json").password),
    200,
  );
};

export const confirm: AppRouteHandler<routes.ConfirmRoute> = async (c) => {
  const codes = await enrolment.confirm(
    depsOf(c),
    c.get("user"),
    c.get("session"),
    c.req.valid("json").code,
  );
  return c.json(codes, 200);
};

export const regenerate: AppRouteHandler<routes.RegenerateRoute> = async (c) => {
  const { password, code } = c.req.valid("json");
  return c.json(await newRecoveryCodes(depsOf(c), c.get("user"), password, code), 200);
};

export const disable: AppRouteHandler<routes.DisableRoute> = async (c) => {
  const { password, code } = c.req.valid("json");
  await enrolment.disable(depsOf(c), c.get("user"), password, code);
  return c.body(null, 204);
};

export const verify: AppRouteHandler<routes.VerifyRoute> = async (c) => {
  const body = c.req.valid("json");
  const result = await verifyChallenge(depsOf(c), {
    mfaToken: body.mfa_token,
    code: body.code,
    recoveryCode: body.recovery_code,
    smsCode: body.sms_code,
    transport: body.refresh_token_transport,
  });
  return c.json(sessionBody(c, result), 200);
};

export const adminReset: AppRouteHandler<routes.AdminResetRoute> = async (c) => {
  await enrolment.adminReset(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};
