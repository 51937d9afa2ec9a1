export const WORKER_PORT = 8797;
export const MAIL_PORT = 8027;

/** The e2e Worker's settings: test-only secrets, real mail delivery to the fake provider. */
export const E2E_SETTINGS = {
  JWT_SECRET: "e2e-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  CODE_HMAC_SECRET: "e2e-code-hmac-secret-0123456789abcdefghijklmnopqrstu",
  PASSWORD_PEPPER: "",
  EMAIL_PROVIDER: "resend",
  EMAIL_API_URL: `http://127.0.0.1:${MAIL_PORT}`,
  EMAIL_API_KEY: "e2e-key",
};
