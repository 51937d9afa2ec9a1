import { sign } from "hono/jwt";
import * as oauth from "oauth4webapi";
import type { Config, IdentityProvider } from "../config";
import { ApiError } from "../lib/errors";
import { errorName, log } from "../lib/log";

/**
 * The sign-in providers as `oauth4webapi` (an OpenID-certified client) needs them: the
 * provider's metadata by discovery, cached per isolate for an hour; the client and how it
 * authenticates (a client secret, or for Apple an ES256 JWT signed with its private key). No
 * OAuth or JWT parsing is written here: every check on a response is the library's.
 */

/** How long a provider may take to answer one request before the sign-in gives up (503). */
const PROVIDER_TIMEOUT_MS = 5_000;
const DISCOVERY_TTL_MS = 3_600_000;
const APPLE_AUDIENCE = "https://appleid.apple.com";

const discovered = new Map<string, { at: number; as: Promise<oauth.AuthorizationServer> }>();
/** The JWKS cache oauth4webapi keeps per provider (`jwksCache`), shared across requests. */
const jwks = new Map<string, oauth.JWKSCacheInput>();

export function findProvider(config: Config, id: string): IdentityProvider {
  const provider = config.identityProviders.find((p) => p.id === id);
  if (!provider) throw new ApiError("not_found", `No sign-in provider "${id}" here.`);
  return provider;
}

/** Plain http only for an issuer on this machine (config.ts allows no other). */
function local(provider: IdentityProvider): boolean {
  return new URL(provider.issuer).protocol === "http:";
}

/** Request options for every call to a provider: its timeout, and http for a local issuer. */
export function requestOptions(provider: IdentityProvider) {
  return {
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    [oauth.allowInsecureRequests]: local(provider),
  };
}

/** The provider's metadata (discovery), fetched once an hour per isolate. */
export async function authorizationServer(
  provider: IdentityProvider,
): Promise<oauth.AuthorizationServer> {
  const cached = discovered.get(provider.issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.as;
  const issuer = new URL(provider.issuer);
  const as = oauth
    .discoveryRequest(issuer, { ...requestOptions(provider), algorithm: "oidc" })
    .then((response) => oauth.processDiscoveryResponse(issuer, response));
  discovered.set(provider.issuer, { at: Date.now(), as });
  try {
    return await as;
  } catch (error) {
    discovered.delete(provider.issuer);
    throw providerFailed(provider, "discovery", error);
  }
}

export function client(provider: IdentityProvider): oauth.Client {
  return { client_id: provider.client_id };
}

/** How the service authenticates to the provider's token endpoint. */
export async function clientAuthentication(
  provider: IdentityProvider,
  as: oauth.AuthorizationServer,
  now: Date,
): Promise<oauth.ClientAuth> {
  if (provider.kind === "apple")
    return oauth.ClientSecretPost(await appleClientSecret(provider, now));
  const secret = provider.clientSecret ?? "";
  const methods = as.token_endpoint_auth_methods_supported;
  return !methods || methods.includes("client_secret_basic")
    ? oauth.ClientSecretBasic(secret)
    : oauth.ClientSecretPost(secret);
}

/**
 * Apple's client secret: a short-lived ES256 JWT signed with the team's private key (Apple
 * accepts up to six months; five minutes is enough for the one token request it is made for).
 */
async function appleClientSecret(provider: IdentityProvider, now: Date): Promise<string> {
  const pem = (provider.privateKey ?? "").replace(/-----[^-]+-----|\\n|\s+/g, "");
  let jwk: JsonWebKey;
  try {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      Uint8Array.from(atob(pem), (ch) => ch.charCodeAt(0)),
      { name: "ECDSA", namedCurve: "P-256" },
      true,
      ["sign"],
    );
    jwk = (await crypto.subtle.exportKey("jwk", key)) as JsonWebKey;
  } catch (error) {
    throw providerFailed(provider, "private key", error);
  }
  const iat = Math.floor(now.getTime() / 1000);
  // hono/jwt writes the JWK's `kid` into the JOSE header, where Apple requires it.
  return sign(
    { iss: provider.team_id, iat, exp: iat + 300, aud: APPLE_AUDIENCE, sub: provider.client_id },
    { ...jwk, alg: "ES256", kid: provider.key_id },
    "ES256",
  );
}

/** The JWKS cache entry of a provider, for `validateApplicationLevelSignature`. */
export function jwksCacheOf(provider: IdentityProvider): oauth.JWKSCacheInput {
  let cache = jwks.get(provider.issuer);
  if (!cache) {
    cache = {};
    jwks.set(provider.issuer, cache);
  }
  return cache;
}

/** A provider that failed or answered garbage: logged by name, never its body; a clear 503. */
export function providerFailed(provider: IdentityProvider, step: string, error: unknown): ApiError {
  log("warn", "identity provider failed", {
    provider: provider.id,
    step,
    error: errorName(error),
    code: error instanceof oauth.OperationProcessingError ? error.code : undefined,
  });
  return new ApiError(
    "unavailable",
    `The sign-in provider "${provider.id}" did not answer as expected.`,
  );
}
