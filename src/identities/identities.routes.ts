import { createRoute } from "@hono/zod-openapi";
import {
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  PUBLIC,
  problem,
  UNAUTHENTICATED,
  WRONG_PASSWORD,
} from "../lib/openapi";
import { requireUser } from "../middleware/auth";
import { limitByIp } from "../middleware/rate-limit";
import { SignInSchema } from "../schemas/session";
import {
  CallbackParams,
  ExchangeBody,
  IdentitiesSchema,
  IdentityParam,
  IdTokenBody,
  LinkBody,
  LinkSchema,
  ProviderParam,
  ProvidersSchema,
  StartQuery,
} from "./identities.schemas";

const tags = ["Providers"];
const NO_PROVIDER = problem(
  "No provider with this id is configured (IDENTITY_PROVIDERS)",
  "not_found",
);
const REDIRECT = {
  description: "To the provider (start), or back to `redirect_to` (callback)",
  headers: { Location: { schema: { type: "string" as const } } },
};
const BAD_STATE = problem(
  "The callback was not started in this browser (no or another `__Host-oauth` cookie), its state was used already or is older than 10 minutes",
  "invalid_state",
);
const CALLBACK_DESCRIPTION =
  "Where the provider sends the browser back. The state is spent with the `__Host-oauth` cookie " +
  "of the browser that started, then oauth4webapi checks the answer (RFC 9207 `iss`, the code " +
  "exchange with PKCE, the ID token's `iss`, `aud`, `exp`, `nonce` and its signature by the " +
  "provider's JWKS). 302 to `redirect_to` with `login_code` (60 s, single use), or with `error`: " +
  "`access_denied` (the person said no), `account_exists` (a verified account holds the address — " +
  "its owner links the provider from a session), `provider_email_unverified` (the provider does " +
  "not vouch for the address; nothing is made), `provider_unavailable`, `invalid_response`.";

export const providers = createRoute({
  method: "get",
  path: "/auth/providers",
  tags,
  operationId: "listIdentityProviders",
  security: PUBLIC,
  summary: "The providers one can sign in with",
  description:
    "The providers of IDENTITY_PROVIDERS, each with the URL a sign-in button opens " +
    "(`start_url?redirect_to=…`). Empty when none is configured.",
  responses: { 200: jsonContent(ProvidersSchema, "The configured providers"), ...COMMON_ERRORS },
});

export const start = createRoute({
  method: "get",
  path: "/auth/oauth/{provider}/start",
  tags,
  operationId: "startProviderSignIn",
  security: PUBLIC,
  summary: "Start signing in with a provider (browser navigation)",
  description:
    "302 to the provider with a single-use `state` (bound to a `__Host-oauth` cookie set here, " +
    "10 minutes), PKCE S256 and a `nonce`. 20 per minute per IP.",
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  request: { params: ProviderParam, query: StartQuery },
  responses: {
    302: REDIRECT,
    400: problem(
      "`redirect_to` is not on OAUTH_REDIRECT_ORIGINS, or the link ticket is used or expired",
      "invalid_redirect",
      "invalid_state",
    ),
    404: NO_PROVIDER,
    422: problem("A parameter failed validation", "validation_failed"),
    503: problem("The provider's discovery document could not be read", "unavailable"),
    ...COMMON_ERRORS,
  },
});

export const callback = createRoute({
  method: "get",
  path: "/auth/oauth/{provider}/callback",
  tags,
  operationId: "providerCallback",
  security: PUBLIC,
  summary: "The provider's redirect back (GET)",
  description: CALLBACK_DESCRIPTION,
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  request: { params: ProviderParam, query: CallbackParams },
  responses: {
    302: REDIRECT,
    400: BAD_STATE,
    404: NO_PROVIDER,
    422: problem("A parameter failed validation", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export const callbackPost = createRoute({
  method: "post",
  path: "/auth/oauth/{provider}/callback",
  tags,
  operationId: "providerCallbackFormPost",
  security: PUBLIC,
  summary: "The provider's redirect back (form_post, Sign in with Apple)",
  description: `${CALLBACK_DESCRIPTION} Apple posts the answer cross-site, so the cookie is \`SameSite=None\`; the state binding is what protects the flow.`,
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  request: {
    params: ProviderParam,
    body: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: CallbackParams } },
    },
  },
  responses: {
    302: REDIRECT,
    ...BODY_ERRORS,
    400: BAD_STATE,
    404: NO_PROVIDER,
    ...COMMON_ERRORS,
  },
});

export const exchange = createRoute({
  method: "post",
  path: "/auth/oauth/exchange",
  tags,
  operationId: "exchangeLoginCode",
  security: PUBLIC,
  summary: "Trade the login code for a session",
  description:
    'A session with `amr: ["oauth"]` (one factor: aal1) — or, with MFA on, `mfa_required` and ' +
    "the `mfa_token`, as after a password. Single use: a second exchange is refused.",
  middleware: [limitByIp("VERIFY_IP_LIMITER")] as const,
  request: { body: jsonBody(ExchangeBody) },
  responses: {
    200: jsonContent(SignInSchema, "Signed in, or the MFA step"),
    ...BODY_ERRORS,
    400: problem("The login code is used, expired or unknown", "invalid_code"),
    403: problem("The account is banned", "account_banned"),
    ...COMMON_ERRORS,
  },
});

export const listIdentities = createRoute({
  method: "get",
  path: "/users/me/identities",
  tags,
  operationId: "listIdentities",
  summary: "The providers linked to my account",
  description:
    "Each identity is a provider and the provider's subject; the address is the one the " +
    "provider gave when it was linked (never used to find the account).",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(IdentitiesSchema, "Oldest first"),
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const removeIdentity = createRoute({
  method: "delete",
  path: "/users/me/identities/{id}",
  tags,
  operationId: "removeIdentity",
  summary: "Unlink a provider",
  description:
    "Never the last way in: the account must keep a password, another provider or a passkey " +
    "(409 otherwise). Audited.",
  middleware: requireUser,
  security: BEARER,
  request: { params: IdentityParam },
  responses: {
    204: { description: "Unlinked" },
    401: UNAUTHENTICATED,
    404: problem("No such identity on this account", "not_found"),
    409: problem("It is the account's last way in", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const idToken = createRoute({
  method: "post",
  path: "/auth/oauth/{provider}/id-token",
  tags,
  operationId: "signInWithIdToken",
  security: PUBLIC,
  summary: "Sign in from a native app with the platform's ID token",
  description:
    "For iOS and Android apps (Sign in with Apple, Google): the ID token is verified against " +
    "the provider's JWKS (signature, `iss`, `aud` = the provider's `client_id` or one of its " +
    "`native_client_ids`, `exp`); its `nonce` must be the hex SHA-256 of `nonce`; each token is " +
    "accepted once. The same account rules and second step as the browser flow " +
    "(docs/social-sign-in.md). 20 per minute per IP.",
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  request: { params: ProviderParam, body: jsonBody(IdTokenBody) },
  responses: {
    200: jsonContent(SignInSchema, "Signed in, or the MFA step"),
    ...BODY_ERRORS,
    400: problem(
      "The provider does not vouch for the address (no account made), or the body is not JSON",
      "provider_email_unverified",
      "malformed_json",
    ),
    401: problem("The ID token is not valid here, or was used already", "invalid_token"),
    403: problem("The account is banned", "account_banned"),
    404: NO_PROVIDER,
    409: problem("A verified account holds the address: link from a session", "account_exists"),
    503: problem("The provider's keys could not be read", "unavailable"),
    ...COMMON_ERRORS,
  },
});

export const link = createRoute({
  method: "post",
  path: "/users/me/identities/{provider}/link",
  tags,
  operationId: "linkIdentity",
  summary: "Link a provider to my account (step-up, then a browser navigation)",
  description:
    "Linking adds a way in, so it starts with a step-up proof: the current password (behind the " +
    "login backoff) — or, for an account without a password, a sign-in of this session in the " +
    "last 5 minutes. The answer is a one-time URL (2 minutes) the app opens in the browser; the " +
    "provider's flow then ends on `redirect_to` with `linked=<provider>`, or `error=" +
    "identity_in_use` when that provider account already opens another account here. The holder " +
    "is told by mail.",
  middleware: requireUser,
  security: BEARER,
  request: { params: ProviderParam, body: jsonBody(LinkBody) },
  responses: {
    200: jsonContent(LinkSchema, "The URL to open"),
    ...BODY_ERRORS,
    400: problem(
      "`redirect_to` is not on OAUTH_REDIRECT_ORIGINS, or the body is not JSON",
      "invalid_redirect",
      "malformed_json",
    ),
    401: WRONG_PASSWORD,
    404: NO_PROVIDER,
    429: problem("Too many failed password checks; see Retry-After", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export type LinkRoute = typeof link;
export type IdTokenRoute = typeof idToken;
export type ListIdentitiesRoute = typeof listIdentities;
export type RemoveIdentityRoute = typeof removeIdentity;
export type ProvidersRoute = typeof providers;
export type StartRoute = typeof start;
export type CallbackRoute = typeof callback;
export type CallbackPostRoute = typeof callbackPost;
export type ExchangeRoute = typeof exchange;
