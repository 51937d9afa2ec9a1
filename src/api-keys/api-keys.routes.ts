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
import { requireApiKey } from "./api-key.middleware";
import {
  ApiKeyPage,
  CreatedApiKey,
  CreateKeyBody,
  KeyPageQuery,
  KeyParams,
  KeySelf,
  ShopKeyParams,
} from "./api-keys.schemas";

const tags = ["ApiKeys"];
const NOT_FOUND = problem(
  "No such shop — or the caller is neither a member nor an admin",
  "not_found",
);
const FORBIDDEN = problem(
  "Only the shop's owners and managers (and admins with admin power) manage keys",
  "forbidden",
  "mfa_required",
);

export const create = createRoute({
  method: "post",
  path: "/shops/{id}/api-keys",
  tags,
  operationId: "createApiKey",
  summary: "Make a key for a till or kiosk (owner, manager, admin)",
  description:
    "The key (`csk_` + 256 random bits) is in this answer only; it is stored as its SHA-256. " +
    "`scopes` must be a subset of the maker's own permissions in the shop. A closed shop takes " +
    "no new keys (409).",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopKeyParams, body: jsonBody(CreateKeyBody) },
  responses: {
    201: jsonContent(CreatedApiKey, "Made — the key is shown this once"),
    ...BODY_ERRORS,
    401: UNAUTHENTICATED,
    403: problem(
      "The caller may not manage keys here (an admin without the two-factor session ADMIN_MFA_REQUIRED asks: `mfa_required`), or asked for scopes beyond their own",
      "forbidden",
      "mfa_required",
    ),
    404: NOT_FOUND,
    409: problem("The shop is closed", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const list = createRoute({
  method: "get",
  path: "/shops/{id}/api-keys",
  tags,
  operationId: "listApiKeys",
  summary: "A shop's live keys (owner, manager, admin)",
  description:
    "Keys not revoked, newest first, keyset pages — never the key itself; `last_used_at` is at most a minute behind.",
  middleware: requireUser,
  security: BEARER,
  request: { params: ShopKeyParams, query: KeyPageQuery },
  responses: {
    200: jsonContent(ApiKeyPage, "Newest first, without the keys"),
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export const revoke = createRoute({
  method: "delete",
  path: "/shops/{id}/api-keys/{key_id}",
  tags,
  operationId: "revokeApiKey",
  summary: "Revoke a key (owner, manager, admin)",
  description:
    "Refused by this API from the next request; sibling Workers that verify keys over the " +
    "Service Binding cache an answer for up to 30 s.",
  middleware: requireUser,
  security: BEARER,
  request: { params: KeyParams },
  responses: {
    204: { description: "Revoked" },
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: problem("No such shop, or no live key with this id in it", "not_found"),
    ...COMMON_ERRORS,
  },
});

export const self = createRoute({
  method: "get",
  path: "/api-keys/self",
  tags,
  operationId: "apiKeySelf",
  summary: "The key that calls (for tills)",
  description:
    "`Authorization: Bearer csk_…`. Every key that is not live — malformed, expired, revoked, of " +
    "a closed shop — gets the same 401 `invalid_token`; a person's access token too. Each key " +
    "has its own rate limit (429 with Retry-After).",
  middleware: requireApiKey,
  security: [{ apiKeyAuth: [] }],
  responses: {
    200: jsonContent(KeySelf, "The key's shop and scopes"),
    401: problem("No key, or not a live key", "unauthorized", "invalid_token"),
    429: problem("This key's rate limit", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export type CreateRoute = typeof create;
export type ListRoute = typeof list;
export type RevokeRoute = typeof revoke;
export type SelfRoute = typeof self;
