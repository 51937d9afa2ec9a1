import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import {
  bindings,
  call,
  enqueued,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  mailsTo,
  PASSWORD,
  type Session,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { countingD1 } from "../helpers/d1";

afterEach(() => vi.restoreAllMocks());

const me = (token: string) => call("GET", "/v1/users/me", { token });
const login = (email: string, password = PASSWORD) =>
  call("POST", "/v1/auth/login", { body: { email, password } });
const requestChange = (token: string, newEmail: string, password = PASSWORD, env?: Env) =>
  call("POST", "/v1/users/me/email", {
    token,
    env,
    body: { new_email: newEmail, password },
  });
const confirm = (token: string, code: string, env?: Env) =>
  call("POST", "/v1/users/me/email/confirm", { token, env, body: { code } });

function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

interface Sent {
  to: string[];
  subject: string;
  text: string;
  html: string;
  key: string;
}

/** Delivers the queued messages to `to` through the consumer and a fake provider. */
async function deliverTo(address: string): Promise<Sent[]> {
  const sent: Sent[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    sent.push({
      ...((await request.json()) as Omit<Sent, "key">),
      key: request.headers.get("Idempotency-Key") ?? "",
    });
    return Response.json({ id: "email" });
  });
  const bodies = enqueued.filter((b) => (b as { to?: string }).to === address);
  const batch = createMessageBatch(
    "coffee-shop-accounts-mail",
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(
    batch as never,
    bindings({ EMAIL_PROVIDER: "resend", EMAIL_API_KEY: "re_test_key_123" }),
    ctx,
  );
  await getQueueResult(batch, ctx);
  vi.mocked(globalThis.fetch).mockRestore();
  return sent;
}

describe("changing the email address needs the password and a code from the new address", () => {
  it("moves the account: the code reaches only the new address, old login fails, other sessions end", async () => {
    const { email, session } = await verifiedUser("mover");
    const laptop = await json<Session>(await login(email));
    const newEmail = uniqueEmail("moved");
    const requested = await requestChange(session.access_token, newEmail);
    expect(requested.status).toBe(202);
    expect(Object.keys(await json(requested)).sort()).toEqual(["code_expires_at", "message"]);
    const code = lastMail(newEmail, "email_change_code").code;
    expect(mailsTo(email).filter((m) => m.kind === "email_change_code")).toHaveLength(0);
    // Nothing changed yet.
    expect((await login(email)).status).toBe(200);

    const confirmed = await confirm(session.access_token, code);
    expect(confirmed.status).toBe(200);
    const fresh = await json<Session>(confirmed);
    expect(fresh.user.email).toBe(newEmail);
    expect((await me(fresh.access_token)).status).toBe(200);
    for (const old of [session, laptop]) {
      await expectProblem(await me(old.access_token), 401, "invalid_token");
    }
    await expectProblem(await login(email), 401, "invalid_credentials");
    expect((await login(newEmail)).status).toBe(200);

    // The old address is told, the new one shown partly masked; rendered and sent once.
    const notice = lastMail(email, "email_changed");
    expect(notice.new_email).not.toBe(newEmail);
    expect(notice.new_email).toMatch(/^m\*\*\*.+@example\.com$/);
    const sent = await deliverTo(email);
    const changed = sent.filter((s) => s.subject === "Your Coffee Shop email address was changed");
    expect(changed).toHaveLength(1);
    expect(changed[0]?.text).toContain(notice.new_email);
    expect(changed[0]?.text).not.toContain(newEmail);
    expect(`${changed[0]?.text}${changed[0]?.html}`).not.toMatch(/\b\d{6}\b/);
    // A used code does not work twice.
    await expectProblem(await confirm(fresh.access_token, code), 400, "invalid_code");
  });

  it("a wrong password is 401 and shares the login backoff", async () => {
    const { session } = await verifiedUser("change-wrong");
    const target = uniqueEmail("change-wrong-to");
    for (let i = 0; i < 10; i++) {
      await expectProblem(
        await requestChange(session.access_token, target, `guess-${i}-password`),
        401,
        "invalid_credentials",
      );
    }
    await expectProblem(await requestChange(session.access_token, target), 429, "rate_limited");
    expect(mailsTo(target)).toHaveLength(0);
  });

  it("a wrong code is 400; the 5th wrong one burns it even for the right code", async () => {
    const { session } = await verifiedUser("change-burn");
    const target = uniqueEmail("change-burn-to");
    await requestChange(session.access_token, target);
    const code = lastMail(target, "email_change_code").code;
    for (let i = 0; i < 4; i++) {
      await expectProblem(await confirm(session.access_token, wrong(code)), 400, "invalid_code");
    }
    await expectProblem(await confirm(session.access_token, wrong(code)), 429, "too_many_attempts");
    await expectProblem(await confirm(session.access_token, code), 429, "too_many_attempts");
  });

  it("12 simultaneous wrong codes get at most 5 comparisons", async () => {
    const { session } = await verifiedUser("change-parallel");
    const target = uniqueEmail("change-parallel-to");
    await requestChange(session.access_token, target);
    const code = lastMail(target, "email_change_code").code;
    const guesses = Array.from({ length: 12 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"),
    );
    const answers = await Promise.all(
      guesses.map(async (g) => (await json(await confirm(session.access_token, g))).code),
    );
    expect(answers.filter((a) => a === "invalid_code").length).toBeLessThanOrEqual(4);
    await expectProblem(await confirm(session.access_token, code), 429, "too_many_attempts");
  });

  it("the same new address within 60 s is 429: the mail cooldown applies", async () => {
    const { session } = await verifiedUser("change-cooldown");
    const target = uniqueEmail("change-cooldown-to");
    expect((await requestChange(session.access_token, target)).status).toBe(202);
    await expectProblem(await requestChange(session.access_token, target), 429, "rate_limited");
  });

  it("the current address itself is a 422", async () => {
    const { email, session } = await verifiedUser("change-same");
    const problem = await expectProblem(
      await requestChange(session.access_token, email),
      422,
      "validation_failed",
    );
    expect(problem.errors?.[0]?.path).toBe("new_email");
  });
});

describe("a taken address is never revealed", () => {
  it("answers the same 202 after the same work, sends no code, and tells the address's owner", async () => {
    const { session } = await verifiedUser("taker");
    const { email: taken } = await verifiedUser("owner");
    await expireMailCooldown(taken);
    const free = uniqueEmail("free");
    const answers = [];
    for (const target of [free, taken]) {
      const d1 = countingD1(env.DB);
      let calls = 0;
      const response = await call("POST", "/v1/users/me/email", {
        token: session.access_token,
        env: bindings({ DB: d1.binding }),
        body: { new_email: target, password: PASSWORD },
        onResponse: () => {
          calls = d1.calls;
        },
      });
      const body = await json(response);
      answers.push({
        status: response.status,
        keys: Object.keys(body).sort(),
        message: body.message,
        calls,
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(mailsTo(taken).filter((m) => m.kind === "email_change_code")).toHaveLength(0);
    expect(lastMail(taken, "email_change_attempted").to).toBe(taken);
    const sent = await deliverTo(taken);
    expect(sent.map((s) => s.subject)).toContain("Someone tried to use your email address");
  });

  it("an address taken between request and confirm: 409, and still one account per address", async () => {
    const { session } = await verifiedUser("late");
    const target = uniqueEmail("late-to");
    await requestChange(session.access_token, target);
    const code = lastMail(target, "email_change_code").code;
    await expireMailCooldown(target);
    expect(
      (await call("POST", "/v1/auth/signup", { body: { email: target, password: PASSWORD } }))
        .status,
    ).toBe(202);
    await expectProblem(await confirm(session.access_token, code), 409, "conflict");
    const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?")
      .bind(target)
      .first<{ n: number }>()) ?? { n: 0 };
    expect(n).toBe(1);
    expect((await me(session.access_token)).status).toBe(200);
  });

  it("a sign-up landing between confirm's two round trips: a clean 409, never two accounts", async () => {
    const { session } = await verifiedUser("race-confirm");
    const target = uniqueEmail("race-confirm-to");
    await requestChange(session.access_token, target);
    const code = lastMail(target, "email_change_code").code;
    await expireMailCooldown(target);
    const d1 = countingD1(env.DB, async (index) => {
      if (index !== 2) return; // after requireUser and the code reservation, before the write
      const signup = await call("POST", "/v1/auth/signup", {
        body: { email: target, password: PASSWORD },
      });
      expect(signup.status).toBe(202);
    });
    await expectProblem(
      await confirm(session.access_token, code, bindings({ DB: d1.binding })),
      409,
      "conflict",
    );
    const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?")
      .bind(target)
      .first<{ n: number }>()) ?? { n: 0 };
    expect(n).toBe(1);
  });
});

describe("security notices tell the account holder of every change", () => {
  it("password change and password reset each mail a notice, rendered once and without a secret", async () => {
    const { email, session } = await verifiedUser("noticed");
    const changed = await call("POST", "/v1/users/me/password", {
      token: session.access_token,
      body: { current_password: PASSWORD, new_password: "a-new-espresso-pass-9" },
    });
    expect(changed.status).toBe(200);
    expect(lastMail(email, "password_changed").to).toBe(email);

    await expireMailCooldown(email);
    await call("POST", "/v1/auth/password/forgot", { body: { email } });
    const code = lastMail(email, "password_reset_code").code;
    const reset = await call("POST", "/v1/auth/password/reset", {
      body: { email, code, new_password: "reset-espresso-pass-3" },
    });
    expect(reset.status).toBe(204);
    // A notice is not a code: the cooldown the reset code claimed does not hold it back.
    expect(lastMail(email, "password_reset").to).toBe(email);

    const sent = await deliverTo(email);
    const notices = sent.filter((s) =>
      ["Your Coffee Shop password was changed", "Your Coffee Shop password was reset"].includes(
        s.subject,
      ),
    );
    expect(notices).toHaveLength(2);
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);
    for (const notice of notices) {
      for (const secret of [PASSWORD, "a-new-espresso-pass-9", "reset-espresso-pass-3", code]) {
        expect(`${notice.text}${notice.html}`).not.toContain(secret);
      }
    }
  });

  it("a cookie session's confirmation answers with a new cookie", async () => {
    const email = uniqueEmail("cookie-mover");
    const { session } = await verifiedUser("cookie-mover-seed");
    expect(session).toBeTruthy();
    await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } });
    const verify = await call("POST", "/v1/auth/verify", {
      body: {
        email,
        password: PASSWORD,
        code: lastMail(email, "verification_code").code,
        refresh_token_transport: "cookie",
      },
    });
    const token = (await json<Session>(verify)).access_token;
    const target = uniqueEmail("cookie-moved");
    await requestChange(token, target);
    const response = await confirm(token, lastMail(target, "email_change_code").code);
    expect(response.status).toBe(200);
    expect(await json(response)).not.toHaveProperty("refresh_token");
    expect(
      response.headers.getSetCookie().some((c) => c.startsWith("__Secure-refresh_token=")),
    ).toBe(true);
  });
});
