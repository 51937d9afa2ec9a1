import { z } from "@hono/zod-openapi";
import { RefreshTransportInput } from "../schemas/inputs";

export const ProviderParam = z.object({
  provider: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/)
    .openapi({ param: { name: "provider", in: "path" }, example: "google" }),
});

export const ProvidersSchema = z
  .object({
    providers: z.array(
      z.object({
        id: z.string().openapi({ example: "google" }),
        name: z.string().openapi({ example: "Google" }),
        kind: z.enum(["oidc", "apple"]),
        start_url: z.string().openapi({ example: "/v1/auth/oauth/google/start" }),
      }),
    ),
  })
  .openapi("IdentityProviders");

export const StartQuery = z.object({
  link: z.string().min(20).max(128).optional().openapi({
    description:
      "A one-time ticket from `POST /v1/users/me/identities/{provider}/link`: the flow links the provider to that account instead of signing in.",
  }),
  redirect_to: z.string().min(1).max(2048).openapi({
    description:
      "Where the browser goes back to with `login_code` (or `error`): an absolute URL on one of OAUTH_REDIRECT_ORIGINS.",
    example: "https://shop.example/signed-in",
  }),
});

/** What a provider sends back (GET query, or Apple's form_post body): read by oauth4webapi. */
export const CallbackParams = z
  .object({
    state: z.string().max(512).optional(),
    code: z.string().max(4096).optional(),
    iss: z.string().max(2048).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(1024).optional(),
    user: z.string().max(4096).optional(),
  })
  .catchall(z.string().max(4096));

export const ExchangeBody = z
  .strictObject({
    login_code: z
      .string()
      .min(16)
      .max(128)
      .openapi({ description: "The `login_code` the redirect carried (60 s, single use)." }),
    refresh_token_transport: RefreshTransportInput,
  })
  .openapi("LoginCodeExchangeRequest");

export const IdentitiesSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string().openapi({ example: "google:110169484474386276334" }),
        provider: z.string().openapi({ example: "google" }),
        email: z.string().nullable().openapi({ example: "ada@example.com" }),
        created_at: z.string().openapi({ example: "2026-12-07T10:00:00.000Z" }),
      }),
    ),
  })
  .openapi("Identities");

export const IdentityParam = z.object({
  id: z
    .string()
    .min(3)
    .max(300)
    .openapi({ param: { name: "id", in: "path" }, example: "google:110169484474386276334" }),
});

export const IdTokenBody = z
  .strictObject({
    id_token: z.string().min(20).max(8192).openapi({
      description: "The ID token the platform (Sign in with Apple, Google) gave the app.",
    }),
    nonce: z.string().min(16).max(256).openapi({
      description:
        "The raw nonce the app generated; the token's `nonce` claim must be its hex SHA-256.",
    }),
    refresh_token_transport: RefreshTransportInput,
  })
  .openapi("IdTokenSignInRequest");

export const LinkBody = z
  .strictObject({
    password: z.string().min(1).max(1024).optional().openapi({
      description:
        "The current password (the step-up proof). An account without one omits it: its proof is a sign-in of the last 5 minutes.",
    }),
    redirect_to: StartQuery.shape.redirect_to,
  })
  .openapi("LinkIdentityRequest");

export const LinkSchema = z
  .object({
    link_url: z.string().openapi({
      description:
        "Open it in the browser (a top-level navigation) within 2 minutes; it works once.",
      example: "https://accounts.example/v1/auth/oauth/google/start?redirect_to=…&link=…",
    }),
    expires_at: z.string(),
  })
  .openapi("IdentityLink");
