import { createRoute } from "@hono/zod-openapi";
import {
  ADMIN_ERRORS,
  BEARER,
  COMMON_ERRORS,
  jsonContent,
  problem,
  UNAUTHENTICATED,
} from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { UserIdParam } from "../schemas/params";
import { SessionIdParam, SessionList } from "../sessions/schemas";

const tags = ["Sessions"];

export const listMine = createRoute({
  method: "get",
  path: "/users/me/sessions",
  tags,
  operationId: "listMySessions",
  summary: "Where I am signed in",
  description:
    "The caller's live sessions, newest first: each sign-in (verify, login, MFA completion) with " +
    "where and how it happened and when it was last refreshed. Exactly one is `current`. Ended " +
    "sessions, sessions past their absolute end and sessions idle longer than the refresh-token " +
    "lifetime are not listed.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(SessionList, "The live sessions"),
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const removeMine = createRoute({
  method: "delete",
  path: "/users/me/sessions/{id}",
  tags,
  operationId: "endMySession",
  summary: "End one of my sessions",
  description:
    "Signs out one device: the session's refresh tokens stop working at once and its access " +
    "tokens fail on their next request (401 `invalid_token`). Ending the current session is " +
    "allowed (it is a logout). Audited as `session.revoke`.",
  middleware: requireUser,
  security: BEARER,
  request: { params: SessionIdParam },
  responses: {
    204: { description: "Ended" },
    401: UNAUTHENTICATED,
    404: problem("No live session of the caller has this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export const removeOthers = createRoute({
  method: "delete",
  path: "/users/me/sessions",
  tags,
  operationId: "endMyOtherSessions",
  summary: "Sign out everywhere else",
  description:
    "Ends every session of the caller except the current one. Audited as `session.revoke` " +
    "with the number of sessions ended.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    204: { description: "Every other session ended" },
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const listForUser = createRoute({
  method: "get",
  path: "/users/{id}/sessions",
  tags,
  operationId: "listUserSessions",
  summary: "A user's sessions (admin)",
  description: "The same list as GET /v1/users/me/sessions, for any user.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: UserIdParam },
  responses: {
    200: jsonContent(SessionList, "The live sessions"),
    ...ADMIN_ERRORS,
    404: problem("No user with this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export const removeForUser = createRoute({
  method: "delete",
  path: "/users/{id}/sessions",
  tags,
  operationId: "endUserSessions",
  summary: "Force a user to log out (admin)",
  description:
    "Ends every session of the user: all their refresh tokens stop working and their access " +
    "tokens fail on their next request. Audited as `admin.sessions_revoke`.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: UserIdParam },
  responses: {
    204: { description: "Every session of the user ended" },
    ...ADMIN_ERRORS,
    404: problem("No user with this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export type ListMineRoute = typeof listMine;
export type RemoveMineRoute = typeof removeMine;
export type RemoveOthersRoute = typeof removeOthers;
export type ListForUserRoute = typeof listForUser;
export type RemoveForUserRoute = typeof removeForUser;
