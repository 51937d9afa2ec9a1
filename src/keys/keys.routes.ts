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
