import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Every setting the Worker reads, pinned: a developer's .dev.vars (a signing key, a metrics
// token, RATE_LIMITS=off …) overrides wrangler.toml for `wrangler dev`, and must never change
// what the tests see. A test fails when a new setting is not listed here (config-unit.test.ts).
const TEST_BINDINGS = {
  JWT_SECRET: "test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  JWT_SIGNING_KEY: "",
  JWT_VERIFY_KEYS: "",
  CODE_HMAC_SECRET: "test-code-hmac-secret-0123456789abcdefghijklmnopqrstu",
  MFA_ENCRYPTION_KEY: "test-mfa-encryption-key-0123456789abcdefghijklmnopq",
  ADMIN_MFA_REQUIRED: "off",
  MFA_ISSUER: "Coffee Shop",
  PASSWORD_PEPPER: "",
  JWT_ISSUER: "coffee-shop-accounts",
  JWT_AUDIENCE: "coffee-shop",
  ACCESS_TOKEN_TTL_SECONDS: "900",
  REFRESH_TOKEN_TTL_SECONDS: "2592000",
  SESSION_MAX_AGE_SECONDS: "7776000",
  COOKIE_SAMESITE: "Strict",
  VERIFICATION_CODE_TTL_SECONDS: "900",
  UNVERIFIED_USER_TTL_SECONDS: "172800",
  AUDIT_RETENTION_DAYS: "90",
  PASSWORD_MIN_LENGTH: "8",
  CORS_ORIGINS: "https://shop.example",
  RATE_LIMITS: "on",
  EMAIL_CODE_LOGIN: "on",
  WEBAUTHN_RP_ID: "localhost",
  WEBAUTHN_RP_NAME: "Coffee Shop",
  WEBAUTHN_ORIGINS: "http://localhost:8787",
  EMAIL_PROVIDER: "log",
  EMAIL_API_URL: "https://api.resend.com",
  EMAIL_API_KEY: "",
  EMAIL_FROM: "Coffee Shop <accounts@example.com>",
  METRICS_TOKEN: "",
  IDENTITY_PROVIDERS: "",
  OAUTH_REDIRECT_ORIGINS: "https://shop.example",
  EVENT_SUBSCRIBERS: "",
  SMS_PROVIDER: "off",
  SMS_API_URL: "https://verify.twilio.test",
  SMS_COUNTRIES: "",
  TWILIO_ACCOUNT_SID: "",
  TWILIO_AUTH_TOKEN: "",
  TWILIO_VERIFY_SERVICE_SID: "",
  APPLE_APP_IDS: "",
  PUBLIC_URL: "https://accounts.test",
  APP_URL: "",
  MAIL_BRAND: "Coffee Shop",
  ANDROID_APP_FINGERPRINTS: "",
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // A database of its own for the migration test: migrated part-way, seeded, then the rest.
          d1Databases: ["MIGRATION_DB"],
          bindings: {
            ...TEST_BINDINGS,
            TEST_PINNED_SETTINGS: Object.keys(TEST_BINDINGS),
            TEST_MIGRATIONS: migrations,
            // How many accounts metrics-scale-integration.test.ts grows the table to: `npm run
            // bench` asks for a million; CI's default keeps the suite quick.
            TEST_SCALE_USERS: process.env.TEST_SCALE_USERS ?? "20000",
            // How many random sequences the model-based test runs (MODEL_RUNS=200 for a longer search).
            MODEL_RUNS: process.env.MODEL_RUNS ?? "15",
          },
        },
      }),
    ],
    test: {
      include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
      // Bystanders in every file: accounts no test drives, whose rows must not change (helpers/bystanders.ts).
      setupFiles: ["./test/helpers/apply-migrations.ts", "./test/helpers/bystanders.ts"],
      testTimeout: 30_000,
      // Request log lines only for failing tests: CI output stays readable.
      silent: "passed-only" as const,
    },
  };
});
