import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/crypto/password";
import {
  bindings,
  call,
  expectProblem,
  json,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

function login(email: string, password = PASSWORD, ip?: string) {
  return call("POST", "/v1/auth/login", { body: { email, password }, ip });
}

async function throttleRow(email: string) {
  return env.DB.prepare("SELECT failures, blocked_until FROM login_throttles WHERE email = ?")
    .bind(email)
    .first<{ failures: number; blocked_until: string | null }>();
}

async function unblock(email: string) {
  await env.DB.prepare("UPDATE login_throttles SET blocked_until = ? WHERE email = ?")
    .bind(new Date(Date.now() - 1000).toISOString(), email)
    .run();
}

describe("login does not reveal which accounts exist", () => {
  it("answers an unknown email and a wrong password with the identical 401", async () => {
    const { email } = await verifiedUser("known");
    const unknown = await login(uniqueEmail("unknown"), "whatever-password");
    const wrong = await login(email, "whatever-password");
    const [a, b] = [await json(unknown), await json(wrong)];
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(a).toEqual(b);
    expect(a.code).toBe("invalid_credentials");
  });

  it("tells a pending account apart only after the right password", async () => {
    const email = uniqueEmail("pending-login");
    await signup(email);
    await expectProblem(await login(email, "wrong-password-1"), 401, "invalid_credentials");
    await expectProblem(await login(email), 403, "email_not_verified");
  });
});

describe("login", () => {
  it("returns a token pair and the user, with the email normalized", async () => {
    const { email } = await verifiedUser("login");
    const response = await login(`  ${email.toUpperCase()}  `);
    expect(response.status).toBe(200);
    const session = await json<Session>(response);
    expect(Object.keys(session).sort()).toEqual(
      ["access_token", "expires_in", "refresh_token", "token_type", "user"].sort(),
    );
    expect(session.user.email).toBe(email);
    expect(JSON.stringify(session)).not.toMatch(/pbkdf2|password/);
  });

  it("upgrades a hash made with other parameters at the next successful login", async () => {
    const { email } = await verifiedUser("rehash");
    // A legacy hash: same scheme, fewer iterations.
    const legacy = (await hashPassword(PASSWORD)).replace("$100000$", "$1000$");
    const parts = legacy.split("$");
    const salt = Uint8Array.from(atob(parts[2] ?? ""), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(PASSWORD),
      "PBKDF2",
      false,
      ["deriveBits"],
    );
    const bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt, iterations: 1000 },
      key,
      256,
    );
    const hash = btoa(String.fromCharCode(...new Uint8Array(bits)));
    const legacyHash = `pbkdf2-sha256$1000$${parts[2]}$${hash}`;
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE email = ?")
      .bind(legacyHash, email)
      .run();

    expect((await login(email)).status).toBe(200);
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE email = ?")
      .bind(email)
      .first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await login(email)).status).toBe(200);
  });
});

describe("login backoff per email, stored in D1", () => {
  it("after 10 consecutive failures refuses even the right password with 429 and Retry-After", async () => {
    const { email } = await verifiedUser("backoff");
    for (let i = 1; i <= 10; i++) {
      await expectProblem(await login(email, `wrong-password-${i}`), 401, "invalid_credentials");
    }
    const blocked = await login(email);
    await expectProblem(blocked, 429, "rate_limited");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  it("doubles the delay with each further failure, capped at 15 minutes", async () => {
    const email = uniqueEmail("doubling");
    for (let i = 1; i <= 10; i++) await login(email, "wrong-password-x");
    const delays: number[] = [];
    for (let extra = 0; extra < 3; extra++) {
      const row = await throttleRow(email);
      delays.push(Math.round((Date.parse(row?.blocked_until ?? "") - Date.now()) / 1000));
      await unblock(email);
      await login(email, "wrong-password-x");
    }
    expect(delays).toEqual([1, 2, 4]);
    await env.DB.prepare("UPDATE login_throttles SET failures = 40 WHERE email = ?")
      .bind(email)
      .run();
    await unblock(email);
    await login(email, "wrong-password-x");
    const capped = await throttleRow(email);
    expect(Math.round((Date.parse(capped?.blocked_until ?? "") - Date.now()) / 1000)).toBe(900);
  });

  it("counts unknown emails too, so the limit reveals nothing", async () => {
    const email = uniqueEmail("ghost-backoff");
    for (let i = 1; i <= 10; i++) await login(email, "wrong-password-x");
    await expectProblem(await login(email, "wrong-password-x"), 429, "rate_limited");
  });

  it("a success resets the count", async () => {
    const { email } = await verifiedUser("reset-count");
    for (let i = 1; i <= 9; i++) await login(email, "wrong-password-x");
    expect((await login(email)).status).toBe(200);
    expect(await throttleRow(email)).toBeNull();
    await expectProblem(await login(email, "wrong-password-x"), 401, "invalid_credentials");
    expect((await throttleRow(email))?.failures).toBe(1);
  });
});

/**
 * The Rate Limiting binding counts in fixed one-minute windows: a burst that happens to straddle
 * a window boundary sees its count restart. The scenario is run again (with fresh keys) when
 * that happens; two boundaries within seconds of each other cannot.
 */
async function inOneWindow(scenario: (attempt: number) => Promise<void>) {
  try {
    await scenario(1);
  } catch {
    await scenario(2);
  }
}

describe("per-IP rate limits (Workers Rate Limiting binding)", () => {
  it("limits login to 20 per minute per CF-Connecting-IP, ignoring X-Forwarded-For", () =>
    inOneWindow(async (attempt) => {
      const ip = `203.0.113.${76 + attempt}`;
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const response = await call("POST", "/v1/auth/login", {
          ip,
          headers: { "X-Forwarded-For": `10.0.0.${i}` },
          body: { email: uniqueEmail("ip"), password: "wrong-password-x" },
        });
        statuses.push(response.status);
        if (response.status === 429) {
          expect((await json(response)).code).toBe("rate_limited");
          expect(response.headers.get("Retry-After")).toBe("60");
        }
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses[20]).toBe(429);
    }));

  it("RATE_LIMITS=off lifts the per-IP limits (local load tests)", async () => {
    const off = bindings({ RATE_LIMITS: "off" });
    const ip = "203.0.113.78";
    for (let i = 0; i < 6; i++) {
      const response = await call("POST", "/v1/auth/resend-code", {
        ip,
        env: off,
        body: { email: uniqueEmail("off") },
      });
      expect(response.status).toBe(202);
    }
  });

  it("limits resend-code to 5 per minute per IP", () =>
    inOneWindow(async (attempt) => {
      const ip = `203.0.113.${80 + attempt}`;
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const response = await call("POST", "/v1/auth/resend-code", {
          ip,
          body: { email: uniqueEmail("r") },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }));

  it("limits credential checks to 30 per minute per email, whatever the IP", () =>
    inOneWindow(async () => {
      // Password reset: the one credential route without the password backoff in front of it.
      const email = uniqueEmail("email-limit");
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const response = await call("POST", "/v1/auth/password/reset", {
          body: { email, code: "123456", new_password: "brand-new-password-7" },
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
      expect(statuses[30]).toBe(429);
    }));
});
