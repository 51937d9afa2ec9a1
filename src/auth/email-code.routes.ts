import { createRoute } from "@hono/zod-openapi";
import { BODY_ERRORS, COMMON_ERRORS, jsonBody, jsonContent, PUBLIC, problem } from "../lib/openapi";
import { limitByIp } from "../middleware/rate-limit";
import { SignInSchema } from "../schemas/session";
import { CODE_BURNED, COOLDOWN, tags, WRONG_CODE } from "./auth.problems";
import { AcceptedSchema, EmailBody, EmailCodeBody } from "./auth.schemas";

const CODE_LOGIN_OFF = problem(
  "Sign-in with an emailed code is turned off (EMAIL_CODE_LOGIN=off)",
  "not_found",
);

export const emailCode = createRoute({
  method: "post",
  path: "/auth/email-code",
  tags,
  operationId: "requestEmailCode",
  security: PUBLIC,
  summary: "Sign in without a password: ask for a code by mail",
  description:
    "Always the same 202 after the same work, for every address; a 6-digit code (10 minutes, " +
    "single use) is mailed to verified accounts only. At most one mail per address per 60 s " +
    "(429). 5 requests per minute per IP.",
  middleware: [limitByIp("FORGOT_IP_LIMITER")] as const,
  request: { body: jsonBody(EmailBody) },
  responses: {
    202: jsonContent(AcceptedSchema, "Accepted"),
    ...BODY_ERRORS,
    404: CODE_LOGIN_OFF,
    429: COOLDOWN,
    ...COMMON_ERRORS,
  },
});

export const emailCodeVerify = createRoute({
  method: "post",
  path: "/auth/email-code/verify",
  tags,
  operationId: "verifyEmailCode",
  security: PUBLIC,
  summary: "Sign in with the emailed code",
  description:
    "The code replaces the password only: with MFA on, the answer is the MFA challenge. A " +
    'session signed in this way has `amr: ["email"]`. A code is compared at most 5 times; a ' +
    "wrong one answers the same for every address. Each try counts on the address's password " +
    "backoff too, which a new code never resets. 20 requests per minute per IP.",
  middleware: [limitByIp("VERIFY_IP_LIMITER")] as const,
  request: { body: jsonBody(EmailCodeBody) },
  responses: {
    200: jsonContent(
      SignInSchema,
      "Signed in: a session — or, with MFA on, `mfa_required` and the `mfa_token`",
    ),
    ...BODY_ERRORS,
    400: WRONG_CODE,
    404: CODE_LOGIN_OFF,
    429: CODE_BURNED,
    ...COMMON_ERRORS,
  },
});

export type EmailCodeRoute = typeof emailCode;

export type EmailCodeVerifyRoute = typeof emailCodeVerify;
