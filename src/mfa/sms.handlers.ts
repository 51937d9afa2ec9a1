import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import * as sms from "./sms";
import type * as routes from "./sms.routes";

export const enrolSms: AppRouteHandler<routes.EnrolSmsRoute> = async (c) => {
  const result = await sms.enrolSms(
    depsOf(c),
    c.get("user"),
    c.get("session"),
    c.req.valid("json"),
  );
  return c.json(result, 202);
};

export const confirmSms: AppRouteHandler<routes.ConfirmSmsRoute> = async (c) => {
  const { code } = c.req.valid("json");
  return c.json(await sms.confirmSms(depsOf(c), c.get("user"), c.get("session"), code), 200);
};

export const removeSms: AppRouteHandler<routes.RemoveSmsRoute> = async (c) => {
  const { password } = c.req.valid("json");
  await sms.removeSms(depsOf(c), c.get("user"), c.get("session"), password);
  return c.body(null, 204);
};

export const textSignInCode: AppRouteHandler<routes.TextSignInCodeRoute> = async (c) => {
  return c.json(await sms.textSignInCode(depsOf(c), c.req.valid("json").mfa_token), 202);
};
