import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  json,
  lastMail,
  mailsTo,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

function verify(email: string, code: string, password = PASSWORD) {
  return call("POST", "/v1/auth/verify", { body: { email, password, code } });
}

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

describe("verification requires the mailbox and the password", () => {
  it("verifies with email + password + code, returning a session and a verified user", async () => {
    const email = uniqueEmail("verify");
    const code = await signup(email);
    const response = await verify(email, code);
    expect(response.status).toBe(200);
    const session = await json<Session>(response);
    expect(session.token_type).toBe("Bearer");
    expect(session.expires_in).toBe(900);
    expect(session.user).toMatchObject({ email, status: "verified", role: "user" });
    expect(Date.parse(String(session.user.verified_at))).not.toBeNaN();
    const me = await call("GET", "/v1/users/me", { token: session.access_token });
    expect(me.status).toBe(200);
  });

  it("a stranger who pre-registered the address cannot verify it without the password", async () => {
    const email = uniqueEmail("squatter");
    const code = await signup(email, "squatter-password-1");
    const response = await verify(email, code, "owner-guess-password");
    await expectProblem(response, 401, "invalid_credentials");
  });

  it("an unknown email is invalid_credentials, like a wrong password", async () => {
    await expectProblem(await verify(uniqueEmail("ghost"), "123456"), 401, "invalid_credentials");
  });

  it("an already verified account answers 409 conflict, but only to the right password", async () => {
    const { email } = await verifiedUser("twice");
    await expectProblem(await verify(email, "000000"), 409, "conflict");
    await expectProblem(
      await verify(email, "000000", "not-the-password"),
      401,
      "invalid_credentials",
    );
  });
});

describe("a code cannot be replayed", () => {
  it("is single-use", async () => {
    const email = uniqueEmail("replay");
    const code = await signup(email);
    expect((await verify(email, code)).status).toBe(200);
    await env.DB.prepare("UPDATE users SET status = 'pending' WHERE email = ?").bind(email).run();
    await expectProblem(await verify(email, code), 400, "invalid_code");
  });

  it("exactly one of two concurrent correct submissions wins", async () => {
    const email = uniqueEmail("race");
    const code = await signup(email);
    const responses = await Promise.all([verify(email, code), verify(email, code)]);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).not.toBe(200);
    const tokens = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM refresh_tokens rt JOIN users u ON u.id = rt.user_id WHERE u.email = ?",
    )
      .bind(email)
      .first<{ n: number }>();
    expect(tokens?.n).toBe(1);
  });
});

describe("attempts are capped", () => {
  it("burns the code on the 5th failed try (429) and refuses the right code afterwards", async () => {
    const email = uniqueEmail("burn");
    const code = await signup(email);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await expectProblem(await verify(email, wrongCode(code)), 400, "invalid_code");
    }
    await expectProblem(await verify(email, wrongCode(code)), 429, "too_many_attempts");
    await expectProblem(await verify(email, code), 429, "too_many_attempts");
  });

  it("counts a wrong password as an attempt on the code, answering 401 every time", async () => {
    const email = uniqueEmail("pwattempt");
    const code = await signup(email);
    // The 5th wrong password burns the code, but a wrong password never learns the code's state.
    for (let attempt = 1; attempt <= 6; attempt++) {
      await expectProblem(
        await verify(email, code, "wrong-password-x"),
        401,
        "invalid_credentials",
      );
    }
    await expectProblem(await verify(email, code), 429, "too_many_attempts");
  });
});

describe("codes expire and are purpose-bound", () => {
  it("refuses an expired code with code_expired", async () => {
    const email = uniqueEmail("expired");
    const code = await signup(email);
    await env.DB.prepare(
      "UPDATE one_time_codes SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)",
    )
      .bind(new Date(Date.now() - 1000).toISOString(), email)
      .run();
    await expectProblem(await verify(email, code), 400, "code_expired");
  });

  it("expires 15 minutes after it was issued", async () => {
    const email = uniqueEmail("ttl");
    await signup(email);
    const mail = lastMail(email, "verification_code");
    const seconds = (Date.parse(mail.expires_at) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(890);
    expect(seconds).toBeLessThanOrEqual(900);
  });

  it("a verification code cannot reset a password, nor a reset code verify an email", async () => {
    const { email } = await verifiedUser("purpose");
    await env.DB.prepare("UPDATE mail_cooldowns SET next_allowed_at = ? WHERE email = ?")
      .bind(new Date(0).toISOString(), email)
      .run();
    expect((await call("POST", "/v1/auth/password/forgot", { body: { email } })).status).toBe(202);
    const resetCode = lastMail(email, "password_reset_code").code;
    const verifyCode = lastMail(email, "verification_code").code;

    // The verify code was used; make the account pending again and offer it the reset code.
    await env.DB.prepare("UPDATE users SET status = 'pending' WHERE email = ?").bind(email).run();
    await expectProblem(await verify(email, resetCode), 400, "invalid_code");
    await env.DB.prepare("UPDATE users SET status = 'verified' WHERE email = ?").bind(email).run();

    if (verifyCode !== resetCode) {
      const reset = await call("POST", "/v1/auth/password/reset", {
        body: { email, code: verifyCode, new_password: "brand-new-password-7" },
      });
      await expectProblem(reset, 400, "invalid_code");
    }
  });

  it("codes are 6-digit strings that differ from one sign-up to the next", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail("digits");
      codes.add(await signup(email));
    }
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(1);
  });
});

describe("resend-code", () => {
  it("always answers 202 and burns the older code of a pending account", async () => {
    const email = uniqueEmail("resend");
    const first = await signup(email);
    await env.DB.prepare("UPDATE mail_cooldowns SET next_allowed_at = ? WHERE email = ?")
      .bind(new Date(0).toISOString(), email)
      .run();
    const response = await call("POST", "/v1/auth/resend-code", { body: { email } });
    expect(response.status).toBe(202);
    const second = lastMail(email, "verification_code").code;
    if (first !== second) await expectProblem(await verify(email, first), 400, "invalid_code");
    expect((await verify(email, second)).status).toBe(200);
  });

  it("answers 202 for unknown and verified addresses without mailing a code", async () => {
    const { email } = await verifiedUser("resend-verified");
    await env.DB.prepare("DELETE FROM mail_cooldowns WHERE email = ?").bind(email).run();
    for (const address of [uniqueEmail("resend-nobody"), email]) {
      const before = mailsTo(address).length;
      expect(
        (await call("POST", "/v1/auth/resend-code", { body: { email: address } })).status,
      ).toBe(202);
      expect(mailsTo(address)).toHaveLength(before);
    }
  });
});
