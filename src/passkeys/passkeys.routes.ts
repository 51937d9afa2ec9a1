import { createRoute, z } from "@hono/zod-openapi";
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
import { RefreshTransportInput, StepUpPassword } from "../schemas/inputs";
import { SessionSchema } from "../schemas/session";

const tags = ["Passkeys"];

const Options = z.record(z.string(), z.unknown()).openapi("WebAuthnOptions", {
  description:
    "PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON: pass to " +
    "`@simplewebauthn/browser` (`startRegistration` / `startAuthentication`). The challenge " +
    "works once, for 5 minutes, for this ceremony only.",
});

const Credential = z
  .looseObject({
    id: z.string().max(1024),
    rawId: z.string().max(1024),
    type: z.literal("public-key"),
    response: z.looseObject({ clientDataJSON: z.string().max(4096) }),
  })
  .openapi("WebAuthnCredential", {
    description: "What the browser's WebAuthn call returned, as JSON (`@simplewebauthn/browser`).",
  });

export const PasskeySchema = z
  .object({
    id: z.uuid(),
    name: z.string().openapi({ example: "Ada's phone" }),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    backed_up: z.boolean().openapi({ description: "Synced by a passkey provider (multi-device)." }),
    transports: z.array(z.string()).openapi({ example: ["internal", "hybrid"] }),
  })
  .openapi("Passkey");

const PasskeyId = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

const BAD_RESPONSE = problem(
  "Malformed JSON, or a response that does not complete this ceremony (unknown, expired, used or foreign challenge, bad signature)",
  "invalid_code",
  "malformed_json",
);

export const registrationOptions = createRoute({
  method: "post",
  path: "/users/me/passkeys/options",
  tags,
  operationId: "passkeyRegistrationOptions",
  summary: "Start adding a passkey",
  description:
    "Adding a passkey binds a new way in, so it starts with a step-up proof: the current " +
    "password (behind the login backoff), or for an account without one a sign-in of the last " +
    "5 minutes — a bare access token never adds a passkey. Answers the " +
    "registration options for the caller (their passkeys excluded; user verification required). " +
    "EdDSA, ES256, RS256.",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(
      z.strictObject({ password: StepUpPassword }).openapi("PasskeyOptionsRequest", {
        example: { password: "espresso-doppio-42!" },
      }),
    ),
  },
  responses: {
    200: jsonContent(Options, "Options for the browser"),
    ...BODY_ERRORS,
    401: WRONG_PASSWORD,
    429: problem("Too many failed password checks; see Retry-After", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export const register = createRoute({
  method: "post",
  path: "/users/me/passkeys",
  tags,
  operationId: "addPasskey",
  summary: "Add a passkey",
  description: "The browser's answer to the registration options. The holder is told by mail.",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(1).max(100).optional(),
          response: Credential,
        })
        .openapi("AddPasskeyRequest"),
    ),
  },
  responses: {
    201: jsonContent(PasskeySchema, "Added"),
    ...BODY_ERRORS,
    400: BAD_RESPONSE,
    401: UNAUTHENTICATED,
    409: problem("This passkey is already registered", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const list = createRoute({
  method: "get",
  path: "/users/me/passkeys",
  tags,
  operationId: "listPasskeys",
  summary: "My passkeys",
  description: "The caller's passkeys, oldest first — never a public key or a credential id.",
  middleware: requireUser,
  security: BEARER,
  responses: {
    200: jsonContent(
      z.object({ items: z.array(PasskeySchema) }).openapi("PasskeyList"),
      "Oldest first",
    ),
    401: UNAUTHENTICATED,
    ...COMMON_ERRORS,
  },
});

export const rename = createRoute({
  method: "patch",
  path: "/users/me/passkeys/{id}",
  tags,
  operationId: "renamePasskey",
  summary: "Rename a passkey",
  description: "Only the name changes.",
  middleware: requireUser,
  security: BEARER,
  request: {
    params: PasskeyId,
    body: jsonBody(
      z.strictObject({ name: z.string().trim().min(1).max(100) }).openapi("RenamePasskeyRequest"),
    ),
  },
  responses: {
    200: jsonContent(PasskeySchema, "Renamed"),
    ...BODY_ERRORS,
    401: UNAUTHENTICATED,
    404: problem("No passkey of yours has this id", "not_found"),
    ...COMMON_ERRORS,
  },
});

export const remove = createRoute({
  method: "delete",
  path: "/users/me/passkeys/{id}",
  tags,
  operationId: "removePasskey",
  summary: "Remove a passkey",
  description:
    "The last strong factor (the only passkey of an account without TOTP MFA) needs `password` " +
    "(behind the password backoff). The holder is told by mail.",
  middleware: requireUser,
  security: BEARER,
  request: {
    params: PasskeyId,
    body: jsonBody(
      z.strictObject({ password: z.string().max(1024).optional() }).openapi("RemovePasskeyRequest"),
      undefined,
      { required: false },
    ),
  },
  responses: {
    204: { description: "Removed" },
    ...BODY_ERRORS,
    401: problem(
      "Missing or invalid token, or a wrong password",
      "unauthorized",
      "invalid_token",
      "invalid_credentials",
    ),
    403: problem("The last strong factor needs the password", "forbidden"),
    404: problem("No passkey of yours has this id", "not_found"),
    429: problem("Too many wrong passwords; see Retry-After", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export const authenticationOptions = createRoute({
  method: "post",
  path: "/auth/passkey/options",
  tags,
  operationId: "passkeySignInOptions",
  summary: "Start a passkey sign-in",
  description: "Discoverable credentials: no email needed.",
  security: PUBLIC,
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  responses: {
    200: jsonContent(Options, "Options for the browser"),
    429: problem("Too many requests", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export const signIn = createRoute({
  method: "post",
  path: "/auth/passkey/verify",
  tags,
  operationId: "passkeySignIn",
  summary: "Sign in with a passkey",
  description:
    "User verification is required (an assertion without the UV flag → 400 `invalid_code` " +
    "saying so), so a passkey sign-in is multi-factor and phishing-resistant (aal2): the " +
    'session\'s `amr` is `["hwk", "user", "mfa"]`, no TOTP follows, and it satisfies ' +
    "ADMIN_MFA_REQUIRED. A signature counter that does not grow is refused (unless both are 0).",
  security: PUBLIC,
  middleware: [limitByIp("LOGIN_IP_LIMITER")] as const,
  request: {
    body: jsonBody(
      z
        .strictObject({ response: Credential, refresh_token_transport: RefreshTransportInput })
        .openapi("PasskeySignInRequest"),
    ),
  },
  responses: {
    200: jsonContent(SessionSchema, "Signed in"),
    ...BODY_ERRORS,
    400: BAD_RESPONSE,
    401: problem(
      "Unknown passkey, bad signature, or a counter that did not grow",
      "invalid_credentials",
    ),
    403: problem("The account is not verified", "email_not_verified"),
    429: problem("Too many requests", "rate_limited"),
    ...COMMON_ERRORS,
  },
});

export type RegistrationOptionsRoute = typeof registrationOptions;
export type RegisterRoute = typeof register;
export type ListRoute = typeof list;
export type RenameRoute = typeof rename;
export type RemoveRoute = typeof remove;
export type AuthenticationOptionsRoute = typeof authenticationOptions;
export type SignInRoute = typeof signIn;
