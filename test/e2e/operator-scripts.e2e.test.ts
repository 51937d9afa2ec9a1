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
