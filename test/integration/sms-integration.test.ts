import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { verifyForService } from "../../src/rpc/verify";
import {
  call,
  expectProblem,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  useBindings,
  verifiedUser,
} from "../helpers/api";
import { FakeVerify } from "../helpers/fake-verify";

/**
 * SMS as a restricted second factor (docs/sms.md), against a Twilio-Verify-shaped server
 * (helpers/fake-verify.ts) that holds the codes as Verify does.
 */

const verify = new FakeVerify();
const api = useBindings(verify.settings);
let number = 0;
/** A fresh US number per test (the per-number limit is per number). */
const phone = () => `+1415555${String(1000 + (number++ % 9000)).padStart(4, "0")}`;

let logged: string[] = [];
beforeEach(() => {
  verify.mode = "ok";
  verify.routeFetch();
  logged = [];
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function enrol(token: string, to: string, password = PASSWORD) {
  return call("POST", "/v1/users/me/mfa/sms", { token, body: { password, phone: to } });
}

/** A verified user whose only second factor is a number, and their recovery codes. */
async function smsUser(label: string) {
  const user = await verifiedUser(label);
  const to = phone();
  expect((await enrol(user.session.access_token, to)).status).toBe(202);
  const confirmed = await call("POST", "/v1/users/me/mfa/sms/confirm", {
    token: user.session.access_token,
    body: { code: verify.codeFor(to) },
  });
  expect(confirmed.status).toBe(200);
  const { recovery_codes } = await json<{ recovery_codes: string[] }>(confirmed);
  return { ...user, phone: to, recoveryCodes: recovery_codes };
}

async function smsLogin(email: string, to: string) {
  const first = await json<{ mfa_token: string; methods: string[] }>(
    await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
  );
  const texted = await call("POST", "/v1/auth/mfa/sms", { body: { mfa_token: first.mfa_token } });
  expect(texted.status).toBe(202);
  const second = await call("POST", "/v1/auth/mfa/verify", {
    body: { mfa_token: first.mfa_token, sms_code: verify.codeFor(to) },
  });
  return { first, second };
}

describe("enrolling a number is a binding", () => {
  it("step-up, a text, the code: MFA on with recovery codes, the holder mailed, the number never whole", async () => {
    const user = await verifiedUser("sms-enrol");
    const to = phone();
    const sent = await enrol(user.session.access_token, to);
    expect(sent.status).toBe(202);
    const body = await json<Record<string, unknown>>(sent);
    expect(body).toMatchObject({ phone: `••••${to.slice(-2)}`, restricted: true });
    expect(String(body.notice)).toMatch(/restricted.*SIM swap.*authenticator app/s);
    expect(verify.texts.at(-1)?.to).toBe(to);

    const confirmed = await call("POST", "/v1/users/me/mfa/sms/confirm", {
      token: user.session.access_token,
      body: { code: verify.codeFor(to) },
    });
    expect(confirmed.status).toBe(200);
    const enrolled = await json<{ recovery_codes: string[] }>(confirmed);
    expect(enrolled.recovery_codes).toHaveLength(10);
    const status = await json<Record<string, unknown>>(
      await call("GET", "/v1/users/me/mfa", { token: user.session.access_token }),
    );
    expect(status).toMatchObject({
      enabled: true,
      totp: false,
      sms: { phone: `••••${to.slice(-2)}`, pending: null, restricted: true },
    });
    expect(lastMail(user.email, "sms_enabled")).toMatchObject({ phone_ending: to.slice(-2) });
    const audit = await env.DB.prepare(
      "SELECT data FROM audit_events WHERE target_id = ? AND type = 'mfa.sms_add'",
    )
      .bind(user.session.user.id)
      .all<{ data: string }>();
    expect(audit.results.map((r) => JSON.parse(r.data))).toEqual([
      { phone_ending: to.slice(-2), mfa_turned_on: true },
    ]);
    // Nowhere whole: not in an answer, a log line, the audit trail or the outbox.
    const outbox = await env.DB.prepare("SELECT data FROM mail_outbox").all();
    const trail = await env.DB.prepare("SELECT data FROM audit_events").all();
    expect(
      JSON.stringify([body, status, logged, outbox.results, trail.results]).includes(to.slice(1)),
    ).toBe(false);
  });

  it("refuses a country outside SMS_COUNTRIES (422), a wrong password (401), and sends nothing", async () => {
    const user = await verifiedUser("sms-refused");
    const before = verify.texts.length;
    await expectProblem(
      await enrol(user.session.access_token, "+351912345678"),
      422,
      "validation_failed",
    );
    await expectProblem(
      await enrol(user.session.access_token, "0044 20 7946 0000"),
      422,
      "validation_failed",
    );
    await expectProblem(
      await enrol(user.session.access_token, phone(), `${PASSWORD}-wrong`),
      401,
      "invalid_credentials",
    );
    expect(verify.texts.length).toBe(before);
  });

  it("a provider that fails, answers garbage or hangs: 503, and no half-enrolled number", async () => {
    const user = await verifiedUser("sms-outage");
    for (const mode of ["down", "garbage", "refuse", "hang"] as const) {
      verify.mode = mode;
      const to = phone();
      await expectProblem(await enrol(user.session.access_token, to), 503, "unavailable");
      const row = await env.DB.prepare(
        "SELECT sms_phone, sms_pending_phone, mfa_enabled_at FROM users WHERE id = ?",
      )
        .bind(user.session.user.id)
        .first();
      expect(row, mode).toEqual({ sms_phone: null, sms_pending_phone: null, mfa_enabled_at: null });
    }
    // And a confirmation the provider cannot check changes nothing either.
    verify.mode = "ok";
    const to = phone();
    await enrol(user.session.access_token, to);
    verify.mode = "down";
    await expectProblem(
      await call("POST", "/v1/users/me/mfa/sms/confirm", {
        token: user.session.access_token,
        body: { code: verify.codeFor(to) },
      }),
      503,
      "unavailable",
    );
    const row = await env.DB.prepare("SELECT sms_phone, mfa_enabled_at FROM users WHERE id = ?")
      .bind(user.session.user.id)
      .first();
    expect(row).toEqual({ sms_phone: null, mfa_enabled_at: null });
  }, 30_000);

  it("two confirmations at once enrol the number once, even if the provider approves both", async () => {
    const user = await verifiedUser("sms-race");
    const to = phone();
    await enrol(user.session.access_token, to);
    const code = verify.codeFor(to);
    // Both checks pass at the provider: only the claim on the pending number decides.
    verify.mode = "lenient";
    const answers = await Promise.all(
      [1, 2].map(() =>
        call("POST", "/v1/users/me/mfa/sms/confirm", {
          token: user.session.access_token,
          body: { code },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const counts = await env.DB.prepare(
      `SELECT (SELECT COUNT(*) FROM audit_events WHERE target_id = ?1 AND type = 'mfa.sms_add') AS audits,
              (SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?1) AS codes,
              (SELECT sms_phone FROM users WHERE id = ?1) AS phone`,
    )
      .bind(user.session.user.id)
      .first();
    expect(counts).toEqual({ audits: 1, codes: 10, phone: to });
  });

  it("at most 5 texts per number in 10 minutes, then 429 with Retry-After", async () => {
    const user = await verifiedUser("sms-limit");
    const to = phone();
    for (let i = 0; i < 5; i++)
      expect((await enrol(user.session.access_token, to)).status).toBe(202);
    const sixth = await enrol(user.session.access_token, to);
    await expectProblem(sixth, 429, "rate_limited");
    expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThan(500);
    expect(verify.texts.filter((t) => t.to === to)).toHaveLength(5);
    // Ten minutes on, the number may be texted again.
    await env.DB.prepare("UPDATE sms_sends SET window_start = ? WHERE key LIKE 'n:%'")
      .bind(new Date(Date.now() - 601_000).toISOString())
      .run();
    expect((await enrol(user.session.access_token, to)).status).toBe(202);
  });
});

describe("signing in with a texted code", () => {
  it("login names sms among the methods; the text goes to the enrolled number; amr ends in sms", async () => {
    const user = await smsUser("sms-login");
    const { first, second } = await smsLogin(user.email, user.phone);
    expect(first.methods).toEqual(["recovery_code", "sms"]);
    expect(verify.texts.at(-1)?.to).toBe(user.phone);
    expect(second.status).toBe(200);
    const session = await json<Session>(second);
    const caller = await verifyForService(api, session.access_token);
    expect(caller?.amr).toEqual(["pwd", "sms"]);
    expect(caller?.aal).toBe("aal2");
  });

  it("a wrong or replayed code is refused; an account without a number gets no text", async () => {
    const user = await smsUser("sms-wrong");
    const first = await json<{ mfa_token: string }>(
      await call("POST", "/v1/auth/login", { body: { email: user.email, password: PASSWORD } }),
    );
    await call("POST", "/v1/auth/mfa/sms", { body: { mfa_token: first.mfa_token } });
    const code = verify.codeFor(user.phone);
    const wrong = code === "111111" ? "222222" : "111111";
    await expectProblem(
      await call("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: first.mfa_token, sms_code: wrong },
      }),
      400,
      "invalid_code",
    );
    const ok = await call("POST", "/v1/auth/mfa/verify", {
      body: { mfa_token: first.mfa_token, sms_code: code },
    });
    expect(ok.status).toBe(200);
    // The code was spent at the provider: a second sign-in cannot reuse it.
    const again = await json<{ mfa_token: string }>(
      await call("POST", "/v1/auth/login", { body: { email: user.email, password: PASSWORD } }),
    );
    await expectProblem(
      await call("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: again.mfa_token, sms_code: code },
      }),
      400,
      "invalid_code",
    );

    // A TOTP-only account: nothing is texted, whatever the request.
    const plain = await verifiedUser("sms-none");
    const { enableMfa } = await import("../helpers/api");
    await enableMfa(plain.session.access_token);
    const challenge = await json<{ mfa_token: string; methods: string[] }>(
      await call("POST", "/v1/auth/login", { body: { email: plain.email, password: PASSWORD } }),
    );
    expect(challenge.methods).toEqual(["totp", "recovery_code"]);
    const before = verify.texts.length;
    await expectProblem(
      await call("POST", "/v1/auth/mfa/sms", { body: { mfa_token: challenge.mfa_token } }),
      409,
      "conflict",
    );
    await expectProblem(
      await call("POST", "/v1/auth/mfa/sms", { body: { mfa_token: "not-a-token" } }),
      401,
      "invalid_mfa_token",
    );
    expect(verify.texts.length).toBe(before);
  });

  it("restricted: an SMS session never gives admin power under ADMIN_MFA_REQUIRED", async () => {
    const admin = await makeAdmin("sms-admin");
    const to = phone();
    await enrol(admin.session.access_token, to);
    await call("POST", "/v1/users/me/mfa/sms/confirm", {
      token: admin.session.access_token,
      body: { code: verify.codeFor(to) },
    });
    const { second } = await smsLogin(admin.email, to);
    const session = await json<Session>(second);
    const strict = { ...api, ADMIN_MFA_REQUIRED: "on" } as Env;
    await expectProblem(
      await call("GET", "/v1/users?limit=1", { token: session.access_token, env: strict }),
      403,
      "mfa_required",
    );
    // With the setting off, the role alone still works as before.
    expect((await call("GET", "/v1/users?limit=1", { token: session.access_token })).status).toBe(
      200,
    );
  });
});

describe("moving off SMS", () => {
  it("an app added beside the number keeps the codes; then the number can go; alone it cannot", async () => {
    const user = await smsUser("sms-migrate");
    const token = user.session.access_token;
    await expectProblem(
      await call("DELETE", "/v1/users/me/mfa/sms", { token, body: { password: PASSWORD } }),
      409,
      "conflict",
    );
    const enrolled = await call("POST", "/v1/users/me/mfa/totp", {
      token,
      body: { password: PASSWORD },
    });
    expect(enrolled.status).toBe(200);
    const { secret } = await json<{ secret: string }>(enrolled);
    const confirmed = await call("POST", "/v1/users/me/mfa/totp/confirm", {
      token,
      body: { code: totpCode(secret, Date.now()) },
    });
    expect(confirmed.status).toBe(200);
    expect(await json(confirmed)).toEqual({ recovery_codes: [] });
    const removed = await call("DELETE", "/v1/users/me/mfa/sms", {
      token,
      body: { password: PASSWORD },
    });
    expect(removed.status).toBe(204);
    expect(lastMail(user.email, "sms_removed")).toMatchObject({
      phone_ending: user.phone.slice(-2),
    });
    const challenge = await json<{ methods: string[] }>(
      await call("POST", "/v1/auth/login", { body: { email: user.email, password: PASSWORD } }),
    );
    expect(challenge.methods).toEqual(["totp", "recovery_code"]);
    // The recovery codes of the SMS enrolment still work.
    const codes = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
    )
      .bind(user.session.user.id)
      .first<{ n: number }>();
    expect(codes?.n).toBe(10);
  });

  it("turning MFA off (password and a recovery code) and an admin's reset take the number too", async () => {
    const user = await smsUser("sms-off");
    const off = await call("DELETE", "/v1/users/me/mfa", {
      token: user.session.access_token,
      body: { password: PASSWORD, code: user.recoveryCodes[0] },
    });
    expect(off.status).toBe(204);
    const row = await env.DB.prepare("SELECT sms_phone, mfa_enabled_at FROM users WHERE id = ?")
      .bind(user.session.user.id)
      .first();
    expect(row).toEqual({ sms_phone: null, mfa_enabled_at: null });

    const other = await smsUser("sms-reset");
    const admin = await makeAdmin("sms-reset-admin");
    expect(
      (
        await call("DELETE", `/v1/users/${other.session.user.id}/mfa`, {
          token: admin.session.access_token,
        })
      ).status,
    ).toBe(204);
    const reset = await env.DB.prepare("SELECT sms_phone FROM users WHERE id = ?")
      .bind(other.session.user.id)
      .first();
    expect(reset).toEqual({ sms_phone: null });
  });
});

describe("what texting costs in D1", () => {
  it("enrol 3 round trips, confirm 3 (the caller, the pending number, the claim), the sign-in text 2, the sign-in with it 3 like TOTP", async () => {
    const { bindings } = await import("../helpers/api");
    const { countingD1 } = await import("../helpers/d1");
    const counted = async (method: string, path: string, options: Parameters<typeof call>[2]) => {
      const d1 = countingD1(env.DB);
      let calls = Number.NaN;
      const response = await call(method, path, {
        ...options,
        env: bindings({ ...verify.settings, DB: d1.binding }),
        onResponse: () => {
          calls = d1.calls;
        },
      });
      return { status: response.status, calls, response };
    };
    const user = await verifiedUser("sms-trips");
    const to = phone();
    // The caller, the step-up (the password behind its backoff), then one batch.
    expect(
      await counted("POST", "/v1/users/me/mfa/sms", {
        token: user.session.access_token,
        body: { password: PASSWORD, phone: to },
      }).then(({ status, calls }) => ({ status, calls })),
    ).toEqual({ status: 202, calls: 3 });
    expect(
      await counted("POST", "/v1/users/me/mfa/sms/confirm", {
        token: user.session.access_token,
        body: { code: verify.codeFor(to) },
      }).then(({ status, calls }) => ({ status, calls })),
    ).toEqual({ status: 200, calls: 3 });
    const first = await json<{ mfa_token: string }>(
      await call("POST", "/v1/auth/login", { body: { email: user.email, password: PASSWORD } }),
    );
    expect(
      await counted("POST", "/v1/auth/mfa/sms", { body: { mfa_token: first.mfa_token } }).then(
        ({ status, calls }) => ({ status, calls }),
      ),
    ).toEqual({ status: 202, calls: 2 });
    expect(
      await counted("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: first.mfa_token, sms_code: verify.codeFor(to) },
      }).then(({ status, calls }) => ({ status, calls })),
    ).toEqual({ status: 200, calls: 3 });
  });
});
