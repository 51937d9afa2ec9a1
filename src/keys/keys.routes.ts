import { createRoute, z } from "@hono/zod-openapi";
import { jsonContent, PUBLIC, problem } from "../lib/openapi";

/**
 * How long verifiers may cache the key set. The rotation runbook waits at least this long
 * between publishing a new key and signing with it (docs/api.md, "Tokens other services verify").
 */
export const JWKS_MAX_AGE_SECONDS = 300;

const JwkSchema = z
  .object({
    kty: z.enum(["OKP", "EC"]).openapi({ example: "OKP" }),
    crv: z.enum(["Ed25519", "P-256"]).openapi({ example: "Ed25519" }),
    x: z.string().openapi({ example: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }),
    y: z.string().optional().openapi({ description: "ES256 (P-256) keys only." }),
    kid: z.string().openapi({
      description: "The key id every token signed with this key names in its header.",
      example: "kXlLJ5UQ5ZQ4bJ1gRUnpQhtwSWXQRrbYZ4P1aW6e1tE",
    }),
    alg: z.enum(["EdDSA", "ES256"]).openapi({ example: "EdDSA" }),
    use: z.literal("sig"),
  })
  .openapi("Jwk", { description: "A public signing key (RFC 7517); never a private member." });

export const jwks = createRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  tags: ["Keys"],
  operationId: "jwks",
  security: PUBLIC,
  summary: "Public keys that verify access tokens",
  description:
    "The JSON Web Key Set (RFC 7517) other services verify access tokens with: the public half " +
    "of `JWT_SIGNING_KEY` first, then the older keys of `JWT_VERIFY_KEYS` kept during a " +
    "rotation. A token is valid only if its header's `kid` is listed here and its `alg` is that " +
    'key\'s `alg`. Empty (`{"keys": []}`) in the default HS256 mode, where only this service ' +
    `can verify tokens. Cacheable for ${JWKS_MAX_AGE_SECONDS} seconds (\`Cache-Control: public, ` +
    `max-age=${JWKS_MAX_AGE_SECONDS}\`), less than the rotation's overlap. A valid signature ` +
    "does not mean the session is still live: ask the service binding's `verifyAccessToken` " +
    "when an ended session must be refused before its tokens expire.",
  responses: {
    200: jsonContent(
      z.object({ keys: z.array(JwkSchema) }).openapi("JwkSet"),
      "The published public keys",
    ),
    503: problem("The service is misconfigured", "unavailable"),
  },
});

export type JwksRoute = typeof jwks;

const AppSiteAssociation = z
  .object({
    webcredentials: z.object({
      apps: z.array(z.string()).openapi({ example: ["ABCDE12345.com.example.coffee"] }),
    }),
  })
  .openapi("AppleAppSiteAssociation");

const AssetLinks = z
  .array(
    z.object({
      relation: z.array(z.string()),
      target: z.object({
        namespace: z.literal("android_app"),
        package_name: z.string().openapi({ example: "com.example.coffee" }),
        sha256_cert_fingerprints: z.array(z.string()),
      }),
    }),
  )
  .openapi("AssetLinks");

const NO_APPS = problem("No native app is configured", "not_found");

export const appleAppSiteAssociation = createRoute({
  method: "get",
  path: "/.well-known/apple-app-site-association",
  tags: ["Keys"],
  operationId: "appleAppSiteAssociation",
  security: PUBLIC,
  summary: "Which iOS apps may use this domain's passkeys",
  description:
    "Apple's association file: the apps of APPLE_APP_IDS (`TEAMID.bundle.id`) may create and " +
    "use passkeys for this relying party. 404 while none is configured.",
  responses: { 200: jsonContent(AppSiteAssociation, "The association"), 404: NO_APPS },
});

export const assetLinks = createRoute({
  method: "get",
  path: "/.well-known/assetlinks.json",
  tags: ["Keys"],
  operationId: "assetLinks",
  security: PUBLIC,
  summary: "Which Android apps may use this domain's passkeys",
  description:
    "Digital Asset Links: the apps of ANDROID_APP_FINGERPRINTS (`package=SHA-256 of the signing " +
    "certificate`) share this domain's credentials. 404 while none is configured.",
  responses: { 200: jsonContent(AssetLinks, "The statements"), 404: NO_APPS },
});

export type AppleAppSiteAssociationRoute = typeof appleAppSiteAssociation;
export type AssetLinksRoute = typeof assetLinks;
