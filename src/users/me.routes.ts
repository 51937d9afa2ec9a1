import { createRoute, z } from "@hono/zod-openapi";
import {
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  UNAUTHENTICATED,
} from "../lib/openapi";
import { requireUser } from "../middleware/auth";
import { NewPasswordInput, PasswordInput, ProfileName } from "../schemas/inputs";
import { SessionSchema } from "../schemas/session";
import { UserSchema } from "./dto";

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
    "Deletes the account with its codes and tokens after checking the password. The last " +
    "admin cannot delete themselves (409 `last_admin`).",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(z.strictObject({ password: PasswordInput }).openapi("DeleteAccountRequest")),
  },
  responses: {
    204: { description: "Deleted" },
    ...BODY_ERRORS,
    401: problem(
      "Wrong password, or a missing/invalid access token",
      "invalid_credentials",
      "unauthorized",
      "invalid_token",
    ),
    409: problem("The caller is the last admin", "last_admin"),
    ...COMMON_ERRORS,
  },
});

export type GetMeRoute = typeof getMe;
export type PatchMeRoute = typeof patchMe;
export type ChangePasswordRoute = typeof changePassword;
export type RemoveMeRoute = typeof removeMe;
