import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The menu service's tests run it against the real accounts Worker, built from this repository
// the way `wrangler deploy` bundles it, as an auxiliary Worker in the same workerd: the Service
// Binding, the JWKS and the tokens are all real. Only the accounts service's D1 is also bound to
// the tests (ACCOUNTS_DB), to apply its migrations and seed a customer.
const root = path.resolve(import.meta.dirname, "../..");
const build = path.join(import.meta.dirname, ".wrangler/accounts-build");

export default defineConfig(async () => {
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", build], {
    cwd: root,
    stdio: "ignore",
  });
  const modules = readdirSync(build)
    .filter((file) => file.endsWith(".js") || file.endsWith(".txt"))
    .sort((a, b) => Number(b === "index.js") - Number(a === "index.js"))
    .map((file) => ({
      type: file.endsWith(".js") ? ("ESModule" as const) : ("Text" as const),
      path: path.join(build, file),
    }));
  // A fresh signing key from the product's own `npm run keys:generate` (stdout: the private JWK).
  const signingKey = execFileSync("npx", ["tsx", "scripts/generate-keys.ts", "--alg", "EdDSA"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
  const accountsDb = "accounts-db";

  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ACCOUNTS_JWKS_URL: "https://accounts.test/.well-known/jwks.json",
            TEST_MIGRATIONS: await readD1Migrations(path.join(root, "migrations")),
          },
          d1Databases: { ACCOUNTS_DB: accountsDb },
          serviceBindings: { ACCOUNTS_HTTP: "coffee-shop-accounts" },
          workers: [
            {
              name: "coffee-shop-accounts",
              modules,
              modulesRoot: build,
              compatibilityDate: "2026-10-20",
              d1Databases: { DB: accountsDb },
              // Its static assets (the common-password list it reads through ASSETS), from the
              // repository's assets/ folder, as the asset binding would serve them.
              serviceBindings: {
                ASSETS: async (request: Request) =>
                  new Response(
                    await readFile(path.join(root, "assets", new URL(request.url).pathname)),
                  ),
              },
              bindings: {
                JWT_SIGNING_KEY: signingKey,
                JWT_VERIFY_KEYS: "",
                JWT_SECRET: "",
                CODE_HMAC_SECRET: "menu-test-code-hmac-secret-0123456789abcdefghij",
                MFA_ENCRYPTION_KEY: "menu-test-mfa-encryption-key-0123456789abcdefgh",
                PASSWORD_PEPPER: "",
                EMAIL_PROVIDER: "log",
                RATE_LIMITS: "off",
              },
            },
          ],
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 30_000,
      silent: "passed-only" as const,
    },
  };
});
