import { createRoute } from "@hono/zod-openapi";
import {
  ADMIN_ERRORS,
  BEARER,
  BODY_ERRORS,
  BOOKMARK_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  PUBLIC,
  problem,
  UNAUTHENTICATED,
} from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { staleReads } from "../middleware/stale-reads";
import {
  AcceptBody,
  Accepted,
  CreateShopBody,
  InvitationPage,
  InvitationParams,
  InvitationSchema,
  InviteBody,
  ListShopsQuery,
  MemberPage,
  MemberParams,
  MemberSchema,
  MembershipList,
  PageQuery,
  PatchMemberBody,
  PatchShopBody,
  PermissionTable,
  ShopIdParam,
  ShopPage,
  ShopSchema,
} from "./shops.schemas";

const tags = ["Shops"];
const NOT_FOUND = problem(
  "No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable)",
  "not_found",
);
const FORBIDDEN = problem(
  "The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks",
  "forbidden",
  "mfa_required",
);
const CHANGED = problem("The shop, the membership or the invitation changed meanwhile", "conflict");

export const permissions = createRoute({
  method: "get",
  path: "/permissions",
  tags,
  operationId: "getPermissions",
  summary: "What each shop role may do",
  description:
    "The fixed table of permissions per shop role. Sibling services and tills use these words " +
    "(`authorize(token, shopId, permission)` over the Service Binding; an API key's `scopes`).",
  security: PUBLIC,
  responses: { 200: jsonContent(PermissionTable, "The table"), ...COMMON_ERRORS },
});

export const create = createRoute({
  method: "post",
  path: "/shops",
  tags,
  operationId: "createShop",
  summary: "Create a shop (admin)",
  description:
    "`slug` is unique (`[a-z0-9-]{3,40}`); `timezone` an IANA name. The shop starts `active` " +
    "and without members: invite its owner next.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { body: jsonBody(CreateShopBody) },
  responses: {
    201: jsonContent(ShopSchema, "Created"),
    ...BODY_ERRORS,
    ...ADMIN_ERRORS,
    409: problem("The slug is taken", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const list = createRoute({
  method: "get",
  path: "/shops",
  tags,
  operationId: "listShops",
  summary: "List shops",
  description:
    "Admins: every shop. Everyone else: the shops they belong to, with their `role`. Newest " +
    "first, keyset pages (pass `next_cursor` back as `cursor`; a cursor is bound to its filters).",
  middleware: [requireUser, staleReads] as const,
  security: BEARER,
  request: { query: ListShopsQuery },
  responses: {
    ...BOOKMARK_ERRORS,
    200: jsonContent(ShopPage, "One page of shops"),
    401: UNAUTHENTICATED,
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export const getOne = createRoute({
  method: "get",
  path: "/shops/{id}",
  tags,
  operationId: "getShop",
  summary: "Get a shop (members, admins)",
  description:
    "The shop, for its members and for admins; 404 for anyone else (as for a shop that does not exist).",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopIdParam },
  responses: {
    200: jsonContent(ShopSchema, "The shop"),
    401: UNAUTHENTICATED,
    404: NOT_FOUND,
    ...COMMON_ERRORS,
  },
});

export const patch = createRoute({
  method: "patch",
  path: "/shops/{id}",
  tags,
  operationId: "patchShop",
  summary: "Update a shop (owner, admin)",
  description: "Closing a shop keeps its members and refuses new invitations and keys.",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopIdParam, body: jsonBody(PatchShopBody) },
  responses: {
    200: jsonContent(ShopSchema, "The shop as changed"),
    ...BODY_ERRORS,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    ...COMMON_ERRORS,
  },
});

export const listMembers = createRoute({
  method: "get",
  path: "/shops/{id}/members",
  tags,
  operationId: "listMembers",
  summary: "A shop's staff (manager+, admin)",
  description: "Oldest first, keyset pages.",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopIdParam, query: PageQuery },
  responses: {
    200: jsonContent(MemberPage, "One page of members"),
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export const patchMember = createRoute({
  method: "patch",
  path: "/shops/{id}/members/{user_id}",
  tags,
  operationId: "patchMember",
  summary: "Change a member's role (rank rule)",
  description:
    "Only to and from roles strictly below the caller's own (an owner manages managers and " +
    "baristas, a manager baristas); admins may do anything; nobody changes their own role. A " +
    "demotion ends the member's current access tokens at their next request; a promotion shows " +
    "in the `shops` claim at their next refresh.",
  middleware: requireUser,
  security: BEARER,
  request: { params: MemberParams, body: jsonBody(PatchMemberBody) },
  responses: {
    200: jsonContent(MemberSchema, "The member as changed"),
    ...BODY_ERRORS,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: problem("No such shop, or the user is not a member", "not_found"),
    409: CHANGED,
    ...COMMON_ERRORS,
  },
});

export const removeMember = createRoute({
  method: "delete",
  path: "/shops/{id}/members/{user_id}",
  tags,
  operationId: "removeMember",
  summary: "Remove a member (rank rule), or leave",
  description:
    "By the rank rule, by an admin, or the member themself. A shop's last owner can be removed " +
    "only by an admin (409 `last_owner`). The member's access tokens stop working at once.",
  middleware: requireUser,
  security: BEARER,
  request: { params: MemberParams },
  responses: {
    204: { description: "Removed" },
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: problem("No such shop, or the user is not a member", "not_found"),
    409: problem("The last owner, or the membership changed meanwhile", "last_owner", "conflict"),
    ...COMMON_ERRORS,
  },
});

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

export type PermissionsRoute = typeof permissions;
export type CreateRoute = typeof create;
export type ListRoute = typeof list;
export type GetOneRoute = typeof getOne;
export type PatchRoute = typeof patch;
export type ListMembersRoute = typeof listMembers;
export type PatchMemberRoute = typeof patchMember;
export type RemoveMemberRoute = typeof removeMember;
export type InviteRoute = typeof invite;
export type ListInvitationsRoute = typeof listInvitations;
export type RevokeInvitationRoute = typeof revokeInvitation;
export type AcceptRoute = typeof accept;
export type MyMembershipsRoute = typeof myMemberships;
