import { createRoute } from "@hono/zod-openapi";
import {
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  PUBLIC,
  problem,
  UNAUTHENTICATED,
} from "../lib/openapi";
import { requireUser } from "../middleware/auth";
import { limitByIp } from "../middleware/rate-limit";
import { SessionSchema, SignInSchema } from "../schemas/session";
import { CODE_BURNED, COOLDOWN, RATE_LIMITED, tags, WRONG_CODE } from "./auth.problems";
import {
  AcceptedSchema,
  EmailBody,
  LoginBody,
  RefreshBody,
  ResetBody,
  SignupBody,
  VerifyBody,
} from "./auth.schemas";

export const signup = createRoute({
  method: "post",
  path: "/auth/signup",
  tags,
  operationId: "signup",
  security: PUBLIC,
  summary: "Sign up",
  description:
    "Creates a pending account and mails a 6-digit verification code. Signing up again with a " +
    "pending address replaces its password and profile and mails a new code (older codes stop " +
    "working). For an address that is already verified nothing changes and an 'account exists' " +
    "notice is mailed instead — the response is identical in every case, so it reveals nothing. " +
    "At most one mail per address per 60 s (429). Limited to 10 requests per minute per IP.",
  middleware: [limitByIp("SIGNUP_IP_LIMITER")] as const,
  request: { body: jsonBody(SignupBody) },
  responses: {
    202: jsonContent(AcceptedSchema, "Accepted; a mail is on its way"),
    ...BODY_ERRORS,
    422: problem(
      "Invalid body, unknown field, or a password refused by the policy (reason in `errors`)",
      "validation_failed",
    ),
    429: COOLDOWN,
    ...COMMON_ERRORS,
  },
});

export const verify = createRoute({
  method: "post",
  path: "/auth/verify",
  tags,
  operationId: "verifyEmail",
  security: PUBLIC,
  summary: "Verify the email address",
  description:
    "Proves ownership of the mailbox with the emailed code **and** the account password, so " +
    "nobody can pre-register someone else's address and keep it. Returns a session. A wrong " +
    "password (401) or code (400) counts as an attempt; the 5th failed attempt burns the code " +
    "(429 `too_many_attempts`). Codes are single-use and expire after 15 minutes. An already " +
    "verified account answers 409 (to the right password only). 20 requests per minute per IP.",
  middleware: [limitByIp("VERIFY_IP_LIMITER")] as const,
  request: { body: jsonBody(VerifyBody) },
  responses: {
    200: jsonContent(SignInSchema, "Verified; a new session (or, with MFA on, the MFA challenge)"),
    ...BODY_ERRORS,
    400: WRONG_CODE,
    401: problem("Unknown email or wrong password", "invalid_credentials"),
    409: problem("The account is already verified", "conflict"),
    429: CODE_BURNED,
    ...COMMON_ERRORS,
  },
});

export const resendCode = createRoute({
  method: "post",
  path: "/auth/resend-code",
  tags,
  operationId: "resendCode",
  security: PUBLIC,
  summary: "Resend the verification code",
  description:
    "Always 202. For a pending account a new code is mailed and older codes stop working. " +
    "At most one mail per address per 60 s (429). 5 requests per minute per IP.",
  middleware: [limitByIp("RESEND_IP_LIMITER")] as const,
  request: { body: jsonBody(EmailBody) },
  responses: {
    202: jsonContent(AcceptedSchema, "Accepted"),
    ...BODY_ERRORS,
    429: COOLDOWN,
    ...COMMON_ERRORS,
  },
});

export const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags,
  operationId: "login",
  security: PUBLIC,
  summary: "Log in",
  description:
    "Exchanges email and password for an access token (15 min) and a refresh token (30 days). " +
    "An unknown email and a wrong password get the same 401 after the same work. A right " +
    "password on an unverified account gets 403. After 10 consecutive failures for an email, " +
    "every attempt for it gets 429 with Retry-After for a delay that doubles with each further " +
    "failure (1 s … 15 min); a success resets it. 20 requests per minute per IP.",
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent(
      SignInSchema,
      "Logged in: a session — or, with MFA on, `mfa_required` and the `mfa_token` for POST /v1/auth/mfa/verify",
    ),
    ...BODY_ERRORS,
    401: problem("Unknown email or wrong password", "invalid_credentials"),
    403: problem("Right password, but the email is not verified yet", "email_not_verified"),
    429: RATE_LIMITED,
    ...COMMON_ERRORS,
  },
});

const COOKIE_ORIGIN = problem(
  "The refresh-token cookie was sent without an Origin of this API or of CORS_ORIGINS (CSRF)",
  "forbidden",
);

export const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags,
  operationId: "refresh",
  security: PUBLIC,
  summary: "Rotate the refresh token",
  description:
    "Spends the refresh token and returns a new pair. Each refresh token works once: presenting " +
    "a spent one again is treated as theft — 401 `token_reused` and its whole session ends, " +
    "the tokens just handed out included (RFC 9700 §4.14.2). Of concurrent refreshes with one " +
    "token, at most one succeeds. A session lasts at most SESSION_MAX_AGE_SECONDS (90 days) " +
    "from its sign-in, whatever the refreshes. With no `refresh_token` in the body (or no body), " +
    "the browser session's cookie is used: the request then needs an `Origin` of this API or of " +
    "CORS_ORIGINS (403 otherwise), and the answer sets the rotated cookie instead of returning " +
    "the token.",
  request: { body: jsonBody(RefreshBody, undefined, { required: false }) },
  responses: {
    200: jsonContent(SessionSchema, "A new token pair"),
    ...BODY_ERRORS,
    401: problem(
      "No token sent; or an invalid, expired, revoked, or reused token",
      "unauthorized",
      "invalid_token",
      "token_reused",
    ),
    403: problem(
      "The account is no longer verified, or a cookie request from a foreign origin",
      "email_not_verified",
      "forbidden",
    ),
    ...COMMON_ERRORS,
  },
});

export const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags,
  operationId: "logout",
  security: PUBLIC,
  summary: "Log out one session",
  description:
    "Ends the refresh token's session: its refresh tokens stop working at once, and so do its " +
    "access tokens, on their next request. Idempotent: unknown or already ended sessions also " +
    "get 204. With no `refresh_token` in the body, the browser session's cookie is used (same " +
    "Origin rule as refresh) and cleared.",
  request: { body: jsonBody(RefreshBody, undefined, { required: false }) },
  responses: {
    204: { description: "Logged out" },
    ...BODY_ERRORS,
    403: COOKIE_ORIGIN,
    ...COMMON_ERRORS,
  },
});

export const logoutAll = createRoute({
  method: "post",
  path: "/auth/logout-all",
  tags,
  operationId: "logoutAll",
  summary: "Log out everywhere",
  description:
    "Revokes every refresh token of the caller and invalidates every access token already issued.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    204: { description: "Every session ended" },
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const forgotPassword = createRoute({
  method: "post",
  path: "/auth/password/forgot",
  tags,
  operationId: "forgotPassword",
  security: PUBLIC,
  summary: "Request a password reset code",
  description:
    "Always 202. A 6-digit reset code is mailed to verified accounts only (same rules as " +
    "verification codes). At most one mail per address per 60 s (429). 5 requests per minute per IP.",
  middleware: [limitByIp("FORGOT_IP_LIMITER")] as const,
  request: { body: jsonBody(EmailBody) },
  responses: {
    202: jsonContent(AcceptedSchema, "Accepted"),
    ...BODY_ERRORS,
    429: COOLDOWN,
    ...COMMON_ERRORS,
  },
});

export const resetPassword = createRoute({
  method: "post",
  path: "/auth/password/reset",
  tags,
  operationId: "resetPassword",
  security: PUBLIC,
  summary: "Reset the password with a code",
  description:
    "Sets a new password with the emailed reset code, then revokes every session and every " +
    "access token. Wrong codes count as attempts; the 5th burns the code. 10 requests per " +
    "minute per IP.",
  middleware: [limitByIp("RESET_IP_LIMITER")] as const,
  request: { body: jsonBody(ResetBody) },
  responses: {
    204: { description: "Password changed; log in again" },
    ...BODY_ERRORS,
    400: WRONG_CODE,
    422: problem(
      "Invalid body, or a new password refused by the policy (reason in `errors`)",
      "validation_failed",
    ),
    429: CODE_BURNED,
    ...COMMON_ERRORS,
  },
});

export type SignupRoute = typeof signup;

export type VerifyRoute = typeof verify;

export type ResendCodeRoute = typeof resendCode;

export type LoginRoute = typeof login;

export type RefreshRoute = typeof refresh;

export type LogoutRoute = typeof logout;

export type LogoutAllRoute = typeof logoutAll;

export type ForgotPasswordRoute = typeof forgotPassword;

export type ResetPasswordRoute = typeof resetPassword;
