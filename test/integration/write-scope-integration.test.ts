import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { renderMail } from "../../src/mail/templates";
import {
  bindings,
  call,
  enableMfa,
  enqueued,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  mailsTo,
  PASSWORD,
  runCreateAdmin,
  runScheduled,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { bystanders, bystandersMayChange, snapshotBystanders } from "../helpers/bystanders";

// The defects SPEC Part 3 lists under "These also hold from now on": each was seen broken, and
// each test here failed before its fix. The bystander check (helpers/bystanders.ts) runs after
// every one of them as well.

const me = (token: string) => call("GET", "/v1/users/me", { token });
const refresh = (token: string) =>
  call("POST", "/v1/auth/refresh", { body: { refresh_token: token } });

async function mfaToken(email: string): Promise<string> {
  const response = await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } });
  const body = await json<{ mfa_token?: string }>(response);
  if (!body.mfa_token) throw new Error(`no MFA challenge for ${email}`);
  return body.mfa_token;
}

async function row<T>(sql: string, ...params: unknown[]): Promise<T | null> {
  return env.DB.prepare(sql)
    .bind(...params)
    .first<T>();
}

describe("enrolling in MFA changes no other account", () => {
  it("turns MFA on for the enrolling account only; everyone else signs in and refreshes as before", async () => {
    const other = await verifiedUser("other");
    const enrolling = await verifiedUser("enrolling");
    await enableMfa(enrolling.session.access_token);

    const others = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM users WHERE mfa_enabled_at IS NOT NULL AND id <> ? AND id <> ?",
    )
      .bind(enrolling.session.user.id, bystanders.mfa?.id)
      .first<{ n: number }>();
    expect(others?.n).toBe(0);
    expect((await refresh(other.session.refresh_token)).status).toBe(200);
    const login = await call("POST", "/v1/auth/login", {
      body: { email: other.email, password: PASSWORD },
    });
    expect(await json(login)).toHaveProperty("access_token");
    const plain = bystanders.plain;
    expect(plain && (await me(plain.accessToken)).status).toBe(200);
  });

  it("two enrolments confirmed at the same moment each change only their own account", async () => {
    const users = await Promise.all([verifiedUser("twin-a"), verifiedUser("twin-b")]);
    const secrets = await Promise.all(
      users.map(async (u) => {
        const r = await call("POST", "/v1/users/me/mfa/totp", {
          token: u.session.access_token,
          body: { password: PASSWORD },
        });
        return (await json<{ secret: string }>(r)).secret;
      }),
    );
    const answers = await Promise.all(
      users.map((u, i) =>
        call("POST", "/v1/users/me/mfa/totp/confirm", {
          token: u.session.access_token,
          body: { code: totpCode(secrets[i] ?? "", Date.now()) },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const stored = await Promise.all(
      users.map((u) =>
        row<{ totp_secret: string }>(
          "SELECT totp_secret FROM users WHERE id = ?",
          u.session.user.id,
        ),
      ),
    );
    expect(stored[0]?.totp_secret).not.toBe(stored[1]?.totp_secret);
  });
});

describe("GET /v1/users/me/mfa counts the caller's own recovery codes", () => {
  it("reports 10 after enrolment and 9 after one is used", async () => {
    const user = await verifiedUser("counting");
    const { recoveryCodes } = await enableMfa(user.session.access_token);
    const status = async (token: string) =>
      json<{ recovery_codes_remaining: number }>(await call("GET", "/v1/users/me/mfa", { token }));
    expect((await status(user.session.access_token)).recovery_codes_remaining).toBe(10);
    const signedIn = await call("POST", "/v1/auth/mfa/verify", {
      body: { mfa_token: await mfaToken(user.email), recovery_code: recoveryCodes[0] },
    });
    const session = await json<Session>(signedIn);
    expect((await status(session.access_token)).recovery_codes_remaining).toBe(9);
  });
});

describe("new recovery codes leave no code of the old set working", () => {
  for (const factor of ["a TOTP code", "a recovery code"] as const) {
    it(`when the new set is made with ${factor}`, async () => {
      const user = await verifiedUser("regen");
      const { secret, recoveryCodes } = await enableMfa(user.session.access_token);
      // A TOTP step is accepted once: confirming spent the current one; use the next step.
      const code =
        factor === "a TOTP code" ? totpCode(secret, Date.now() + 30_000) : recoveryCodes[0];
      const regenerated = await call("POST", "/v1/users/me/mfa/recovery-codes", {
        token: user.session.access_token,
        body: { password: PASSWORD, code },
      });
      expect(regenerated.status).toBe(200);
      const fresh = (await json<{ recovery_codes: string[] }>(regenerated)).recovery_codes;
      const remaining = await row<{ n: number }>(
        "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
        user.session.user.id,
      );
      expect(remaining?.n).toBe(10);
      const old = await call("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: await mfaToken(user.email), recovery_code: recoveryCodes[5] },
      });
      await expectProblem(old, 400, "invalid_code");
      const renewed = await call("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: await mfaToken(user.email), recovery_code: fresh[0] },
      });
      expect(renewed.status).toBe(200);
    });
  }
});

describe("npm run create-admin on an existing account ends every session of it", () => {
  it("kills the refresh tokens and access tokens the account had", async () => {
    const user = await verifiedUser("taken-over");
    await runCreateAdmin(user.email, "a-new-operator-passphrase-9");
    await expectProblem(await refresh(user.session.refresh_token), 401, "invalid_token");
    await expectProblem(await me(user.session.access_token), 401, "invalid_token");
    const live = await row<{ n: number }>(
      "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL",
      user.session.user.id,
    );
    expect(live?.n).toBe(0);
  });
});

describe("failed second factors count against the account, not only the mfa_token", () => {
  it("after 10 wrong codes over several mfa_tokens the account answers 429 with Retry-After; told once", async () => {
    const user = await verifiedUser("guessed");
    const { secret } = await enableMfa(user.session.access_token);
    const wrong = totpCode(secret, Date.now() - 10 * 60_000); // a valid-looking code, not current
    const tokens = await Promise.all([1, 2, 3].map(() => mfaToken(user.email)));
    // 4 + 4 + 2 = 10 failures, spread over three tokens (each good for 5).
    for (const [i, count] of [4, 4, 2].entries()) {
      for (let n = 0; n < count; n += 1) {
        const answer = await call("POST", "/v1/auth/mfa/verify", {
          body: { mfa_token: tokens[i], code: wrong },
        });
        expect(answer.status).toBe(400);
      }
    }
    const fresh = await mfaToken(user.email);
    const blocked = await call("POST", "/v1/auth/mfa/verify", {
      body: { mfa_token: fresh, code: totpCode(secret, Date.now() + 30_000) },
    });
    await expectProblem(blocked, 429, "too_many_attempts");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(mailsTo(user.email).filter((m) => m.kind === "mfa_attempts_blocked")).toHaveLength(1);
  });

  it("of 20 wrong codes fired at once over 4 tokens, at most 10 are compared", async () => {
    const user = await verifiedUser("burst");
    const { secret } = await enableMfa(user.session.access_token);
    const wrong = totpCode(secret, Date.now() - 10 * 60_000);
    const tokens = await Promise.all([1, 2, 3, 4].map(() => mfaToken(user.email)));
    const answers = await Promise.all(
      tokens.flatMap((token) =>
        [1, 2, 3, 4, 5].map(() =>
          call("POST", "/v1/auth/mfa/verify", { body: { mfa_token: token, code: wrong } }),
        ),
      ),
    );
    const compared = answers.filter((a) => a.status === 400).length;
    expect(compared).toBeLessThanOrEqual(10);
    const failures = await row<{ mfa_failures: number }>(
      "SELECT mfa_failures FROM users WHERE id = ?",
      user.session.user.id,
    );
    expect(failures?.mfa_failures).toBe(10);
    expect(answers.every((a) => [400, 401, 429].includes(a.status))).toBe(true);
  });
});

describe("a password or email change keeps the session's absolute end and amr", () => {
  async function currentSession(token: string) {
    const list = await json<{ items: { current: boolean; expires_at: string; amr: string[] }[] }>(
      await call("GET", "/v1/users/me/sessions", { token }),
    );
    const current = list.items.find((s) => s.current);
    if (!current) throw new Error("no current session");
    return current;
  }

  it("password change: the new session ends when the old one would have", async () => {
    const user = await verifiedUser("clock");
    const before = await currentSession(user.session.access_token);
    const changed = await call("POST", "/v1/users/me/password", {
      token: user.session.access_token,
      body: { current_password: PASSWORD, new_password: "a-different-passphrase-7" },
    });
    expect(changed.status).toBe(200);
    const after = await currentSession((await json<Session>(changed)).access_token);
    expect(after.expires_at).toBe(before.expires_at);
    expect(after.amr).toEqual(before.amr);
  });

  it("email change: the same", async () => {
    const user = await verifiedUser("clock-mail");
    const before = await currentSession(user.session.access_token);
    const newEmail = uniqueEmail("clock-new");
    const requested = await call("POST", "/v1/users/me/email", {
      token: user.session.access_token,
      body: { new_email: newEmail, password: PASSWORD },
    });
    expect(requested.status).toBe(202);
    const confirmed = await call("POST", "/v1/users/me/email/confirm", {
      token: user.session.access_token,
      body: { code: lastMail(newEmail, "email_change_code").code },
    });
    expect(confirmed.status).toBe(200);
    const after = await currentSession((await json<Session>(confirmed)).access_token);
    expect(after.expires_at).toBe(before.expires_at);
    expect(after.amr).toEqual(before.amr);
  });
});

describe("a wrong reset code answers the same for every address, known or not", () => {
  it("tries 1–5 and 6 answer alike for a verified account and an unknown address", async () => {
    const known = await verifiedUser("reset-known");
    const unknown = uniqueEmail("reset-unknown");
    const answers: Record<string, string[]> = { known: [], unknown: [] };
    await expireMailCooldown(known.email);
    for (const [label, email] of [
      ["known", known.email],
      ["unknown", unknown],
    ] as const) {
      expect((await call("POST", "/v1/auth/password/forgot", { body: { email } })).status).toBe(
        202,
      );
      for (let n = 0; n < 6; n += 1) {
        const answer = await call("POST", "/v1/auth/password/reset", {
          body: { email, code: "000000", new_password: "brand-new-passphrase-5" },
        });
        const body = await json<{ code: string }>(answer);
        answers[label]?.push(`${answer.status} ${body.code}`);
      }
    }
    expect(answers.unknown).toEqual(answers.known);
    expect(answers.known?.slice(3, 5)).toEqual(["400 invalid_code", "429 too_many_attempts"]);
  });
});

describe("mail to an address that has not proven itself carries no caller-chosen text", () => {
  it("a verification code mail never shows the name given at sign-up", async () => {
    const email = uniqueEmail("named");
    const name = "Visit evil.example <b>now</b>";
    await signup(email, PASSWORD, { name });
    const message = enqueued.filter((m) => (m as { to?: string }).to === email).at(-1);
    expect(JSON.stringify(message)).not.toContain("evil");
    const rendered = renderMail(lastMail(email, "verification_code"));
    expect(`${rendered.subject}${rendered.text}${rendered.html}`).not.toContain("evil");
  });
});

describe("the outbox keeps no sealed code it no longer needs", () => {
  it("the minutely cron clears codes older than their lifetime and never hands a delivered row over again", async () => {
    const email = uniqueEmail("outbox");
    const stuck = uniqueEmail("outbox-stuck");
    await signup(email);
    await signup(stuck);
    const idOf = async (to: string) =>
      (await row<{ id: string }>("SELECT id FROM mail_outbox WHERE to_email = ?", to))?.id;
    const id = await idOf(email);
    const stuckId = await idOf(stuck);
    // As if the hand-over's own write had failed but the consumer delivered the mail (its mark
    // clears the code, as markDelivered does).
    await env.DB.prepare(
      "UPDATE mail_outbox SET enqueued_at = NULL, delivered_at = ?, secret = NULL WHERE id = ?",
    )
      .bind(new Date().toISOString(), id)
      .run();
    // Handed over and never delivered (a dead letter): it keeps its code until the code expires.
    expect(
      (await row<{ secret: string | null }>("SELECT secret FROM mail_outbox WHERE id = ?", stuckId))
        ?.secret,
    ).not.toBeNull();
    const before = enqueued.length;
    bystandersMayChange("16 minutes on, the bystanders' codes have expired too: theirs go as well");
    const later = new Date(Date.now() + 16 * 60_000);
    await runScheduled("* * * * *", later, bindings());
    expect(enqueued.slice(before).filter((m) => (m as { id?: string }).id === id)).toEqual([]);
    const stored = await row<{ secret: string | null }>(
      "SELECT secret FROM mail_outbox WHERE id = ?",
      stuckId,
    );
    expect(stored?.secret).toBeNull();
  });
});

describe("a re-signup of a pending address restarts its purge clock", () => {
  it("the nightly purge keeps an address signed up again today", async () => {
    const email = uniqueEmail("again");
    await signup(email);
    await env.DB.prepare("UPDATE users SET created_at = ? WHERE email = ?")
      .bind(new Date(Date.now() - 49 * 3600_000).toISOString(), email)
      .run();
    await expireMailCooldown(email);
    await signup(email, "another-passphrase-11");
    await runScheduled("0 3 * * *", new Date(), env);
    expect(await row("SELECT id FROM users WHERE email = ?", email)).not.toBeNull();
  });
});

describe("a request that carries two refresh-token cookies is refused", () => {
  it("401 invalid_token, neither token spent, and every copy cleared", async () => {
    const user = await verifiedUser("tossed");
    const response = await call("POST", "/v1/auth/refresh", {
      body: {},
      headers: {
        Origin: "https://api.test",
        Cookie: `__Secure-refresh_token=${user.session.refresh_token}; __Secure-refresh_token=planted`,
      },
    });
    await expectProblem(response, 401, "invalid_token");
    const cleared = response.headers.getSetCookie();
    expect(cleared.length).toBeGreaterThanOrEqual(2);
    for (const cookie of cleared) expect(cookie).toMatch(/^__Secure-refresh_token=; Max-Age=0/);
    expect(cleared.some((c) => c.includes("Path=/v1/auth;"))).toBe(true);
    expect(cleared.some((c) => c.includes("Path=/;"))).toBe(true);
    expect((await refresh(user.session.refresh_token)).status).toBe(200);
  });
});

describe("/metrics checks its token before it says anything", () => {
  const token = "metrics-token-for-tests-0123456789abcdefghijklmnop";
  it("a wrong token is 401 invalid_token, a missing one 401 unauthorized", async () => {
    const metricsEnv = bindings({ METRICS_TOKEN: token });
    await expectProblem(
      await call("GET", "/metrics", { env: metricsEnv, token: `${token}x` }),
      401,
      "invalid_token",
    );
    await expectProblem(await call("GET", "/metrics", { env: metricsEnv }), 401, "unauthorized");
  });

  it("a misconfigured service still answers 401 to a wrong token, and 503 only to the right one", async () => {
    const broken = bindings({ METRICS_TOKEN: token, CODE_HMAC_SECRET: "" });
    await expectProblem(
      await call("GET", "/metrics", { env: broken, token: "wrong" }),
      401,
      "invalid_token",
    );
    await expectProblem(await call("GET", "/metrics", { env: broken, token }), 503, "unavailable");
  });
});

describe("every response carries X-Request-Id, errors included", () => {
  it("echoes the id on 404, 405, 401, 422, 415 and a problem from a service", async () => {
    const user = await verifiedUser("request-id");
    const cases: [string, string, Parameters<typeof call>[2]][] = [
      ["GET", "/v1/nowhere", {}],
      ["PUT", "/v1/auth/login", {}],
      ["GET", "/v1/users/me", {}],
      ["POST", "/v1/auth/signup", { body: { email: "nope" } }],
      ["POST", "/v1/auth/login", { rawBody: "x", headers: { "Content-Type": "text/plain" } }],
      [
        "POST",
        "/v1/users/me/password",
        {
          token: user.session.access_token,
          body: { current_password: "wrong-password-1", new_password: "whatever-else-22" },
        },
      ],
    ];
    for (const [method, path, options] of cases) {
      const id = `req-${crypto.randomUUID()}`;
      const response = await call(method, path, {
        ...options,
        headers: { ...options?.headers, "X-Request-Id": id },
      });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.headers.get("X-Request-Id"), `${method} ${path}`).toBe(id);
    }
  });
});

describe("a missing feature secret turns off that feature, not sign-in", () => {
  const noMfaKey = bindings({ MFA_ENCRYPTION_KEY: "" });
  it("without MFA_ENCRYPTION_KEY: sign-up, login and refresh work; MFA routes answer 503 naming it", async () => {
    const user = await verifiedUser("no-mfa-key");
    const login = await call("POST", "/v1/auth/login", {
      env: noMfaKey,
      body: { email: user.email, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const session = await json<Session>(login);
    expect(
      (await call("GET", "/v1/users/me", { env: noMfaKey, token: session.access_token })).status,
    ).toBe(200);
    const enrol = await call("POST", "/v1/users/me/mfa/totp", {
      env: noMfaKey,
      token: session.access_token,
      body: { password: PASSWORD },
    });
    const problem = await expectProblem(enrol, 503, "unavailable");
    expect(problem.detail).toContain("MFA_ENCRYPTION_KEY");
    const ready = await json<{ disabled: { setting: string }[] }>(
      await call("GET", "/health/ready", { env: noMfaKey }),
    );
    expect(ready.disabled).toEqual([
      { feature: "mfa", setting: "MFA_ENCRYPTION_KEY" },
      { feature: "openid_provider", setting: "JWT_SIGNING_KEY" },
    ]);
  });
});

describe("the bystander check itself", () => {
  it("sees a change to a bystander's row (so a green run means they were untouched)", async () => {
    const before = await snapshotBystanders();
    const plain = bystanders.plain;
    if (!plain) throw new Error("no bystander");
    await env.DB.prepare("UPDATE users SET name = 'changed' WHERE id = ?").bind(plain.id).run();
    expect(await snapshotBystanders()).not.toEqual(before);
    await env.DB.prepare("UPDATE users SET name = NULL WHERE id = ?").bind(plain.id).run();
    expect(await snapshotBystanders()).toEqual(before);
  });
});
