// The operator commands of the README, run as an operator would (in Node, outside the Worker).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function run(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  const { PASSWORD_PEPPER: _pepper, ...inherited } = process.env;
  return spawnSync("npx", ["tsx", script, ...args], {
    encoding: "utf8",
    env: { ...inherited, ...env },
  });
}

describe("npm run create-admin", () => {
  it("refuses --remote without PASSWORD_PEPPER exported, before touching any database", () => {
    const result = run("scripts/create-admin.ts", [
      "--email",
      "boss@example.com",
      "--password",
      "a-long-unique-passphrase",
      "--remote",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("export PASSWORD_PEPPER");
    expect(result.stdout + result.stderr).not.toContain("wrangler");
  });
});

describe("npm run deploy refuses while a required secret is missing (predeploy)", () => {
  it("names each missing required secret and exits 1; a feature secret only warns", () => {
    const missing = run("scripts/check-secrets.ts", ["--names", "CODE_HMAC_SECRET"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("npx wrangler secret put JWT_SECRET");
    expect(missing.stderr).toContain("npx wrangler secret put EMAIL_API_KEY");
    expect(missing.stderr).toContain("MFA_ENCRYPTION_KEY is not set: mfa will answer 503");

    const allSet = run("scripts/check-secrets.ts", [
      "--names",
      "CODE_HMAC_SECRET,JWT_SIGNING_KEY,EMAIL_API_KEY,MFA_ENCRYPTION_KEY",
    ]);
    expect(allSet.status).toBe(0);
    expect(allSet.stderr).not.toContain("warning");
  });
});
