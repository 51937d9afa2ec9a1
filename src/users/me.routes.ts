import { createRoute, z } from "@hono/zod-openapi";
import { UserSchema } from "../accounts/dto";
import {
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  UNAUTHENTICATED,
  WRONG_PASSWORD,
} from "../lib/openapi";
import { requireUser } from "../middleware/auth";
import {
  CodeInput,
  EmailSchema,
  NewPasswordInput,
  PasswordInput,
  ProfileName,
  StepUpPassword,
} from "../schemas/inputs";
import { SessionSchema } from "../schemas/session";

const tags = ["Me"];

export const getMe = createRoute({
  method: "get",
  path: "/users/me",
  tags,
  operationId: "getMe",
  summary: "The caller's account",
  description: "Returns the authenticated user.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(UserSchema, "The caller"),
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const patchMe = createRoute({
  method: "patch",
  path: "/users/me",
  tags,
  operationId: "patchMe",
  summary: "Update the caller's profile",
  description:
    "Changes `name` and/or `surname` (≤ 100 characters; `null` clears). Any other field — " +
    "`role`, `status`, `email`, `id`, `verified_at` … — is rejected with 422.",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: ProfileName.openapi({ example: "Ada" }),
          surname: ProfileName.openapi({ example: "Lovelace" }),
        })
        .openapi("ProfilePatch"),
    ),
  },
  responses: {
    200: jsonContent(UserSchema, "The updated user"),
    ...BODY_ERRORS,
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const changePassword = createRoute({
  method: "post",
  path: "/users/me/password",
  tags,
  operationId: "changePassword",
  summary: "Change the password",
  description:
    "Requires the current password. Every other session and every earlier access token is " +
    "revoked; the response carries a fresh token pair for the caller.",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(
      z
        .strictObject({ current_password: PasswordInput, new_password: NewPasswordInput })
        .openapi("PasswordChangeRequest"),
    ),
  },
  responses: {
    200: jsonContent(SessionSchema, "Password changed; a new session for the caller"),
    ...BODY_ERRORS,
    401: problem(
      "Wrong current password, or a missing/invalid access token",
      "invalid_credentials",
      "unauthorized",
      "invalid_token",
    ),
    422: problem(
      "Invalid body, or a new password refused by the policy (reason in `errors`)",
      "validation_failed",
    ),
    ...COMMON_ERRORS,
  },
});

export const removeMe = createRoute({
  method: "delete",
  path: "/users/me",
  tags,
  operationId: "deleteMe",
  summary: "Delete the caller's account",
  description:
    "Deletes the account with its codes and tokens after checking the password (an account " +
    "without one: a sign-in of the last 5 minutes). The last " +
    "admin cannot delete themselves (409 `last_admin`).",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(z.strictObject({ password: StepUpPassword }).openapi("DeleteAccountRequest")),
  },
  responses: {
    204: { description: "Deleted" },
    ...BODY_ERRORS,
    401: WRONG_PASSWORD,
    409: problem("The caller is the last admin", "last_admin"),
    ...COMMON_ERRORS,
  },
});

export const changeEmail = createRoute({
  method: "post",
  path: "/users/me/email",
  tags,
  operationId: "requestEmailChange",
  summary: "Change the email address",
  description:
    "Checks the current password (behind the same backoff as login: 10 failures, then a " +
    "doubling delay) and mails a 6-digit code to the **new** address — the proof that the " +
    "caller owns it; nothing changes until `…/email/confirm`. The code is bound to that address, " +
    "works once, expires after 15 minutes and is burned by 5 wrong tries. An address that " +
    "already has an account gets the same 202 after the same work, no code, and its owner is " +
    "told someone tried to use it. At most one mail per address per 60 s (429).",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(
      z
        .strictObject({ new_email: EmailSchema, password: PasswordInput })
        .openapi("EmailChangeRequest"),
    ),
  },
  responses: {
    202: jsonContent(
      z
        .object({
          message: z.string(),
          code_expires_at: z.string().openapi({ example: "2026-12-01T09:45:00.000Z" }),
        })
        .openapi("EmailChangeAccepted", {
          description: "The same answer whether or not the new address is taken.",
        }),
      "A code is on its way to the new address (if it can receive one)",
    ),
    ...BODY_ERRORS,
    401: WRONG_PASSWORD,
    422: problem("Invalid body, or the new address is the current one", "validation_failed"),
    429: problem(
      "Too many failed password checks, or a mail went to that address less than 60 s ago",
      "rate_limited",
    ),
    ...COMMON_ERRORS,
  },
});

export const confirmEmail = createRoute({
  method: "post",
  path: "/users/me/email/confirm",
  tags,
  operationId: "confirmEmailChange",
  summary: "Confirm the new email address",
  description:
    "The code mailed to the new address moves the account there. Every other session ends (their " +
    "tokens stop working at once); the caller goes on in a new session, returned here (as a " +
    "cookie for a cookie session). The old address is told, with the new one partly masked. If " +
    "the address was taken meanwhile (a sign-up won the race), 409 and nothing changes.",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(z.strictObject({ code: CodeInput }).openapi("EmailChangeConfirmation")),
  },
  responses: {
    200: jsonContent(SessionSchema, "The email changed; a new session for the caller"),
    ...BODY_ERRORS,
    400: problem(
      "A wrong or expired code, or malformed JSON",
      "invalid_code",
      "code_expired",
      "malformed_json",
    ),
    401: UNAUTHENTICATED,
    409: problem("The new address belongs to another account now", "conflict"),
    429: problem("The code was burned by too many wrong tries", "too_many_attempts"),
    ...COMMON_ERRORS,
  },
});

const when = z.string().nullable().openapi({ example: "2026-12-08T09:30:00.000Z" });
const ExportSchema = z
  .object({
    exported_at: z.string(),
    profile: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      surname: z.string().nullable(),
      role: z.string(),
      status: z.string(),
      created_at: z.string(),
      updated_at: z.string(),
      verified_at: when,
      has_password: z.boolean(),
      mfa: z.object({
        totp_enabled_at: when,
        authenticator_app: z.boolean(),
        sms_phone_ending: z.string().nullable().openapi({ example: "23" }),
        recovery_codes_left: z.number().int(),
      }),
      ban: z
        .object({ banned_at: z.string(), banned_until: when, reason: z.string().nullable() })
        .nullable(),
    }),
    sessions: z.array(
      z.object({
        id: z.string(),
        created_at: z.string(),
        last_used_at: z.string(),
        expires_at: z.string(),
        ended_at: when,
        ip: z.string().nullable(),
        user_agent: z.string().nullable(),
        country: z.string().nullable(),
        amr: z.array(z.string()),
      }),
    ),
    passkeys: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        created_at: z.string(),
        last_used_at: when,
        device_type: z.string(),
        backed_up: z.boolean(),
        transports: z.array(z.string()),
        aaguid: z.string().nullable(),
      }),
    ),
    identities: z.array(
      z.object({
        provider: z.string(),
        subject: z.string(),
        email: z.string().nullable(),
        created_at: z.string(),
      }),
    ),
    memberships: z.array(
      z.object({
        shop: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
        role: z.string(),
        since: z.string(),
      }),
    ),
    invitations: z.array(
      z.object({
        shop: z.object({ id: z.string(), name: z.string() }),
        role: z.string(),
        sent_at: z.string(),
        expires_at: z.string(),
        accepted_at: when,
        revoked_at: when,
      }),
    ),
    api_keys_created: z.array(
      z.object({
        id: z.string(),
        shop_id: z.string(),
        name: z.string(),
        scopes: z.array(z.string()),
        created_at: z.string(),
        revoked_at: when,
      }),
    ),
    consents: z
      .array(
        z.object({ client_id: z.string(), scopes: z.array(z.string()), granted_at: z.string() }),
      )
      .openapi({ description: "What the caller let other apps do (none yet: always empty)." }),
    audit_events: z.array(
      z.object({
        type: z.string().openapi({ example: "login.success" }),
        at: z.string(),
        by: z.enum(["you", "someone else", "unknown"]),
        about: z.enum(["you", "someone else"]).nullable(),
        ip: z.string().nullable(),
        data: z.unknown(),
      }),
    ),
  })
  .openapi("AccountExport");

export const exportMe = createRoute({
  method: "get",
  path: "/users/me/export",
  tags,
  operationId: "exportMe",
  summary: "Everything held about the caller",
  description:
    "One JSON document with all the service holds about the caller (docs/export.md, field by " +
    "field): the profile, sessions (ended ones until the nightly purge), passkey and provider " +
    "metadata, shop memberships, invitations to the address, keys they made, consents, and " +
    'the audit events about them or by them (another person who acted is "someone else", ' +
    "with no address). Never a password, hash, token, code, key or secret. One export an " +
    "hour per account (429 with Retry-After).",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(ExportSchema, "The caller's data"),
    401: UNAUTHENTICATED,
    429: problem("An export was made less than an hour ago", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export type GetMeRoute = typeof getMe;
export type ExportMeRoute = typeof exportMe;
export type PatchMeRoute = typeof patchMe;
export type ChangePasswordRoute = typeof changePassword;
export type RemoveMeRoute = typeof removeMe;
export type ChangeEmailRoute = typeof changeEmail;
export type ConfirmEmailRoute = typeof confirmEmail;
