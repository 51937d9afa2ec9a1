import { depsOf } from "../deps";
import type { AppRouteHandler } from "../lib/types";
import type * as routes from "./auth.routes";
import type { Accepted } from "./common";
import { forgotPassword as forgot, resetPassword as reset } from "./password-reset";
import * as signIn from "./sign-in";
import * as signUp from "./sign-up";

const ACCEPTED_MESSAGE = "If the address can receive it, a mail is on its way.";

function accepted({ email, codeExpiresAt }: Accepted) {
  return { message: ACCEPTED_MESSAGE, email, code_expires_at: codeExpiresAt };
}

export const signup: AppRouteHandler<routes.SignupRoute> = async (c) => {
  const result = await signUp.signup(depsOf(c), c.req.valid("json"));
  return c.json(accepted(result), 202);
};

export const verify: AppRouteHandler<routes.VerifyRoute> = async (c) => {
  return c.json(await signUp.verifyEmail(depsOf(c), c.req.valid("json")), 200);
};

export const resendCode: AppRouteHandler<routes.ResendCodeRoute> = async (c) => {
  const result = await signUp.resendCode(depsOf(c), c.req.valid("json").email);
  return c.json(accepted(result), 202);
};

export const login: AppRouteHandler<routes.LoginRoute> = async (c) => {
  return c.json(await signIn.login(depsOf(c), c.req.valid("json")), 200);
};

export const refresh: AppRouteHandler<routes.RefreshRoute> = async (c) => {
  return c.json(await signIn.refresh(depsOf(c), c.req.valid("json").refresh_token), 200);
};

export const logout: AppRouteHandler<routes.LogoutRoute> = async (c) => {
  await signIn.logout(depsOf(c), c.req.valid("json").refresh_token);
  return c.body(null, 204);
};

export const logoutAll: AppRouteHandler<routes.LogoutAllRoute> = async (c) => {
  await signIn.logoutAll(depsOf(c), c.get("user").id);
  return c.body(null, 204);
};

export const forgotPassword: AppRouteHandler<routes.ForgotPasswordRoute> = async (c) => {
  const result = await forgot(depsOf(c), c.req.valid("json").email);
  return c.json(accepted(result), 202);
};

export const resetPassword: AppRouteHandler<routes.ResetPasswordRoute> = async (c) => {
  const { email, code, new_password } = c.req.valid("json");
  await reset(depsOf(c), { email, code, newPassword: new_password });
  return c.body(null, 204);
};
