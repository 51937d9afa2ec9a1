import { createRoute } from "@hono/zod-openapi";
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
import { FORBIDDEN, NOT_FOUND, tags } from "./shops.problems";
import {
  AcceptBody,
  Accepted,
  InvitationPage,
  InvitationParams,
  InvitationSchema,
  InviteBody,
  MembershipList,
  PageQuery,
  ShopIdParam,
} from "./shops.schemas";

export const invite = createRoute({
  method: "post",
  path: "/shops/{id}/invitations",
  tags,
  operationId: "invite",
  summary: "Invite someone by email (rank rule)",
  description:
    "202 whether or not the address has an account; a mail with a single-use token (7 days) is " +
    "on its way. A pending invitation of the same address to the same shop is replaced — by " +
    "the rank rule for its role as well as the new one. One address gets at most one " +
    "invitation mail per shop a minute, revoked invitations included (429 with Retry-After), " +
    "and each inviter has a rate limit (INVITE_LIMITER). Invitations never wait for the " +
    "address's mail cooldown. A closed shop takes none (409).",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopIdParam, body: jsonBody(InviteBody) },
  responses: {
    202: jsonContent(InvitationSchema, "Invited"),
    ...BODY_ERRORS,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    409: problem("The shop is closed, or another invitation was just sent", "conflict"),
    429: problem(
      "An invitation mail went to this address for this shop less than a minute ago, or the inviter is over their rate limit; see Retry-After",
      "rate_limited",
    ),
    ...COMMON_ERRORS,
  },
});

export const listInvitations = createRoute({
  method: "get",
  path: "/shops/{id}/invitations",
  tags,
  operationId: "listInvitations",
  summary: "Pending invitations (manager+, admin)",
  description:
    "Invitations not yet accepted, revoked or expired, newest first, keyset pages. Never the token.",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopIdParam, query: PageQuery },
  responses: {
    200: jsonContent(InvitationPage, "One page of pending invitations, newest first"),
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export const revokeInvitation = createRoute({
  method: "delete",
  path: "/shops/{id}/invitations/{invitation_id}",
  tags,
  operationId: "revokeInvitation",
  summary: "Revoke an invitation (rank rule)",
  description:
    "By the rank rule (the invitation's role strictly below the caller's) or an admin. Its token stops working at once.",
  middleware: requireUser,
  security: BEARER,
  request: { params: InvitationParams },
  responses: {
    204: { description: "Revoked: its token no longer works" },
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: problem("No such shop, or no pending invitation with this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export const accept = createRoute({
  method: "post",
  path: "/invitations/accept",
  tags,
  operationId: "acceptInvitation",
  summary: "Accept an invitation",
  description:
    "Signed in with the verified address the invitation was sent to. The membership is created " +
    "in the same batch that spends the token: accepting twice, after revocation or after expiry " +
    "is 400 `invalid_code`. The new role shows in the `shops` claim at the next refresh.",
  middleware: requireUser,
  security: BEARER,
  request: { body: jsonBody(AcceptBody) },
  responses: {
    200: jsonContent(Accepted, "Now a member"),
    ...BODY_ERRORS,
    400: problem(
      "Invalid, expired, revoked or used token (or malformed JSON)",
      "invalid_code",
      "malformed_json",
    ),
    401: UNAUTHENTICATED,
    403: problem("Signed in with another address, or not verified", "forbidden"),
    409: problem("Already a member, or the shop is closed", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const myMemberships = createRoute({
  method: "get",
  path: "/users/me/memberships",
  tags,
  operationId: "listMyMemberships",
  summary: "My shops",
  description: "Every shop the caller belongs to, with their role there, oldest membership first.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(MembershipList, "Every shop of the caller, oldest membership first"),
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export type InviteRoute = typeof invite;

export type ListInvitationsRoute = typeof listInvitations;

export type RevokeInvitationRoute = typeof revokeInvitation;

export type AcceptRoute = typeof accept;

export type MyMembershipsRoute = typeof myMemberships;
