// The security rules under concurrent requests: every race is fired at once (Promise.all through
// the Worker's fetch entry point, real D1 in workerd), and each test asserts the invariant itself.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bindings,
  call,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  runScheduled,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { countingD1, failingD1 } from "../helpers/d1";

afterEach(() => vi.restoreAllMocks());

const OWNER_PASSWORD = "owners-own-passphrase-1";
const SQUATTER_PASSWORD = "squatters-passphrase-2";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const verify = (email: string, code: string, password = PASSWORD) =>
  call("POST", "/v1/auth/verify", { body: { email, password, code } });
const login = (email: string, password: string) =>
  call("POST", "/v1/auth/login", { body: { email, password } });
const refresh = (token: string) =>
  call("POST", "/v1/auth/refresh", { body: { refresh_token: token } });

/** The nightly purge, run now through the Worker's scheduled entry point. */
async function runPurge() {
  await runScheduled("0 3 * * *", new Date(), env);
}

/** `count` distinct 6-digit codes, none equal to `code`. */
function wrongCodes(code: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"),
  );
}

async function codesOf(responses: Response[]): Promise<string[]> {
  return Promise.all(responses.map(async (r) => String((await json(r)).code)));
}

async function codeAttempts(email: string, purpose: string) {
  const row = await env.DB.prepare(
    `SELECT attempts FROM one_time_codes WHERE purpose = ? AND user_id = (SELECT id FROM users WHERE email = ?)
     ORDER BY created_at DESC LIMIT 1`,
  )
    .bind(purpose, email)
    .first<{ attempts: number }>();
  return row?.attempts;
}

describe("a code is compared at most 5 times, however many guesses arrive at once", () => {
  it("12 simultaneous wrong verification codes: at most 4 invalid_code, then the right code is refused", async () => {
    const email = uniqueEmail("parallel-verify");
    const code = await signup(email);
    const responses = await Promise.all(wrongCodes(code, 12).map((guess) => verify(email, guess)));
    const answers = await codesOf(responses);
    expect(answers.filter((a) => a === "invalid_code").length).toBeLessThanOrEqual(4);
    for (const answer of answers) {
      expect(["invalid_code", "too_many_attempts", "rate_limited"]).toContain(answer);
    }
    expect(await codeAttempts(email, "verify_email")).toBe(5);
    await expectProblem(await verify(email, code), 429, "too_many_attempts");
  });

  it("12 simultaneous wrong reset codes: at most 4 invalid_code, then the right code is refused", async () => {
    const { email } = await verifiedUser("parallel-reset");
    await expireMailCooldown(email);
    expect((await call("POST", "/v1/auth/password/forgot", { body: { email } })).status).toBe(202);
    const code = lastMail(email, "password_reset_code").code;
    const reset = (guess: string) =>
      call("POST", "/v1/auth/password/reset", {
        body: { email, code: guess, new_password: "a-brand-new-passphrase" },
      });
    const answers = await codesOf(await Promise.all(wrongCodes(code, 12).map(reset)));
    expect(answers.filter((a) => a === "invalid_code").length).toBeLessThanOrEqual(4);
    expect(answers.filter((a) => a === "too_many_attempts").length).toBeGreaterThanOrEqual(8);
    expect(await codeAttempts(email, "reset_password")).toBe(5);
    await expectProblem(await reset(code), 429, "too_many_attempts");
    expect((await login(email, PASSWORD)).status).toBe(200);
  });
});

describe("a re-sign-up racing the owner's verify never hands the squatter the account", () => {
  it("after every race, a verified account opens only with the password that verified it", async () => {
    const outcomes = new Set<string>();
    for (const offset of [0, 0, 1, 2, 4, 8, 12, 16, 24, 32]) {
      const email = uniqueEmail("hijack");
      const code = await signup(email, OWNER_PASSWORD);
      await expireMailCooldown(email);
      const [verified, resignup] = await Promise.all([
        verify(email, code, OWNER_PASSWORD),
        sleep(offset).then(() =>
          call("POST", "/v1/auth/signup", { body: { email, password: SQUATTER_PASSWORD } }),
        ),
      ]);
      expect([200, 400]).toContain(verified.status);
      expect(resignup.status).toBe(202);
      const row = await env.DB.prepare("SELECT status FROM users WHERE email = ?")
        .bind(email)
        .first<{ status: string }>();
      outcomes.add(`${verified.status}/${row?.status}`);
      if (row?.status === "verified") {
        expect(verified.status).toBe(200);
        await expectProblem(await login(email, SQUATTER_PASSWORD), 401, "invalid_credentials");
        expect((await login(email, OWNER_PASSWORD)).status).toBe(200);
      } else {
        // The re-sign-up won: the owner's code was burned and nothing was verified.
        expect(verified.status).toBe(400);
      }
    }
    // Both orders were exercised, so the invariant was checked on each side of the race.
    expect(outcomes.has("200/verified")).toBe(true);
  });

  it("the re-sign-up landing before, between and after verify's round trips: never the squatter's account", async () => {
    const statuses: number[] = [];
    for (const squatBefore of [0, 1, 2]) {
      const email = uniqueEmail("hijack-step");
      const code = await signup(email, OWNER_PASSWORD);
      await expireMailCooldown(email);
      const squat = async () => {
        const response = await call("POST", "/v1/auth/signup", {
          body: { email, password: SQUATTER_PASSWORD },
        });
        expect(response.status).toBe(202);
      };
      const d1 = countingD1(env.DB, (index) => (index === squatBefore ? squat() : undefined));
      const verified = await call("POST", "/v1/auth/verify", {
        env: bindings({ DB: d1.binding }),
        body: { email, password: OWNER_PASSWORD, code },
      });
      if (d1.calls <= squatBefore) await squat();
      statuses.push(verified.status);
      await expectProblem(
        await login(email, SQUATTER_PASSWORD),
        verified.status === 200 ? 401 : 403,
        verified.status === 200 ? "invalid_credentials" : "email_not_verified",
      );
    }
    // Replaced first: the owner's password no longer fits; in between: the code was burned;
    // after: the owner verified, and the re-sign-up changed nothing.
    expect(statuses).toEqual([401, 400, 200]);
  });
});

describe("the password backoff counts attempts atomically", () => {
  it("of 20 simultaneous wrong passwords for one email at most 10 are checked, then even the right one waits", async () => {
    const { email } = await verifiedUser("parallel-login");
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(email, `wrong-password-${i}`)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const blocked = await login(email, PASSWORD);
    await expectProblem(blocked, 429, "rate_limited");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    const row = await env.DB.prepare("SELECT failures FROM login_throttles WHERE email = ?")
      .bind(email)
      .first<{ failures: number }>();
    expect(row?.failures).toBe(10);
  });

  it("a stolen access token is no password oracle: password change shares the backoff", async () => {
    const { session } = await verifiedUser("oracle-change");
    const change = (current: string) =>
      call("POST", "/v1/users/me/password", {
        token: session.access_token,
        body: { current_password: current, new_password: "a-new-espresso-pass-9" },
      });
    const statuses = (
      await Promise.all(Array.from({ length: 20 }, (_, i) => change(`guess-number-${i}`)))
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    await expectProblem(await change(PASSWORD), 429, "rate_limited");
  });

  it("self-delete shares it too: 10 wrong passwords, then the right one is refused", async () => {
    const { session } = await verifiedUser("oracle-delete");
    const remove = (password: string) =>
      call("DELETE", "/v1/users/me", { token: session.access_token, body: { password } });
    for (let i = 0; i < 10; i++) {
      await expectProblem(await remove(`guess-number-${i}`), 401, "invalid_credentials");
    }
    await expectProblem(await remove(PASSWORD), 429, "rate_limited");
    expect((await call("GET", "/v1/users/me", { token: session.access_token })).status).toBe(200);
  });
});

describe("verify with a wrong password learns nothing about the code", () => {
  async function pendingWithCode(label: string) {
    const email = uniqueEmail(label);
    const code = await signup(email);
    const where = "user_id = (SELECT id FROM users WHERE email = ?)";
    return { email, code, where };
  }

  it("answers 401 whether the code is missing, expired, burned or used", async () => {
    const missing = await pendingWithCode("state-missing");
    await env.DB.prepare(`DELETE FROM one_time_codes WHERE ${missing.where}`)
      .bind(missing.email)
      .run();
    const expired = await pendingWithCode("state-expired");
    await env.DB.prepare(`UPDATE one_time_codes SET expires_at = ? WHERE ${expired.where}`)
      .bind(new Date(Date.now() - 1000).toISOString(), expired.email)
      .run();
    const burned = await pendingWithCode("state-burned");
    await env.DB.prepare(`UPDATE one_time_codes SET attempts = 5 WHERE ${burned.where}`)
      .bind(burned.email)
      .run();
    const used = await pendingWithCode("state-used");
    await env.DB.prepare(`UPDATE one_time_codes SET consumed_at = ? WHERE ${used.where}`)
      .bind(new Date().toISOString(), used.email)
      .run();

    const rightPassword: [typeof missing, number, string][] = [
      [missing, 400, "invalid_code"],
      [expired, 400, "code_expired"],
      [burned, 429, "too_many_attempts"],
      [used, 400, "invalid_code"],
    ];
    for (const [account, status, code] of rightPassword) {
      await expectProblem(
        await verify(account.email, account.code, "not-the-password"),
        401,
        "invalid_credentials",
      );
      // With the right password the states differ: the wrong one above hid exactly this.
      await expectProblem(await verify(account.email, account.code), status, code);
    }
  });
});

describe("exactly one of concurrent refreshes wins, and reuse kills every token of the session", () => {
  it("10 concurrent presentations: exactly one succeeds, and no token handed out in the race works", async () => {
    const { email, session } = await verifiedUser("parallel-refresh");
    const other = await json<Session>(await login(email, PASSWORD));
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => refresh(session.refresh_token)),
    );
    // D1 runs one batch at a time: the first presentation to arrive spends the token, so exactly
    // one wins (zero winners would mean a live token refused) and the other nine are reuse.
    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const answers = await codesOf(responses.filter((r) => r.status !== 200));
    expect(answers).toEqual(Array.from({ length: 9 }, () => "token_reused"));
    for (const winner of winners) {
      // Every token of the session is dead: the refresh token and the access token just handed out.
      const handedOut = await json<Session>(winner);
      await expectProblem(await refresh(handedOut.refresh_token), 401, "invalid_token");
      await expectProblem(
        await call("GET", "/v1/users/me", { token: handedOut.access_token }),
        401,
        "invalid_token",
      );
    }
    // Another session of the same user is not touched.
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it("a replay racing the legitimate refresh, at several offsets: the successor never survives", async () => {
    for (const offset of [0, 1, 2, 4, 8]) {
      const { session } = await verifiedUser("refresh-offset");
      const [first, second] = await Promise.all([
        refresh(session.refresh_token),
        sleep(offset).then(() => refresh(session.refresh_token)),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 401]);
      const winner = await json<Session>(first.status === 200 ? first : second);
      await expectProblem(await refresh(winner.refresh_token), 401, "invalid_token");
      await expectProblem(
        await call("GET", "/v1/users/me", { token: winner.access_token }),
        401,
        "invalid_token",
      );
    }
  });
});

describe("no log line holds a database error's message text", () => {
  it("a failing D1 is logged by the error's name only: no email, no digest, no parameters", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    vi.spyOn(console, "error").mockImplementation(capture);
    vi.spyOn(console, "log").mockImplementation(capture);
    const email = uniqueEmail("d1-error");
    const broken = bindings({ DB: failingD1(env.DB) });
    const response = await call("POST", "/v1/auth/login", {
      env: broken,
      body: { email, password: PASSWORD },
    });
    await expectProblem(response, 500, "internal");
    const unhandled = lines.filter((line) => line.includes("unhandled error"));
    expect(unhandled).toHaveLength(1);
    expect(unhandled[0]).toContain('"error":"Error"');
    for (const line of lines) {
      expect(line).not.toContain(email);
      expect(line).not.toContain("params");
      expect(line).not.toContain("SQLITE");
    }
  });
});

describe("races between legitimate requests end in a 4xx or a success, never a 5xx", () => {
  it("sign-up racing an admin create of the same address leaves one account and no 5xx", async () => {
    const admin = await makeAdmin("race-admin");
    for (let round = 0; round < 5; round++) {
      const email = uniqueEmail("signup-vs-admin");
      const [signedUp, created] = await Promise.all([
        call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } }),
        call("POST", "/v1/users", {
          token: admin.session.access_token,
          body: { email, password: PASSWORD },
        }),
      ]);
      expect(signedUp.status).toBe(202);
      expect([201, 409]).toContain(created.status);
      const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?")
        .bind(email)
        .first<{ n: number }>()) ?? { n: 0 };
      expect(n).toBe(1);
    }
  });

  it("verify racing the purge of that account, at each of its round trips: no 5xx, nothing half-applied", async () => {
    const statuses: number[] = [];
    // Before verify's 1st round trip, between its two, and after it finished.
    for (const purgeBefore of [0, 1, 2]) {
      const email = uniqueEmail("verify-vs-purge");
      const code = await signup(email);
      await env.DB.prepare("UPDATE users SET created_at = ? WHERE email = ?")
        .bind(new Date(Date.now() - 72 * 3600_000).toISOString(), email)
        .run();
      const d1 = countingD1(env.DB, (index) => (index === purgeBefore ? runPurge() : undefined));
      const verified = await call("POST", "/v1/auth/verify", {
        env: bindings({ DB: d1.binding }),
        body: { email, password: PASSWORD, code },
      });
      if (d1.calls <= purgeBefore) await runPurge();
      statuses.push(verified.status);
      const user = await env.DB.prepare("SELECT status FROM users WHERE email = ?")
        .bind(email)
        .first<{ status: string }>();
      if (verified.status === 200) expect(user?.status).toBe("verified");
      else expect(user).toBeNull();
      const orphans = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id NOT IN (SELECT id FROM users)",
      ).first<{ n: number }>();
      expect(orphans?.n).toBe(0);
    }
    // Purged first: unknown account; purged in between: the code is gone; purged after: kept.
    expect(statuses).toEqual([401, 400, 200]);
  });

  it("concurrent role changes: every audit event records a change that happened, in order", async () => {
    const admin = await makeAdmin("patch-race");
    const { session: target } = await verifiedUser("patch-target");
    const token = admin.session.access_token;
    const roles = ["admin", "user", "admin", "user", "admin", "user"] as const;
    const responses = await Promise.all(
      roles.map((role) => call("PATCH", `/v1/users/${target.user.id}`, { token, body: { role } })),
    );
    for (const response of responses) expect([200, 409]).toContain(response.status);
    const page = await json<{ items: { data: { from: string; to: string } }[] }>(
      await call("GET", `/v1/audit?target=${target.user.id}&type=admin.role_change&limit=100`, {
        token,
      }),
    );
    const changes = page.items.map((e) => e.data).reverse();
    let role = "user";
    for (const change of changes) {
      expect(change.from).toBe(role);
      expect(change.to).not.toBe(role);
      role = change.to;
    }
    const row = await env.DB.prepare("SELECT role FROM users WHERE id = ?")
      .bind(target.user.id)
      .first<{ role: string }>();
    expect(row?.role).toBe(role);
  });
});

describe("resend, forgot and reset do the same work whether or not they mail", () => {
  it("one D1 round trip for an unknown, a pending and a verified address alike", async () => {
    const pending = uniqueEmail("same-work-pending");
    await signup(pending);
    await expireMailCooldown(pending);
    const { email: verified } = await verifiedUser("same-work-verified");
    await expireMailCooldown(verified);
    for (const path of ["/v1/auth/resend-code", "/v1/auth/password/forgot"]) {
      const counts: number[] = [];
      for (const email of [uniqueEmail("same-work-nobody"), pending, verified]) {
        await expireMailCooldown(email);
        const d1 = countingD1(env.DB);
        let before = 0;
        const response = await call("POST", path, {
          env: bindings({ DB: d1.binding }),
          body: { email },
          // Up to the response: the mail hand-over (if any) comes after it.
          onResponse: () => {
            before = d1.calls;
          },
        });
        expect(response.status).toBe(202);
        counts.push(before);
      }
      expect(counts).toEqual([1, 1, 1]);
    }
    const resetCalls: number[] = [];
    for (const email of [uniqueEmail("same-work-nobody"), pending, verified]) {
      const d1 = countingD1(env.DB);
      const response = await call("POST", "/v1/auth/password/reset", {
        env: bindings({ DB: d1.binding }),
        body: { email, code: "000000", new_password: "a-brand-new-passphrase" },
      });
      expect(response.status).toBe(400);
      resetCalls.push(d1.calls);
    }
    expect(resetCalls).toEqual([1, 1, 1]);
  });
});
