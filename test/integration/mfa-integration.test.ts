import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import {
  bindings,
  call,
  expectProblem,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  verifiedUser,
} from "../helpers/api";

afterEach(() => vi.restoreAllMocks());

const STEP = 30_000;
const me = (token: string) => call("GET", "/v1/users/me", { token });
const login = (email: string, password = PASSWORD, extra: object = {}) =>
  call("POST", "/v1/auth/login", { body: { email, password, ...extra } });
const refresh = (token: string) =>
  call("POST", "/v1/auth/refresh", { body: { refresh_token: token } });
const mfaVerify = (body: object, env?: Env) => call("POST", "/v1/auth/mfa/verify", { body, env });

function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split(".");
  return JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
}

/** Makes the stored last step older, so a test can spend a code of the current step again. */
async function forgetLastStep(userId: string) {
  await env.DB.prepare("UPDATE users SET totp_last_step = totp_last_step - 10 WHERE id = ?")
    .bind(userId)
    .run();
}

/** A verified user who has turned MFA on from `session` (the app's secret and the codes). */
async function withMfa(label: string) {
  const { email, session } = await verifiedUser(label);
  const enrolled = await call("POST", "/v1/users/me/mfa/totp", {
    token: session.access_token,
    body: { password: PASSWORD },
  });
  expect(enrolled.status).toBe(200);
  const { secret, otpauth_uri } = await json<{ secret: string; otpauth_uri: string }>(enrolled);
  const confirmed = await call("POST", "/v1/users/me/mfa/totp/confirm", {
    token: session.access_token,
    body: { code: totpCode(secret, Date.now()) },
  });
  expect(confirmed.status).toBe(200);
  const { recovery_codes } = await json<{ recovery_codes: string[] }>(confirmed);
  return { email, session, secret, otpauth_uri, recoveryCodes: recovery_codes };
}

async function mfaToken(email: string): Promise<string> {
  const response = await login(email);
  expect(response.status).toBe(200);
  const body = await json<{ mfa_required: boolean; mfa_token: string }>(response);
  expect(body.mfa_required).toBe(true);
  return body.mfa_token;
}

describe("enrolment is inert until confirmed", () => {
  it("returns a secret and an otpauth URI; sign-in needs only the password until the code confirms it", async () => {
    const { email, session } = await verifiedUser("enrol");
    const enrolled = await call("POST", "/v1/users/me/mfa/totp", {
      token: session.access_token,
      body: { password: PASSWORD },
    });
    const { secret, otpauth_uri } = await json<{ secret: string; otpauth_uri: string }>(enrolled);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauth_uri).toMatch(/^otpauth:\/\/totp\/Coffee%20Shop:/);
    expect(otpauth_uri).toContain(`secret=${secret}`);
    expect(otpauth_uri).toMatch(/algorithm=SHA1&digits=6&period=30/);
    const status = await json(
      await call("GET", "/v1/users/me/mfa", { token: session.access_token }),
    );
    expect(status).toMatchObject({ enabled: false, enrolment_pending: true });
    const plain = await json(await login(email));
    expect(plain).toHaveProperty("access_token");
    expect(plain).not.toHaveProperty("mfa_required");
  });

  it("needs the password, behind the backoff", async () => {
    const { session } = await verifiedUser("enrol-wrong");
    await expectProblem(
      await call("POST", "/v1/users/me/mfa/totp", {
        token: session.access_token,
        body: { password: "not-the-password" },
      }),
      401,
      "invalid_credentials",
    );
  });

  it("a wrong confirmation code is 400; 5 of them void the enrolment", async () => {
    const { session } = await verifiedUser("enrol-burn");
    const enrolled = await json<{ secret: string }>(
      await call("POST", "/v1/users/me/mfa/totp", {
        token: session.access_token,
        body: { password: PASSWORD },
      }),
    );
    const good = totpCode(enrolled.secret, Date.now());
    const bad = String((Number(good) + 500_000) % 1_000_000).padStart(6, "0");
    const confirm = (code: string) =>
      call("POST", "/v1/users/me/mfa/totp/confirm", {
        token: session.access_token,
        body: { code },
      });
    for (let i = 0; i < 4; i++) await expectProblem(await confirm(bad), 400, "invalid_code");
    await expectProblem(await confirm(bad), 429, "too_many_attempts");
    await expectProblem(await confirm(good), 429, "too_many_attempts");
  });
});

describe("with MFA on, no path yields tokens without the second factor", () => {
  it("confirming turns it on: 10 recovery codes, every other session ended, the current one upgraded", async () => {
    const { email, session: other } = await verifiedUser("turn-on");
    const current = await json<Session>(await login(email));
    const enrolled = await json<{ secret: string }>(
      await call("POST", "/v1/users/me/mfa/totp", {
        token: current.access_token,
        body: { password: PASSWORD },
      }),
    );
    const confirmed = await call("POST", "/v1/users/me/mfa/totp/confirm", {
      token: current.access_token,
      body: { code: totpCode(enrolled.secret, Date.now()) },
    });
    const { recovery_codes } = await json<{ recovery_codes: string[] }>(confirmed);
    expect(recovery_codes).toHaveLength(10);
    expect(new Set(recovery_codes).size).toBe(10);
    for (const code of recovery_codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await expectProblem(await me(other.access_token), 401, "invalid_token");
    await expectProblem(await refresh(other.refresh_token), 401, "invalid_token");
    expect((await me(current.access_token)).status).toBe(200);
    const rotated = await json<Session>(await refresh(current.refresh_token));
    expect(claimsOf(rotated.access_token).amr).toEqual(["pwd", "otp"]);
    expect(lastMail(email, "mfa_enabled").to).toBe(email);
    // Only digests are stored.
    const { results } = await env.DB.prepare(
      "SELECT code_digest FROM recovery_codes WHERE user_id = ?",
    )
      .bind(current.user.id)
      .all<{ code_digest: string }>();
    expect(results).toHaveLength(10);
    for (const code of recovery_codes) {
      expect(JSON.stringify(results)).not.toContain(code.replace("-", ""));
    }
  });

  it("login answers mfa_required and no token; the TOTP completes it with amr pwd+otp", async () => {
    const { email, secret } = await withMfa("login-mfa");
    const response = await login(email);
    const challenge = await json(response);
    expect(Object.keys(challenge).sort()).toEqual([
      "expires_in",
      "methods",
      "mfa_required",
      "mfa_token",
    ]);
    expect(challenge).toMatchObject({
      mfa_required: true,
      expires_in: 300,
      methods: ["totp", "recovery_code"],
    });
    const verified = await mfaVerify({
      mfa_token: challenge.mfa_token,
      code: totpCode(secret, Date.now() + STEP),
    });
    expect(verified.status).toBe(200);
    const session = await json<Session>(verified);
    expect(claimsOf(session.access_token).amr).toEqual(["pwd", "otp"]);
    expect((await me(session.access_token)).status).toBe(200);
    // The token has had its one success.
    await expectProblem(
      await mfaVerify({ mfa_token: challenge.mfa_token, code: totpCode(secret, Date.now()) }),
      401,
      "invalid_mfa_token",
    );
  });

  it("a TOTP code is refused the second time, even with a fresh mfa_token", async () => {
    const { email, secret } = await withMfa("replay");
    const code = totpCode(secret, Date.now() + STEP);
    expect((await mfaVerify({ mfa_token: await mfaToken(email), code })).status).toBe(200);
    await expectProblem(
      await mfaVerify({ mfa_token: await mfaToken(email), code }),
      400,
      "invalid_code",
    );
  });

  it("two concurrent completions with one code: exactly one session", async () => {
    const { email, secret, session } = await withMfa("replay-race");
    const code = totpCode(secret, Date.now() + STEP);
    const tokens = await Promise.all([mfaToken(email), mfaToken(email), mfaToken(email)]);
    const statuses = (await Promise.all(tokens.map((t) => mfaVerify({ mfa_token: t, code })))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const { n } = (await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL",
    )
      .bind(session.user.id)
      .first<{ n: number }>()) ?? { n: 0 };
    expect(n).toBe(2); // the enrolling session and the one winner
  });

  it("a recovery code works once, and the user is told", async () => {
    const { email, recoveryCodes } = await withMfa("recovery");
    const [code] = recoveryCodes;
    const used = await mfaVerify({
      mfa_token: await mfaToken(email),
      recovery_code: code?.toUpperCase(),
    });
    expect(used.status).toBe(200);
    expect(claimsOf((await json<Session>(used)).access_token).amr).toEqual(["pwd", "recovery"]);
    expect(lastMail(email, "recovery_code_used").to).toBe(email);
    await expectProblem(
      await mfaVerify({ mfa_token: await mfaToken(email), recovery_code: code }),
      400,
      "invalid_code",
    );
  });

  it("5 wrong codes burn the mfa_token even when 12 arrive at once", async () => {
    const { email, secret } = await withMfa("burn-token");
    const token = await mfaToken(email);
    const good = totpCode(secret, Date.now() + STEP);
    const wrongs = Array.from({ length: 12 }, (_, i) =>
      String((Number(good) + 1000 + i) % 1_000_000).padStart(6, "0"),
    );
    const answers = await Promise.all(
      wrongs.map(async (code) => (await json(await mfaVerify({ mfa_token: token, code }))).code),
    );
    expect(answers.filter((a) => a === "invalid_code").length).toBeLessThanOrEqual(4);
    expect(answers.filter((a) => a === "invalid_mfa_token").length).toBeGreaterThanOrEqual(7);
    await expectProblem(
      await mfaVerify({ mfa_token: token, code: good }),
      401,
      "invalid_mfa_token",
    );
  });

  it("a session signed in before MFA was turned on is never refreshed", async () => {
    const { email, session } = await verifiedUser("pre-mfa");
    const old = await json<Session>(await login(email));
    const enrolled = await json<{ secret: string }>(
      await call("POST", "/v1/users/me/mfa/totp", {
        token: session.access_token,
        body: { password: PASSWORD },
      }),
    );
    await call("POST", "/v1/users/me/mfa/totp/confirm", {
      token: session.access_token,
      body: { code: totpCode(enrolled.secret, Date.now()) },
    });
    // Even if the old session had somehow survived the confirmation (a race), it stays password-only.
    await env.DB.prepare("UPDATE sessions SET revoked_at = NULL WHERE id = ?")
      .bind(claimsOf(old.access_token).sid)
      .run();
    await expectProblem(await refresh(old.refresh_token), 401, "invalid_token");
  });

  it("the mfa_token is void after a password change in between", async () => {
    const { email, secret, session } = await withMfa("pw-between");
    const token = await mfaToken(email);
    await call("POST", "/v1/users/me/password", {
      token: session.access_token,
      body: { current_password: PASSWORD, new_password: "a-new-espresso-pass-9" },
    });
    await expectProblem(
      await mfaVerify({ mfa_token: token, code: totpCode(secret, Date.now() + STEP) }),
      401,
      "invalid_mfa_token",
    );
  });

  it("the browser mode carries through: the session arrives as a cookie", async () => {
    const { email, secret } = await withMfa("mfa-cookie");
    const response = await login(email, PASSWORD, { refresh_token_transport: "cookie" });
    const { mfa_token } = await json<{ mfa_token: string }>(response);
    expect(response.headers.getSetCookie()).toEqual([]);
    const verified = await mfaVerify({ mfa_token, code: totpCode(secret, Date.now() + STEP) });
    expect(await json(verified)).not.toHaveProperty("refresh_token");
    expect(
      verified.headers.getSetCookie().some((c) => c.startsWith("__Secure-refresh_token=")),
    ).toBe(true);
  });

  it("password reset does not turn MFA off", async () => {
    const { email } = await withMfa("reset-keeps");
    await env.DB.prepare("DELETE FROM mail_cooldowns WHERE email = ?").bind(email).run();
    await call("POST", "/v1/auth/password/forgot", { body: { email } });
    const reset = await call("POST", "/v1/auth/password/reset", {
      body: {
        email,
        code: lastMail(email, "password_reset_code").code,
        new_password: "reset-espresso-pass-3",
      },
    });
    expect(reset.status).toBe(204);
    expect(await json(await login(email, "reset-espresso-pass-3"))).toMatchObject({
      mfa_required: true,
    });
  });
});

describe("changing MFA needs the password and a second factor", () => {
  it("turning it off: wrong password 401, wrong code 400, both right 204 — then the password alone signs in", async () => {
    const { email, session, secret } = await withMfa("off");
    const off = (password: string, code: string) =>
      call("DELETE", "/v1/users/me/mfa", { token: session.access_token, body: { password, code } });
    await expectProblem(
      await off("not-the-password", totpCode(secret, Date.now() + STEP)),
      401,
      "invalid_credentials",
    );
    await expectProblem(await off(PASSWORD, "000000"), 400, "invalid_code");
    expect((await off(PASSWORD, totpCode(secret, Date.now() + STEP))).status).toBe(204);
    expect(await json(await login(email))).toHaveProperty("access_token");
    expect(lastMail(email, "mfa_disabled").to).toBe(email);
    const { n } = (await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ?",
    )
      .bind(session.user.id)
      .first<{ n: number }>()) ?? { n: 0 };
    expect(n).toBe(0);
  });

  it("new recovery codes kill the old set; a recovery code can be the second factor", async () => {
    const { email, session, recoveryCodes } = await withMfa("regen");
    const [first, second] = recoveryCodes;
    const response = await call("POST", "/v1/users/me/mfa/recovery-codes", {
      token: session.access_token,
      body: { password: PASSWORD, code: first },
    });
    expect(response.status).toBe(200);
    const fresh = (await json<{ recovery_codes: string[] }>(response)).recovery_codes;
    expect(fresh).toHaveLength(10);
    await expectProblem(
      await mfaVerify({ mfa_token: await mfaToken(email), recovery_code: second }),
      400,
      "invalid_code",
    );
    expect(
      (await mfaVerify({ mfa_token: await mfaToken(email), recovery_code: fresh[0] })).status,
    ).toBe(200);
    expect(lastMail(email, "recovery_codes_regenerated").to).toBe(email);
  });

  it("a wrong code keeps the password-backoff attempt: 10 of them, then even the right pair waits", async () => {
    const { session, secret } = await withMfa("code-oracle");
    for (let i = 0; i < 10; i++) {
      await expectProblem(
        await call("DELETE", "/v1/users/me/mfa", {
          token: session.access_token,
          body: { password: PASSWORD, code: String(100000 + i) },
        }),
        400,
        "invalid_code",
      );
    }
    await expectProblem(
      await call("DELETE", "/v1/users/me/mfa", {
        token: session.access_token,
        body: { password: PASSWORD, code: totpCode(secret, Date.now() + STEP) },
      }),
      429,
      "rate_limited",
    );
  });
});

describe("admins", () => {
  it("can reset a user's MFA (audited, the user told); a non-admin gets 403", async () => {
    const admin = await makeAdmin("mfa-admin");
    const { email, session } = await withMfa("lost-phone");
    await expectProblem(
      await call("DELETE", `/v1/users/${session.user.id}/mfa`, { token: session.access_token }),
      403,
      "forbidden",
    );
    const reset = await call("DELETE", `/v1/users/${session.user.id}/mfa`, {
      token: admin.session.access_token,
    });
    expect(reset.status).toBe(204);
    expect(await json(await login(email))).toHaveProperty("access_token");
    expect(lastMail(email, "mfa_reset_by_admin").to).toBe(email);
    const audit = await json<{ items: unknown[] }>(
      await call("GET", `/v1/audit?target=${session.user.id}&type=admin.mfa_reset`, {
        token: admin.session.access_token,
      }),
    );
    expect(audit.items).toHaveLength(1);
  });

  it("with ADMIN_MFA_REQUIRED=on, a password-only admin session is 403 mfa_required, an MFA one is let in", async () => {
    const strict = bindings({ ADMIN_MFA_REQUIRED: "on" });
    const admin = await makeAdmin("strict-admin");
    await expectProblem(
      await call("GET", "/v1/users", { token: admin.session.access_token, env: strict }),
      403,
      "mfa_required",
    );
    const enrolled = await json<{ secret: string }>(
      await call("POST", "/v1/users/me/mfa/totp", {
        token: admin.session.access_token,
        body: { password: PASSWORD },
      }),
    );
    await call("POST", "/v1/users/me/mfa/totp/confirm", {
      token: admin.session.access_token,
      body: { code: totpCode(enrolled.secret, Date.now()) },
    });
    const challenge = await json<{ mfa_token: string }>(await login(admin.email));
    const signedIn = await json<Session>(
      await mfaVerify({
        mfa_token: challenge.mfa_token,
        code: totpCode(enrolled.secret, Date.now() + STEP),
      }),
    );
    expect(
      (await call("GET", "/v1/users", { token: signedIn.access_token, env: strict })).status,
    ).toBe(200);
  });
});

describe("no secret of the second factor leaks", () => {
  it("no TOTP secret, recovery code or mfa_token in a log line or a user object", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "warn").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);
    const { email, secret, recoveryCodes, session } = await withMfa("no-leak");
    const token = await mfaToken(email);
    await forgetLastStep(session.user.id);
    const signed = await json<Session>(
      await mfaVerify({ mfa_token: token, code: totpCode(secret, Date.now()) }),
    );
    const meBody = await (await me(signed.access_token)).text();
    const row = await env.DB.prepare("SELECT totp_secret FROM users WHERE id = ?")
      .bind(session.user.id)
      .first<{ totp_secret: string }>();
    expect(row?.totp_secret).not.toContain(secret);
    for (const leak of [secret, token, ...recoveryCodes]) {
      expect(meBody).not.toContain(leak);
      expect(JSON.stringify(signed.user)).not.toContain(leak);
      for (const line of lines) expect(line).not.toContain(leak);
    }
  });
});
