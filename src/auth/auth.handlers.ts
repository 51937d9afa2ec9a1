import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { ApiError } from "../lib/errors";
import {
  clearedRefreshCookie,
  clearRefreshCookie,
  firstFactorBody,
  presentedRefreshToken,
  sessionBody,
} from "../sessions/cookie";
import type * as routes from "./auth.routes";
import type { Accepted } from "./common";
import { requestLoginCode, verifyLoginCode } from "./email-code";
import type * as emailCodeRoutes from "./email-code.routes";
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
  const { refresh_token_transport, ...input } = c.req.valid("json");
  const result = await signUp.verifyEmail(depsOf(c), {
    ...input,
    transport: refresh_token_transport ?? "body",
  });
  return c.json(firstFactorBody(c, result), 200);
};

export const resendCode: AppRouteHandler<routes.ResendCodeRoute> = async (c) => {
  const result = await signUp.resendCode(depsOf(c), c.req.valid("json").email);
  return c.json(accepted(result), 202);
};

export const login: AppRouteHandler<routes.LoginRoute> = async (c) => {
  const { refresh_token_transport, ...input } = c.req.valid("json");
  const result = await signIn.login(depsOf(c), {
    ...input,
    transport: refresh_token_transport ?? "body",
  });
  return c.json(firstFactorBody(c, result), 200);
};

export const refresh: AppRouteHandler<routes.RefreshRoute> = async (c) => {
  const presented = presentedRefreshToken(c, c.req.valid("json").refresh_token);
  if (!presented) {
    throw new ApiError("unauthorized", "Send a refresh token in the body, or the session cookie.");
  }
  try {
    return c.json(sessionBody(c, await signIn.refresh(depsOf(c), presented.token)), 200);
  } catch (error) {
    // A cookie that can no longer refresh is dead weight: the browser is told to drop it.
    if (presented.via === "cookie" && error instanceof ApiError) {
      throw error.withHeaders({ "Set-Cookie": clearedRefreshCookie(c) });
    }
    throw error;
  }
};

export const logout: AppRouteHandler<routes.LogoutRoute> = async (c) => {
  const presented = presentedRefreshToken(c, c.req.valid("json").refresh_token);
  if (presented) await signIn.logout(depsOf(c), presented.token);
  if (presented?.via !== "body") clearRefreshCookie(c);
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

export const emailCode: AppRouteHandler<emailCodeRoutes.EmailCodeRoute> = async (c) => {
  const result = await requestLoginCode(depsOf(c), c.req.valid("json").email);
  return c.json(accepted(result), 202);
};

export const emailCodeVerify: AppRouteHandler<emailCodeRoutes.EmailCodeVerifyRoute> = async (c) => {
  const { refresh_token_transport, ...input } = c.req.valid("json");
  const result = await verifyLoginCode(depsOf(c), {
    ...input,
    transport: refresh_token_transport ?? "body",
  });
  return c.json(firstFactorBody(c, result), 200);
};
