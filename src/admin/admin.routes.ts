import { createRoute, z } from "@hono/zod-openapi";
import { UserSchema } from "../accounts/dto";
import {
  ADMIN_ERRORS,
  BEARER,
  BODY_ERRORS,
  BOOKMARK_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  problem,
} from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { staleReads } from "../middleware/stale-reads";
import { CreateUserBody, IdParam, ListUsersQuery, PatchUserBody, UserPage } from "./admin.schemas";

const tags = ["Admin"];
const NOT_FOUND = problem("No user with this id", "not_found");

export const list = createRoute({
  method: "get",
  path: "/users",
  tags,
  operationId: "listUsers",
  summary: "List users",
  description:
    "Keyset pagination: pass `next_cursor` back as `cursor` until it is null. A cursor is " +
    "opaque and bound to its sort and filters (a tampered or mismatched one is 422). Every " +
    "sort and filter combination is served by an index, so a page costs the same at any depth " +
    "and table size (with `q` and a `created_at` sort, the cost grows with the matches only).",
  middleware: [requireUser, requireAdmin, staleReads] as const,
  security: BEARER,
  request: { query: ListUsersQuery },
  responses: {
    ...BOOKMARK_ERRORS,
    200: jsonContent(UserPage, "One page of users"),
    ...ADMIN_ERRORS,
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export const create = createRoute({
  method: "post",
  path: "/users",
  tags,
  operationId: "createUser",
  summary: "Create a user",
  description:
    "Creates an account directly — `verified` with `verified_at` set unless `status` says " +
    "otherwise — with the same password policy as sign-up. No mail is sent.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { body: jsonBody(CreateUserBody) },
  responses: {
    201: jsonContent(UserSchema, "Created"),
    ...BODY_ERRORS,
    ...ADMIN_ERRORS,
    409: problem("The email is taken", "conflict"),
    422: problem(
      "Invalid body, unknown field, or a password refused by the policy",
      "validation_failed",
    ),
    ...COMMON_ERRORS,
  },
});

export const getOne = createRoute({
  method: "get",
  path: "/users/{id}",
  tags,
  operationId: "getUser",
  summary: "Get a user",
  description: "One user by id.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: IdParam },
  responses: {
    200: jsonContent(UserSchema, "The user"),
    ...ADMIN_ERRORS,
    404: NOT_FOUND,
    ...COMMON_ERRORS,
  },
});

export const patch = createRoute({
  method: "patch",
  path: "/users/{id}",
  tags,
  operationId: "patchUser",
  summary: "Update a user",
  description:
    "Changes name, surname, role or status. A role or status change takes effect on the " +
    "user's very next request: their access tokens stop working (401 `invalid_token`) and a " +
    "refresh yields a token with the new role. Setting `pending` keeps `verified_at`. " +
    "Demoting or suspending the last active admin is refused (409 `last_admin`).",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: IdParam, body: jsonBody(PatchUserBody) },
  responses: {
    200: jsonContent(UserSchema, "The updated user"),
    ...BODY_ERRORS,
    ...ADMIN_ERRORS,
    404: NOT_FOUND,
    409: problem(
      "The user is the last active admin, or changed three times while this update ran",
      "last_admin",
      "conflict",
    ),
    ...COMMON_ERRORS,
  },
});

export const remove = createRoute({
  method: "delete",
  path: "/users/{id}",
  tags,
  operationId: "deleteUser",
  summary: "Delete a user",
  description:
    "Deletes the user with their codes and refresh tokens. The last active admin cannot be deleted.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: IdParam },
  responses: {
    204: { description: "Deleted" },
    ...ADMIN_ERRORS,
    404: NOT_FOUND,
    409: problem("The user is the last active admin", "last_admin"),
    ...COMMON_ERRORS,
  },
});

export const ban = createRoute({
  method: "post",
  path: "/users/{id}/ban",
  tags,
  operationId: "banUser",
  summary: "Ban a user",
  description:
    "Every session of the user ends at once, every access token stops working. Until `until` " +
    "(or until lifted, without it) a correct password, passkey or code answers 403 " +
    "`account_banned` with the end; a wrong one the usual 401. Audited with the reason; the user " +
    "is told when it ends, not why. Admins cannot ban themselves or the last active admin.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .strictObject({
          reason: z.string().trim().min(1).max(500).openapi({ example: "Chargeback fraud" }),
          until: z.iso.datetime().optional().openapi({
            description: "When the ban ends (ISO 8601, in the future); omit: until lifted.",
          }),
        })
        .openapi("BanRequest"),
    ),
  },
  responses: {
    200: jsonContent(UserSchema, "Banned"),
    ...BODY_ERRORS,
    ...ADMIN_ERRORS,
    403: problem("Not an admin, or an admin banning themself", "forbidden"),
    404: NOT_FOUND,
    409: problem("The user is the last active admin", "last_admin"),
    ...COMMON_ERRORS,
  },
});

export const unban = createRoute({
  method: "delete",
  path: "/users/{id}/ban",
  tags,
  operationId: "unbanUser",
  summary: "Lift a ban",
  description:
    "The user may sign in again (their old sessions stay ended). Idempotent; audited; the user is told.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: IdParam },
  responses: {
    204: { description: "Lifted (or there was none)" },
    ...ADMIN_ERRORS,
    404: NOT_FOUND,
    ...COMMON_ERRORS,
  },
});

export type ListRoute = typeof list;
export type CreateRoute = typeof create;
export type GetOneRoute = typeof getOne;
export type PatchRoute = typeof patch;
export type RemoveRoute = typeof remove;
export type BanRoute = typeof ban;
export type UnbanRoute = typeof unban;
