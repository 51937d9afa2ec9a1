import { sql } from "drizzle-orm";
import { verifyWithJwks } from "hono/jwt";
import { randomBytes, sha256Hex, toBase64Url } from "../crypto/encoding";
import { batch, raw } from "../db/client";
import { usedIdTokens } from "../db/schema";
import type { Deps } from "../deps";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { FirstFactor } from "../sessions/challenge";
import { authorizationServer, findProvider, providerFailed } from "./providers";
import { exchangeLoginCode, signInAs } from "./sign-in";

/**
 * Sign in from a native app (Sign in with Apple on iOS, Google on Android): the app hands over the
 * ID token the platform gave it, and the raw nonce it asked for. The token is verified by
 * `hono/jwt` against the provider's JWKS (signature, `iss`, `aud` — the web client id or one of
 * `native_client_ids` — `exp`, `nbf`, `iat`); its `nonce` must be the hex SHA-256 of the raw nonce
 * (Apple's convention: the app sends the hash to the platform and keeps the value); and each token
 * is accepted once. Then the same account rules and the same second step as the web flow.
 */

const ALGORITHMS = ["RS256", "ES256", "EdDSA"] as const;

function invalidToken(): ApiError {
  return new ApiError("invalid_token", "The ID token is not valid for this service.");
}

export async function signInWithIdToken(
  deps: Deps,
  input: { provider: string; idToken: string; nonce: string; transport: RefreshTransport },
): Promise<FirstFactor> {
  const provider = findProvider(deps.config, input.provider);
  const as = await authorizationServer(provider);
  if (!as.jwks_uri) throw providerFailed(provider, "metadata", "no jwks_uri");
  let payload: Record<string, unknown>;
  try {
    payload = await verifyWithJwks(
      input.idToken,
      {
        jwks_uri: as.jwks_uri,
        allowedAlgorithms: ALGORITHMS,
        verification: {
          iss: as.issuer,
          aud: [provider.client_id, ...(provider.native_client_ids ?? [])],
        },
      },
      { signal: AbortSignal.timeout(5_000) },
    );
  } catch (error) {
    if (error instanceof Error && /fetch|JWKS|abort|timeout/i.test(error.message + error.name)) {
      throw providerFailed(provider, "jwks", error);
    }
    throw invalidToken();
  }
  const sub = typeof payload.sub === "string" ? payload.sub : "";
  const exp = typeof payload.exp === "number" ? payload.exp : 0;
  if (!sub || !exp || payload.nonce !== (await sha256Hex(input.nonce))) throw invalidToken();

  const now = new Date();
  // Once per token: the first request to record it wins, however many arrive at once.
  const [recorded] = await batch(deps.db, [
    raw<{ digest: string }>(sql`
      INSERT INTO ${usedIdTokens} (digest, expires_at)
      VALUES (${await sha256Hex(input.idToken)}, ${new Date(exp * 1000).toISOString()})
      ON CONFLICT DO NOTHING
      RETURNING digest`),
  ] as const);
  if (recorded.length === 0) {
    throw new ApiError("invalid_token", "This ID token has been used already: sign in again.");
  }
  const email = typeof payload.email === "string" ? payload.email.toLowerCase() : undefined;
  const code = toBase64Url(randomBytes(32));
  const outcome = await signInAs(
    deps,
    provider,
    {
      sub,
      email,
      emailVerified: payload.email_verified === true || payload.email_verified === "true",
      name: typeof payload.name === "string" ? payload.name.slice(0, 100) : undefined,
    },
    await sha256Hex(code),
    now,
  );
  if (outcome === "account_exists") {
    throw new ApiError(
      "account_exists",
      "A verified account holds this address: sign in to it and link the provider from there.",
    );
  }
  if (outcome !== "ok") {
    throw new ApiError(
      "provider_email_unverified",
      "The provider does not vouch for this address: no account was made.",
    );
  }
  return exchangeLoginCode(deps, { code, transport: input.transport });
}
