import type { Config } from "../config";
import type { AccessTokenSettings } from "../crypto/tokens";
import { ApiError } from "../lib/errors";
import { accessTokenSettings } from "../sessions/store";
import { OIDC_SCOPES } from "./clients";

/**
 * The OpenID provider's settings (docs/openid-provider.md). The issuer is `PUBLIC_URL`; ID tokens
 * are signed with `JWT_SIGNING_KEY` and checked by relying parties against the JWKS, so without
 * an asymmetric key (or without PUBLIC_URL) every provider endpoint answers 503 and readiness
 * names the setting — never an ID token signed with the shared HS256 secret.
 */
export interface Provider {
  issuer: string;
  tokens: AccessTokenSettings;
  alg: string;
}

export function providerOf(config: Config): Provider {
  const tokens = accessTokenSettings(config);
  if (!config.publicUrl || !tokens.signingKey) {
    throw new ApiError(
      "unavailable",
      `The OpenID provider is off: set ${config.publicUrl ? "JWT_SIGNING_KEY (an asymmetric key)" : "PUBLIC_URL"} (docs/openid-provider.md).`,
    );
  }
  return { issuer: config.publicUrl, tokens, alg: tokens.signingKey.alg };
}

/** ID tokens live as long as an access token; a relying party keeps its own session. */
export const ID_TOKEN_TTL_SECONDS = 600;

/** OpenID Connect Discovery 1.0 §3, with RFC 8414's and RFC 9207's members. */
export function discoveryDocument(provider: Provider) {
  const at = (path: string) => `${provider.issuer}${path}`;
  return {
    issuer: provider.issuer,
    authorization_endpoint: at("/oauth/authorize"),
    token_endpoint: at("/oauth/token"),
    userinfo_endpoint: at("/oauth/userinfo"),
    jwks_uri: at("/.well-known/jwks.json"),
    revocation_endpoint: at("/oauth/revoke"),
    introspection_endpoint: at("/oauth/introspect"),
    end_session_endpoint: at("/oauth/logout"),
    scopes_supported: [...OIDC_SCOPES],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [provider.alg],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    revocation_endpoint_auth_methods_supported: [
      "client_secret_basic",
      "client_secret_post",
      "none",
    ],
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    prompt_values_supported: ["none", "login", "consent"],
    claims_supported: [
      "iss",
      "sub",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "amr",
      "acr",
      "sid",
      "email",
      "email_verified",
      "name",
      "given_name",
      "family_name",
      "shops",
    ],
    acr_values_supported: ["aal1", "aal2"],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  };
}
