import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import {
  bindings,
  call,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  mailsTo,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { claimsOf } from "../helpers/shops";

const ask = (email: string, options: Parameters<typeof call>[2] = {}) =>
  call("POST", "/v1/auth/email-code", { body: { email }, ...options });
const answer = (email: string, code: string, extra: object = {}) =>
  call("POST", "/v1/auth/email-code/verify", { body: { email, code, ...extra } });

/** A verified user whose sign-up mail cooldown is over, so a sign-in code can be mailed now. */
async function readyUser(label: string) {
  const user = await verifiedUser(label);
  await expireMailCooldown(user.email);
  return user;
}

describe("sign-in with a code mailed to the address", () => {
  it("mails a 10-minute code to a verified account; the code signs in with amr email", async () => {
    const user = await readyUser("code-login");
    const asked = await ask(user.email);
    expect(asked.status).toBe(202);
    const mail = lastMail(user.email, "login_code");
    expect(Date.parse(mail.expires_at) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(mail.expires_at) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const signedIn = await answer(user.email, mail.code);
    expect(signedIn.status).toBe(200);
    const session = await json<Session>(signedIn);
    expect(claimsOf(session.access_token).amr).toEqual(["email"]);
    expect((await call("GET", "/v1/users/me", { token: session.access_token })).status).toBe(200);
    await expectProblem(await answer(user.email, mail.code), 400, "invalid_code");
  });

  it("answers the same 202 for a verified, a pending and an unknown address; mails only the verified", async () => {
    const verified = await readyUser("code-verified");
    const pending = uniqueEmail("code-pending");
    await signup(pending);
    await expireMailCooldown(pending);
    const unknown = uniqueEmail("code-unknown");
    const answers = await Promise.all([verified.email, pending, unknown].map((e) => ask(e)));
    const bodies = await Promise.all(answers.map((a) => json<Record<string, unknown>>(a)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(bodies.map((b) => Object.keys(b).sort().join()))).toHaveProperty("size", 1);
    expect(mailsTo(pending).filter((m) => m.kind === "login_code")).toEqual([]);
    expect(mailsTo(unknown)).toEqual([]);
    expect(mailsTo(verified.email).filter((m) => m.kind === "login_code")).toHaveLength(1);
    // The cooldown holds for every address alike.
    await expectProblem(await ask(unknown), 429, "rate_limited");
    await expectProblem(await ask(verified.email), 429, "rate_limited");
  });

  it("wrong codes answer alike for a known and an unknown address, the 5th burning the code", async () => {
    const known = await readyUser("code-wrong");
    const unknown = uniqueEmail("code-nobody");
    const answers: Record<string, string[]> = { known: [], unknown: [] };
    for (const [label, email] of [
      ["known", known.email],
      ["unknown", unknown],
    ] as const) {
      await ask(email);
      for (let n = 0; n < 6; n += 1) {
        const response = await answer(email, "000000");
        answers[label]?.push(`${response.status} ${(await json<{ code: string }>(response)).code}`);
      }
    }
    expect(answers.unknown).toEqual(answers.known);
    expect(answers.known?.[4]).toBe("429 too_many_attempts");
    // Burned: even the right code is refused now.
    await expectProblem(
      await answer(known.email, lastMail(known.email, "login_code").code),
      429,
      "too_many_attempts",
    );
  });

  it("a new code never resets the account's failure count: 10 wrong tries over several codes block even the right one", async () => {
    const user = await readyUser("code-backoff");
    for (let round = 0; round < 3; round += 1) {
      await expireMailCooldown(user.email);
      await ask(user.email);
      for (let n = 0; n < 4; n += 1) {
        if (round === 2 && n >= 2) break;
        await answer(user.email, "000000");
      }
    }
    // 4 + 4 + 2 = 10 failures over three codes: the backoff has started.
    const right = lastMail(user.email, "login_code").code;
    const blocked = await answer(user.email, right);
    await expectProblem(blocked.clone(), 429, "rate_limited");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  it("of 12 guesses at once, at most 5 are compared", async () => {
    const user = await readyUser("code-burst");
    await ask(user.email);
    const code = lastMail(user.email, "login_code").code;
    const wrong = code === "000000" ? "111111" : "000000";
    const answers = await Promise.all(Array.from({ length: 12 }, () => answer(user.email, wrong)));
    const compared = answers.filter((a) => a.status === 400).length;
    expect(compared).toBeLessThanOrEqual(4);
    const row = await env.DB.prepare(
      "SELECT attempts FROM one_time_codes WHERE user_id = ? AND purpose = 'login'",
    )
      .bind(user.session.user.id)
      .first<{ attempts: number }>();
    expect(row?.attempts).toBeLessThanOrEqual(5);
    expect(answers.every((a) => [400, 429].includes(a.status))).toBe(true);
  });

  it("with MFA on the code replaces the password only: the MFA challenge follows, amr email+otp", async () => {
    const user = await readyUser("code-mfa");
    const token = user.session.access_token;
    const enrolled = await json<{ secret: string }>(
      await call("POST", "/v1/users/me/mfa/totp", { token, body: { password: PASSWORD } }),
    );
    await call("POST", "/v1/users/me/mfa/totp/confirm", {
      token,
      body: { code: totpCode(enrolled.secret, Date.now()) },
    });
    await ask(user.email);
    const first = await json<{ mfa_required?: boolean; mfa_token?: string; access_token?: string }>(
      await answer(user.email, lastMail(user.email, "login_code").code),
    );
    expect(first).toMatchObject({ mfa_required: true });
    expect(first.access_token).toBeUndefined();
    const second = await call("POST", "/v1/auth/mfa/verify", {
      body: { mfa_token: first.mfa_token, code: totpCode(enrolled.secret, Date.now() + 30_000) },
    });
    const session = await json<Session>(second);
    expect(claimsOf(session.access_token).amr).toEqual(["email", "otp"]);
  });

  it("EMAIL_CODE_LOGIN=off: both routes answer 404, nothing is mailed", async () => {
    const user = await readyUser("code-off");
    const offEnv = bindings({ EMAIL_CODE_LOGIN: "off" });
    await expectProblem(await ask(user.email, { env: offEnv }), 404, "not_found");
    await expectProblem(
      await call("POST", "/v1/auth/email-code/verify", {
        env: offEnv,
        body: { email: user.email, code: "123456" },
      }),
      404,
      "not_found",
    );
    expect(mailsTo(user.email).filter((m) => m.kind === "login_code")).toEqual([]);
  });
});
