import { generateSigningKey } from "../../src/crypto/tokens";

export const WORKER_PORT = 8797;
export const MAIL_PORT = 8027;
/** The OpenID provider of the sign-in tests (oidc-provider, test/e2e/oidc-issuer.ts). */
export const OIDC_PORT = 8033;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT = { id: "coffee-e2e", secret: "e2e-oidc-client-secret-0123456789" };
/** Where the browser test serves its front-end page: an origin the Worker allows (CORS_ORIGINS). */
export const FRONT_END_PORT = 8098;
export const FRONT_END_ORIGIN = `http://127.0.0.1:${FRONT_END_PORT}`;

/**
 * A signing key made for this run (never a file): the OpenID provider needs an asymmetric
 * JWT_SIGNING_KEY, so the e2e Worker signs every token with one, as a deployment with the
 * provider on does.
 */
const { privateJwk: E2E_SIGNING_KEY } = await generateSigningKey("EdDSA");

/** The e2e Worker's settings: test-only secrets, real mail delivery to the fake provider. */
export const E2E_SETTINGS = {
  JWT_SIGNING_KEY: JSON.stringify(E2E_SIGNING_KEY),
  JWT_SECRET: "e2e-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  CODE_HMAC_SECRET: "e2e-code-hmac-secret-0123456789abcdefghijklmnopqrstu",
  MFA_ENCRYPTION_KEY: "e2e-mfa-encryption-key-0123456789abcdefghijklmnopqr",
  PASSWORD_PEPPER: "",
  EMAIL_PROVIDER: "resend",
  EMAIL_API_URL: `http://127.0.0.1:${MAIL_PORT}`,
  EMAIL_API_KEY: "e2e-key",
  CORS_ORIGINS: FRONT_END_ORIGIN,
  METRICS_TOKEN: "e2e-metrics-token-0123456789abcdefghijklmnopqrstu",
  // The passkey test's page is the Worker's own origin, under the name a browser trusts.
  WEBAUTHN_RP_ID: "localhost",
  WEBAUTHN_ORIGINS: `http://localhost:${WORKER_PORT}`,
  IDENTITY_PROVIDERS: JSON.stringify([
    { id: "oidc", kind: "oidc", name: "Test OP", issuer: OIDC_ISSUER, client_id: OIDC_CLIENT.id },
  ]),
  IDP_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
  OAUTH_REDIRECT_ORIGINS: FRONT_END_ORIGIN,
  // The reset mail links to the Worker's own reset page.
  PUBLIC_URL: `http://localhost:${WORKER_PORT}`,
};

/** Debian's Chromium (CHROMIUM_PATH overrides), with nothing reaching out: the network is closed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
