import { createRoute, z } from "@hono/zod-openapi";
import {
  ADMIN_ERRORS,
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  problem,
} from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { OIDC_SCOPES } from "./clients";

const tags = ["OpenIDClients"];

const Client = z
  .object({
    client_id: z.string().openapi({ example: "cl_3q2Zl5mJk1wY7dQ0aB9xUw" }),
    name: z.string(),
    kind: z.enum(["public", "confidential"]),
    redirect_uris: z.array(z.string()),
    scopes: z.array(z.string()),
    first_party: z.boolean(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi("OAuthClient");

const ClientParams = z.object({
  id: z
    .string()
    .regex(/^cl_[\w-]{10,64}$/)
    .openapi({ param: { name: "id", in: "path" }, example: "cl_3q2Zl5mJk1wY7dQ0aB9xUw" }),
});

export const createClient = createRoute({
  method: "post",
  path: "/oauth/clients",
  tags,
  operationId: "createOAuthClient",
  summary: "Register an app that signs people in with this service (admin)",
  description:
    "A `public` client (a mobile or single-page app) proves itself with PKCE alone; a " +
    "`confidential` one (a server) also with `client_secret`, in this answer only (kept as its " +
    "SHA-256). Redirect URIs are compared exactly: https, the loopback IPs `http://127.0.0.1` and " +
    "`http://[::1]` (any port at sign-in, RFC 8252), or a private-use scheme that is a reversed " +
    "domain (`com.example.app:/cb`) — the last two for public clients only. `first_party`: the " +
    "chain's own app, shown no consent page.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(1).max(80).openapi({ example: "Loyalty app" }),
          kind: z.enum(["public", "confidential"]),
          redirect_uris: z
            .array(z.string().max(512))
            .min(1)
            .max(10)
            .openapi({ example: ["com.example.loyalty:/oauth"] }),
          scopes: z
            .array(z.enum(OIDC_SCOPES))
            .min(1)
            .max(OIDC_SCOPES.length)
            .default(["openid", "profile", "email"]),
          first_party: z.boolean().default(false),
        })
        .openapi("OAuthClientRequest"),
    ),
  },
  responses: {
    201: jsonContent(
      Client.extend({ client_secret: z.string().optional() }).openapi("OAuthClientCreated"),
      "Registered — a confidential client's secret is shown this once",
    ),
    ...BODY_ERRORS,
    ...ADMIN_ERRORS,
    ...COMMON_ERRORS,
  },
});

export const listClients = createRoute({
  method: "get",
  path: "/oauth/clients",
  tags,
  operationId: "listOAuthClients",
  summary: "The registered clients (admin)",
  description: "Newest first, revoked ones included; never a secret.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  responses: {
    200: jsonContent(z.object({ items: z.array(Client) }).openapi("OAuthClients"), "The clients"),
    ...ADMIN_ERRORS,
    ...COMMON_ERRORS,
  },
});

export const getClient = createRoute({
  method: "get",
  path: "/oauth/clients/{id}",
  tags,
  operationId: "getOAuthClient",
  summary: "One client (admin)",
  description: "Never its secret.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: ClientParams },
  responses: {
    200: jsonContent(Client, "The client"),
    ...ADMIN_ERRORS,
    404: problem("No client with this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export const updateClient = createRoute({
  method: "patch",
  path: "/oauth/clients/{id}",
  tags,
  operationId: "updateOAuthClient",
  summary: "Change a client (admin)",
  description:
    "Its name, redirect URIs, scopes or first-party flag — never its kind or secret (register a " +
    "new client for those). The same rules as at registration. A change applies to the next " +
    "authorization: grants already made keep their scopes until they end (revoke the client to " +
    "end them all). Audited; `oauth_client.updated` is sent.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: {
    params: ClientParams,
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(1).max(80).optional(),
          redirect_uris: z.array(z.string().max(512)).min(1).max(10).optional(),
          scopes: z.array(z.enum(OIDC_SCOPES)).min(1).max(OIDC_SCOPES.length).optional(),
          first_party: z.boolean().optional(),
        })
        .refine((patch) => Object.keys(patch).length > 0, "change at least one field")
        .openapi("OAuthClientPatch", { example: { name: "Loyalty app (2027)" } }),
    ),
  },
  responses: {
    200: jsonContent(Client, "The client as changed"),
    ...BODY_ERRORS,
    ...ADMIN_ERRORS,
    404: problem("No client with this id", "not_found"),
    409: problem("The client is revoked", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const revokeClient = createRoute({
  method: "delete",
  path: "/oauth/clients/{id}",
  tags,
  operationId: "revokeOAuthClient",
  summary: "Revoke a client (admin)",
  description:
    "It signs nobody in again, and every grant it holds stops working: its refresh tokens are " +
    "refused and its access tokens fail at userinfo and introspection. Idempotent; audited; " +
    "`oauth_client.revoked` is sent.",
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: { params: ClientParams },
  responses: {
    204: { description: "Revoked" },
    ...ADMIN_ERRORS,
    404: problem("No client with this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export type CreateClientRoute = typeof createClient;
export type ListClientsRoute = typeof listClients;
export type GetClientRoute = typeof getClient;
export type UpdateClientRoute = typeof updateClient;
export type RevokeClientRoute = typeof revokeClient;
