import { createRoute } from "@hono/zod-openapi";
import {
  ADMIN_ERRORS,
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  PUBLIC,
  problem,
  UNAUTHENTICATED,
  WRONG_PASSWORD,
} from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { limitByIp } from "../middleware/rate-limit";
import { UserIdParam } from "../schemas/params";
import { SessionSchema } from "../schemas/session";
import {
  ConfirmBody,
  EnrolBody,
  Enrolment,
  MfaStatus,
  ProveBody,
  RecoveryCodes,
  VerifyBody,
} from "./mfa.schemas";

const tags = ["MFA"];
const BACKOFF = problem("Too many failed password or code checks; see Retry-After", "rate_limited");

export const status = createRoute({
  method: "get",
  path: "/users/me/mfa",
  tags,
  operationId: "getMfaStatus",
  summary: "The caller's MFA state",
  description:
    "Whether TOTP MFA is on, how many recovery codes are left, and whether an enrolment waits for its confirmation.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(MfaStatus, "The MFA state"),
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const enrol = createRoute({
  method: "post",
  path: "/users/me/mfa/totp",
  tags,
  operationId: "enrolTotp",
  summary: "Start a TOTP enrolment",
  description:
    "Checks the password (behind the login backoff; an account without one: a sign-in of the " +
    "last 5 minutes) and returns a new TOTP secret (RFC 6238: " +
    "SHA-1, 6 digits, 30 s; issuer MFA_ISSUER) and its `otpauth://` URI. Nothing changes until " +
    "`…/totp/confirm`; starting again replaces a pending enrolment. 409 if MFA is already on.",
  middleware: requireUser,
  security: BEARER,
  request: { body: jsonBody(EnrolBody) },
  responses: {
    200: jsonContent(Enrolment, "A pending enrolment"),
    ...BODY_ERRORS,
    401: WRONG_PASSWORD,
    409: problem("MFA is already on", "conflict"),
    429: BACKOFF,
    ...COMMON_ERRORS,
  },
});

export const confirm = createRoute({
  method: "post",
  path: "/users/me/mfa/totp/confirm",
  tags,
  operationId: "confirmTotp",
  summary: "Turn MFA on",
  description:
    "A code from the app confirms the pending enrolment: MFA is on, every other session ends, " +
    "and the 10 recovery codes are returned — this once. The current session counts as a " +
    "second-factor session from now on. 5 wrong codes void the enrolment. The user is mailed.",
  middleware: requireUser,
  security: BEARER,
  request: { body: jsonBody(ConfirmBody) },
  responses: {
    200: jsonContent(RecoveryCodes, "MFA is on"),
    ...BODY_ERRORS,
    400: problem("A wrong code, or malformed JSON", "invalid_code", "malformed_json"),
    401: UNAUTHENTICATED,
    409: problem("No pending enrolment, or MFA is already on", "conflict"),
    429: problem("5 wrong codes voided the enrolment", "too_many_attempts"),
    ...COMMON_ERRORS,
  },
});

export const regenerate = createRoute({
  method: "post",
  path: "/users/me/mfa/recovery-codes",
  tags,
  operationId: "regenerateRecoveryCodes",
  summary: "New recovery codes",
  description:
    "The password and a second factor (a TOTP code or a recovery code) make a new set of 10 " +
    "recovery codes, returned this once; the old set is dead. The user is mailed.",
  middleware: requireUser,
  security: BEARER,
  request: { body: jsonBody(ProveBody) },
  responses: {
    200: jsonContent(RecoveryCodes, "A new set"),
    ...BODY_ERRORS,
    400: problem(
      "A wrong or already used code, or malformed JSON",
      "invalid_code",
      "malformed_json",
    ),
    401: WRONG_PASSWORD,
    409: problem("MFA is not on", "conflict"),
    429: BACKOFF,
    ...COMMON_ERRORS,
  },
});

export const disable = createRoute({
  method: "delete",
  path: "/users/me/mfa",
  tags,
  operationId: "disableMfa",
  summary: "Turn MFA off",
  description:
    "The password and a second factor (a TOTP code or a recovery code) turn MFA off; the " +
    "recovery codes are deleted. Sessions stay. The user is mailed.",
  middleware: requireUser,
  security: BEARER,
  request: { body: jsonBody(ProveBody) },
  responses: {
    204: { description: "MFA is off" },
    ...BODY_ERRORS,
    400: problem(
      "A wrong or already used code, or malformed JSON",
      "invalid_code",
      "malformed_json",
    ),
    401: WRONG_PASSWORD,
    409: problem("MFA is not on", "conflict"),
    429: BACKOFF,
    ...COMMON_ERRORS,
  },
});

export const verify = createRoute({
  method: "post",
  path: "/auth/mfa/verify",
  tags,
  operationId: "verifyMfa",
  security: PUBLIC,
  summary: "Complete a sign-in with the second factor",
  description:
    "The `mfa_token` of a login (or verify) that answered `mfa_required`, with a TOTP code " +
    "(`code`: the current step ±1, never one already accepted) or a recovery code " +
    "(`recovery_code`: works once; the user is mailed). Returns the session, with " +
    '`amr: ["pwd","otp"]` or `["pwd","recovery"]`. The token lives 5 minutes and takes 5 ' +
    "attempts (reserved before any comparison) and one success. `refresh_token_transport` as " +
    "for login (default: what the login asked for). 20 requests per minute per IP.",
  middleware: [limitByIp("VERIFY_IP_LIMITER")] as const,
  request: { body: jsonBody(VerifyBody) },
  responses: {
    200: jsonContent(SessionSchema, "Signed in"),
    ...BODY_ERRORS,
    400: problem(
      "A wrong or already used code, or malformed JSON",
      "invalid_code",
      "malformed_json",
    ),
    401: problem("Unknown, expired, used or used-up MFA token", "invalid_mfa_token"),
    429: problem(
      "The 5th wrong code voided the token, or too many requests",
      "too_many_attempts",
      "rate_limited",
    ),
    ...COMMON_ERRORS,
  },
});

export const adminReset = createRoute({
  method: "delete",
  path: "/users/{id}/mfa",
  tags,
  operationId: "resetUserMfa",
  summary: "Reset a user's second factors (admin)",
  description:
    "For a user who lost their second factors, once who they are is established out of band: " +
    "every second factor goes — TOTP, recovery codes, any pending enrolment *and every passkey* " +
    "(a passkey is a second factor in itself). Audited as `admin.mfa_reset`; the user is " +
    "mailed. Idempotent.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: UserIdParam },
  responses: {
    204: { description: "MFA is off for the user" },
    ...ADMIN_ERRORS,
    404: problem("No user with this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export type StatusRoute = typeof status;
export type EnrolRoute = typeof enrol;
export type ConfirmRoute = typeof confirm;
export type RegenerateRoute = typeof regenerate;
export type DisableRoute = typeof disable;
export type VerifyRoute = typeof verify;
export type AdminResetRoute = typeof adminReset;
