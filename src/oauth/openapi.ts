import { z } from "@hono/zod-openapi";
import type { AppOpenAPI } from "../http/types";
import { jsonContent, problem } from "../lib/openapi";
import { OIDC_SCOPES } from "./clients";

/**
 * The OpenID provider's protocol endpoints in the OpenAPI document. They are plain Hono routes
 * (their errors are OAuth's `{error, error_description}` JSON, which relying-party libraries read,
 * not problem+json), so they are described here, beside the schemas of their forms and answers.
 */

const tags = ["OpenIDProvider"];

const OAuthError = z
  .object({
    error: z.string().openapi({ example: "invalid_grant" }),
    error_description: z.string().openapi({
      example:
        "The code is unknown, expired, already used, or was issued to another client, redirect URI or verifier.",
    }),
  })
  .openapi("OAuthError", { description: "RFC 6749 §5.2: never problem+json on these endpoints." });

const oauthError = (description: string) => ({
  description,
  content: { "application/json": { schema: OAuthError } },
});

const form = (schema: z.ZodType, description: string) => ({
  required: true,
  description,
  content: { "application/x-www-form-urlencoded": { schema } },
});

const BASIC: Record<string, string[]>[] = [{ clientSecretBasic: [] }, { clientSecretPost: [] }, {}];

const TokenRequest = z
  .object({
    grant_type: z.enum(["authorization_code", "refresh_token"]),
    code: z.string().optional().openapi({ description: "authorization_code: the code." }),
    redirect_uri: z
      .string()
      .optional()
      .openapi({ description: "authorization_code: exactly the one of the request." }),
    code_verifier: z
      .string()
      .optional()
      .openapi({ description: "authorization_code: the PKCE verifier (43–128 characters)." }),
    refresh_token: z.string().optional().openapi({ description: "refresh_token: the token." }),
    client_id: z
      .string()
      .optional()
      .openapi({ description: "Public clients; or with client_secret (client_secret_post)." }),
    client_secret: z.string().optional(),
  })
  .openapi("OAuthTokenRequest");

const TokenResponse = z
  .object({
    access_token: z.string().openapi({
      description: "A JWT of this service with `aud` the client; for userinfo and the client.",
    }),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ example: 900 }),
    id_token: z.string().openapi({
      description:
        "Signed with JWT_SIGNING_KEY (see the JWKS): iss sub aud exp iat auth_time nonce amr acr sid, and the claims of the scopes.",
    }),
    scope: z.string().openapi({ example: "openid email offline_access" }),
    refresh_token: z
      .string()
      .optional()
      .openapi({ description: "With `offline_access`; rotates on every use." }),
  })
  .openapi("OAuthTokenResponse");

const TokenForm = z.object({
  token: z.string(),
  token_type_hint: z.enum(["access_token", "refresh_token"]).optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

export function documentProvider(app: AppOpenAPI): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "clientSecretBasic", {
    type: "http",
    scheme: "basic",
    description: "A confidential OpenID client: its id and secret (RFC 6749 §2.3.1).",
  });
  registry.registerComponent("securitySchemes", "clientSecretPost", {
    type: "apiKey",
    in: "query",
    name: "client_secret",
    description: "A confidential OpenID client's secret as a form field (client_secret_post).",
  });

  registry.registerPath({
    method: "get",
    path: "/.well-known/openid-configuration",
    tags,
    operationId: "openidConfiguration",
    security: [],
    summary: "OpenID provider metadata (discovery)",
    description:
      "OpenID Connect Discovery 1.0: the issuer (`PUBLIC_URL`), the endpoints, what is supported " +
      "(code flow, PKCE S256, `none`/`login`/`consent` prompts). 503 while JWT_SIGNING_KEY (an " +
      "asymmetric key) or PUBLIC_URL is missing.",
    responses: {
      200: jsonContent(
        z
          .looseObject({
            issuer: z.string().openapi({ example: "https://accounts.example.com" }),
            authorization_endpoint: z.string(),
            token_endpoint: z.string(),
            userinfo_endpoint: z.string(),
            jwks_uri: z.string(),
            scopes_supported: z.array(z.enum(OIDC_SCOPES)),
            code_challenge_methods_supported: z.array(z.literal("S256")),
          })
          .openapi("OpenIdConfiguration"),
        "The provider's metadata",
      ),
      503: problem("The provider is not configured", "unavailable"),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/oauth/authorize",
    tags,
    operationId: "oauthAuthorize",
    security: [],
    summary: "Start a sign-in for an app (a page for people)",
    description:
      "Authorization code flow only, PKCE S256 for every client, `state`, `nonce`, `prompt`, " +
      "`max_age`, `login_hint`. An HTML page: the hosted sign-in (password and second step, " +
      "passkey, mailed code, the configured providers), then consent for third-party apps; " +
      "then 302 to the redirect URI with `code`, `state` and `iss`. An unknown client or an " +
      "inexact redirect URI is a 400 page and never a redirect; other errors go back to the " +
      "redirect URI (RFC 6749 §4.1.2.1).",
    request: {
      query: z.object({
        client_id: z.string(),
        redirect_uri: z.string(),
        response_type: z.literal("code"),
        scope: z.string().openapi({ example: "openid email" }),
        code_challenge: z.string(),
        code_challenge_method: z.literal("S256"),
        state: z.string().optional(),
        nonce: z.string().optional(),
        prompt: z.enum(["none", "login", "consent"]).optional(),
        max_age: z.string().optional(),
        login_hint: z.string().optional(),
      }),
    },
    responses: {
      200: {
        description: "The sign-in or consent page",
        content: { "text/html": { schema: z.string() } },
      },
      302: { description: "Back to the app: `code` (or `error`), `state`, `iss`" },
      400: {
        description: "An unknown client or an inexact redirect URI (a page)",
        content: { "text/html": { schema: z.string() } },
      },
      503: {
        description: "The provider is not configured (a page)",
        content: { "text/html": { schema: z.string() } },
      },
    },
  });

  registry.registerPath({
    method: "post",
    path: "/oauth/token",
    tags,
    operationId: "oauthToken",
    summary: "Redeem a code, or refresh a grant",
    description:
      "`authorization_code`: single use, 60 seconds, bound to the client, the redirect URI and " +
      "the PKCE verifier; a second use ends the grant the first started. `refresh_token`: the " +
      "API's rotation and reuse detection, for the client's own grants only. Client " +
      "authentication: `client_secret_basic` or `client_secret_post` (confidential), `none` " +
      "(public). One D1 round trip.",
    security: BASIC,
    request: { body: form(TokenRequest, "Form-encoded, each parameter once") },
    responses: {
      200: jsonContent(TokenResponse, "Tokens (Cache-Control: no-store)"),
      400: oauthError("invalid_request, invalid_grant, unsupported_grant_type"),
      401: oauthError("invalid_client"),
      503: problem("The provider is not configured", "unavailable"),
    },
  });

  const userinfo = {
    tags,
    summary: "The signed-in person's claims, for the app",
    description:
      "With a grant's access token (Bearer). `sub` and the claims of the granted scopes: " +
      "`email`/`email_verified`, `name`/`given_name`/`family_name`/`updated_at`, `shops`. One D1 " +
      "round trip; an ended grant, a ban or a revoked client answers 401.",
    security: [{ bearerAuth: [] }],
    responses: {
      200: jsonContent(
        z
          .looseObject({
            sub: z.string(),
            email: z.string().optional(),
            email_verified: z.boolean().optional(),
            name: z.string().nullable().optional(),
          })
          .openapi("OpenIdUserinfo"),
        "The claims",
      ),
      401: oauthError("invalid_token (WWW-Authenticate: Bearer)"),
      503: problem("The provider is not configured", "unavailable"),
    },
  };
  registry.registerPath({
    method: "get",
    path: "/oauth/userinfo",
    operationId: "oauthUserinfo",
    ...userinfo,
  });
  registry.registerPath({
    method: "post",
    path: "/oauth/userinfo",
    operationId: "oauthUserinfoPost",
    ...userinfo,
  });

  registry.registerPath({
    method: "post",
    path: "/oauth/revoke",
    tags,
    operationId: "oauthRevoke",
    summary: "End a grant by one of its tokens (RFC 7009)",
    description:
      "A refresh or access token of this client's grants ends that grant, every token of it. " +
      "Unknown tokens and other clients' tokens change nothing and get the same 200.",
    security: BASIC,
    request: { body: form(TokenForm.openapi("OAuthTokenForm"), "Form-encoded") },
    responses: {
      200: { description: "Done (or nothing to do)" },
      400: oauthError("invalid_request"),
      401: oauthError("invalid_client"),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/oauth/introspect",
    tags,
    operationId: "oauthIntrospect",
    summary: "Is this token live? (RFC 7662, confidential clients)",
    description:
      "About the calling client's own grants only: anything else, or a token whose grant has " +
      "ended, is `{active: false}`.",
    security: [{ clientSecretBasic: [] }, { clientSecretPost: [] }],
    request: { body: form(TokenForm, "Form-encoded") },
    responses: {
      200: jsonContent(
        z
          .object({
            active: z.boolean(),
            client_id: z.string().optional(),
            sub: z.string().optional(),
            scope: z.string().optional(),
            exp: z.number().optional(),
            token_type: z.enum(["access_token", "refresh_token"]).optional(),
          })
          .openapi("OAuthIntrospection"),
        "The token's state",
      ),
      400: oauthError("invalid_request"),
      401: oauthError("invalid_client"),
      403: oauthError("unauthorized_client: a public client"),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/oauth/logout",
    tags,
    operationId: "oauthLogout",
    security: [],
    summary: "Sign out from an app (RP-initiated logout, a page for people)",
    description:
      "With an `id_token_hint` this provider signed: the browser's session here and the grant " +
      "the token names end, then 302 to `post_logout_redirect_uri` when it is one of that " +
      "client's registered redirect URIs (with `state`). Without a hint, a page asks first.",
    request: {
      query: z.object({
        id_token_hint: z.string().optional(),
        post_logout_redirect_uri: z.string().optional(),
        state: z.string().optional(),
      }),
    },
    responses: {
      200: {
        description: "A page: signed out, or asking first",
        content: { "text/html": { schema: z.string() } },
      },
      302: { description: "Back to the app" },
      400: { description: "Not used: a bad hint is a page asking first" },
    },
  });
}
