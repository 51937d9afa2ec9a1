/**
 * `npm run deploy` runs this first (predeploy): it refuses to deploy while a secret the Worker
 * cannot run without is missing from the deployed Worker (`wrangler secret list`), and names the
 * features a missing feature secret will turn off. A release that adds a required secret can
 * therefore never reach production before the secret does.
 *
 *   npx tsx scripts/check-secrets.ts            # asks `wrangler secret list --format json`
 *   npx tsx scripts/check-secrets.ts --names A,B  # checks a given list (tests, other tooling)
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { FEATURE_SECRETS } from "../src/lib/feature-secrets";

/** What must be set, given the non-secret [vars] of wrangler.toml and the secrets present. */
export function missingSecrets(present: Set<string>, vars: Record<string, string>) {
  const required: string[] = ["CODE_HMAC_SECRET"];
  if (!present.has("JWT_SIGNING_KEY")) required.push("JWT_SECRET");
  if ((vars.EMAIL_PROVIDER ?? "resend") === "resend") required.push("EMAIL_API_KEY");
  const features = Object.entries(FEATURE_SECRETS).filter(([, name]) => !present.has(name));
  return {
    required: required.filter((name) => !present.has(name)),
    features: features.map(([feature, setting]) => ({ feature, setting })),
  };
}

function varsOfWranglerToml(): Record<string, string> {
  const toml = readFileSync(`${new URL("..", import.meta.url).pathname}wrangler.toml`, "utf8");
  const section = toml.split(/^\[vars\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  return Object.fromEntries(
    [...section.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]),
  );
}

function presentSecrets(argv: string[]): Set<string> {
  const at = argv.indexOf("--names");
  if (at >= 0) return new Set((argv[at + 1] ?? "").split(",").filter(Boolean));
  const out = execFileSync("npx", ["wrangler", "secret", "list", "--format", "json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const list = JSON.parse(out.slice(out.indexOf("["))) as { name: string }[];
  return new Set(list.map((secret) => secret.name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { required, features } = missingSecrets(presentSecrets(process.argv), varsOfWranglerToml());
  for (const { feature, setting } of features) {
    console.warn(`warning: ${setting} is not set: ${feature} will answer 503 until it is.`);
  }
  if (required.length > 0) {
    console.error(
      `Refusing to deploy: the Worker has no ${required.join(", ")}. Set each with\n` +
        required.map((name) => `  npx wrangler secret put ${name}`).join("\n"),
    );
    process.exit(1);
  }
  console.log("secrets: every required secret is set");
}
