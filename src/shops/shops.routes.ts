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
import { CHANGED, FORBIDDEN, NOT_FOUND, tags } from "./shops.problems";
import {
  CreateShopBody,
  ListShopsQuery,
  MemberPage,
  MemberParams,
  MemberSchema,
  PageQuery,
  PatchMemberBody,
  PatchShopBody,
  PermissionTable,
  ShopIdParam,
  ShopPage,
  ShopSchema,
} from "./shops.schemas";

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

export type PermissionsRoute = typeof permissions;

export type CreateRoute = typeof create;

export type ListRoute = typeof list;

export type GetOneRoute = typeof getOne;

export type PatchRoute = typeof patch;

export type ListMembersRoute = typeof listMembers;

export type PatchMemberRoute = typeof patchMember;

export type RemoveMemberRoute = typeof removeMember;
