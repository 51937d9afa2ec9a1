import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Test-only secrets: fixed, non-placeholder values so tests never depend on a local .dev.vars.
const TEST_BINDINGS = {
  JWT_SECRET: "test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  CODE_HMAC_SECRET: "test-code-hmac-secret-0123456789abcdefghijklmnopqrstu",
  MFA_ENCRYPTION_KEY: "test-mfa-encryption-key-0123456789abcdefghijklmnopq",
  PASSWORD_PEPPER: "",
  EMAIL_PROVIDER: "log",
  EMAIL_API_KEY: "",
  CORS_ORIGINS: "https://shop.example",
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { bindings: { ...TEST_BINDINGS, TEST_MIGRATIONS: migrations } },
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
