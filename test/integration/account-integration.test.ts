import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  call,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

afterEach(() => vi.restoreAllMocks());

const login = (email: string, password = PASSWORD) =>
  call("POST", "/v1/auth/login", { body: { email, password } });
const me = (token: string) => call("GET", "/v1/users/me", { token });
const refresh = (token: string) =>
  call("POST", "/v1/auth/refresh", { body: { refresh_token: token } });

describe("profile", () => {
  it("GET /v1/users/me returns the user and nothing secret", async () => {
    const { email, session } = await verifiedUser("me");
    const response = await me(session.access_token);
    expect(response.status).toBe(200);
    const user = await json(response);
    expect(Object.keys(user).sort()).toEqual(
      [
        "ban_reason",
        "banned",
        "banned_until",
        "created_at",
        "email",
        "id",
        "name",
        "role",
        "status",
        "surname",
        "updated_at",
        "verified_at",
      ].sort(),
    );
    expect(user).toMatchObject({ email, role: "user", status: "verified" });
  });

  it("PATCH /v1/users/me changes name and surname, and null clears", async () => {
    const { session } = await verifiedUser("patch");
    const response = await call("PATCH", "/v1/users/me", {
      token: session.access_token,
      body: { name: "  Grace ", surname: "Hopper" },
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ name: "Grace", surname: "Hopper" });
    const cleared = await call("PATCH", "/v1/users/me", {
      token: session.access_token,
      body: { surname: null },
    });
    expect(await json(cleared)).toMatchObject({ name: "Grace", surname: null });
  });

  it("PATCH /v1/users/me rejects role, status, email, id and verified_at (mass assignment)", async () => {
    const { session } = await verifiedUser("mass-me");
    for (const [field, value] of [
      ["role", "admin"],
      ["status", "verified"],
      ["email", "other@example.com"],
      ["id", crypto.randomUUID()],
      ["verified_at", new Date().toISOString()],
    ]) {
      const response = await call("PATCH", "/v1/users/me", {
        token: session.access_token,
        body: { name: "Eve", [field as string]: value },
      });
      const problem = await expectProblem(response, 422, "validation_failed");
      expect(problem.errors).toContainEqual({ path: field, message: "Unknown field" });
    }
    const row = await env.DB.prepare("SELECT role, name FROM users WHERE id = ?")
      .bind(session.user.id)
      .first();
    expect(row).toEqual({ role: "user", name: null });
  });

  it("PATCH /v1/users/me refuses names over 100 characters", async () => {
    const { session } = await verifiedUser("long-name");
    const response = await call("PATCH", "/v1/users/me", {
      token: session.access_token,
      body: { name: "n".repeat(101) },
    });
    const problem = await expectProblem(response, 422, "validation_failed");
    expect(problem.errors?.[0]?.path).toBe("name");
  });
});

describe("password change", () => {
  it("returns a fresh pair and revokes every other session and every earlier access token", async () => {
    const { email, session } = await verifiedUser("change");
    const other = await json<Session>(await login(email));
    const response = await call("POST", "/v1/users/me/password", {
      token: session.access_token,
      body: { current_password: PASSWORD, new_password: "a-new-espresso-pass-9" },
    });
    expect(response.status).toBe(200);
    const fresh = await json<Session>(response);
    expect((await me(fresh.access_token)).status).toBe(200);
    expect((await refresh(fresh.refresh_token)).status).toBe(200);
    for (const old of [session, other]) {
      await expectProblem(await me(old.access_token), 401, "invalid_token");
      await expectProblem(await refresh(old.refresh_token), 401, "invalid_token");
    }
    await expectProblem(await login(email), 401, "invalid_credentials");
    expect((await login(email, "a-new-espresso-pass-9")).status).toBe(200);
  });

  it("a wrong current password is 401 invalid_credentials and changes nothing", async () => {
    const { email, session } = await verifiedUser("change-wrong");
    const response = await call("POST", "/v1/users/me/password", {
      token: session.access_token,
      body: { current_password: "not-my-password", new_password: "a-new-espresso-pass-9" },
    });
    await expectProblem(response, 401, "invalid_credentials");
    expect((await me(session.access_token)).status).toBe(200);
    expect((await login(email)).status).toBe(200);
  });

  it("applies the password policy to the new password", async () => {
    const { email, session } = await verifiedUser("change-policy");
    for (const weak of ["short", "iloveyou1", email]) {
      const response = await call("POST", "/v1/users/me/password", {
        token: session.access_token,
        body: { current_password: PASSWORD, new_password: weak },
      });
      const problem = await expectProblem(response, 422, "validation_failed");
      expect(problem.errors?.[0]?.path).toBe("new_password");
    }
  });
});

describe("password reset", () => {
  async function forgot(email: string) {
    await expireMailCooldown(email);
    const response = await call("POST", "/v1/auth/password/forgot", { body: { email } });
    expect(response.status).toBe(202);
  }

  it("resets with the mailed code, then revokes every session and access token", async () => {
    const { email, session } = await verifiedUser("reset");
    await forgot(email);
    const code = lastMail(email, "password_reset_code").code;
    const response = await call("POST", "/v1/auth/password/reset", {
      body: { email, code, new_password: "reset-espresso-pass-3" },
    });
    expect(response.status).toBe(204);
    await expectProblem(await me(session.access_token), 401, "invalid_token");
    await expectProblem(await refresh(session.refresh_token), 401, "invalid_token");
    await expectProblem(await login(email), 401, "invalid_credentials");
    expect((await login(email, "reset-espresso-pass-3")).status).toBe(200);

    const replay = await call("POST", "/v1/auth/password/reset", {
      body: { email, code, new_password: "another-reset-pass-4" },
    });
    await expectProblem(replay, 400, "invalid_code");
  });

  it("forgot is 202 for unknown and pending addresses, mailing nothing", async () => {
    const pending = uniqueEmail("forgot-pending");
    await signup(pending);
    await expireMailCooldown(pending);
    for (const email of [uniqueEmail("forgot-nobody"), pending]) {
      const response = await call("POST", "/v1/auth/password/forgot", { body: { email } });
      expect(response.status).toBe(202);
      expect(() => lastMail(email, "password_reset_code")).toThrow();
    }
  });

  it("a reset for an unknown address looks exactly like a wrong code", async () => {
    const response = await call("POST", "/v1/auth/password/reset", {
      body: {
        email: uniqueEmail("reset-nobody"),
        code: "123456",
        new_password: "reset-espresso-pass-3",
      },
    });
    await expectProblem(response, 400, "invalid_code");
  });

  it("burns the reset code after 5 wrong tries", async () => {
    const { email } = await verifiedUser("reset-burn");
    await forgot(email);
    const code = lastMail(email, "password_reset_code").code;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const body = (c: string) => ({ email, code: c, new_password: "reset-espresso-pass-3" });
    for (let i = 0; i < 4; i++) {
      await expectProblem(
        await call("POST", "/v1/auth/password/reset", { body: body(wrong) }),
        400,
        "invalid_code",
      );
    }
    await expectProblem(
      await call("POST", "/v1/auth/password/reset", { body: body(wrong) }),
      429,
      "too_many_attempts",
    );
    await expectProblem(
      await call("POST", "/v1/auth/password/reset", { body: body(code) }),
      429,
      "too_many_attempts",
    );
  });

  it("applies the password policy before spending the code", async () => {
    const { email } = await verifiedUser("reset-policy");
    await forgot(email);
    const code = lastMail(email, "password_reset_code").code;
    const weak = await call("POST", "/v1/auth/password/reset", {
      body: { email, code, new_password: "qwertyuiop" },
    });
    await expectProblem(weak, 422, "validation_failed");
    const ok = await call("POST", "/v1/auth/password/reset", {
      body: { email, code, new_password: "reset-espresso-pass-3" },
    });
    expect(ok.status).toBe(204);
  });
});

describe("account deletion", () => {
  it("deletes the account, its tokens and codes after checking the password", async () => {
    const { email, session } = await verifiedUser("delete");
    await expectProblem(
      await call("DELETE", "/v1/users/me", {
        token: session.access_token,
        body: { password: "wrong-one-123" },
      }),
      401,
      "invalid_credentials",
    );
    const response = await call("DELETE", "/v1/users/me", {
      token: session.access_token,
      body: { password: PASSWORD },
    });
    expect(response.status).toBe(204);
    await expectProblem(await me(session.access_token), 401, "invalid_token");
    await expectProblem(await refresh(session.refresh_token), 401, "invalid_token");
    await expectProblem(await login(email), 401, "invalid_credentials");
    for (const table of ["refresh_tokens", "one_time_codes"]) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`)
        .bind(session.user.id)
        .first<{ n: number }>();
      expect(row?.n).toBe(0);
    }
  });

  it("the last admin cannot delete their own account", async () => {
    const { session } = await verifiedUser("lone-admin");
    await env.DB.prepare("UPDATE users SET role = 'user' WHERE role = 'admin'").run();
    await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?")
      .bind(session.user.id)
      .run();
    const response = await call("DELETE", "/v1/users/me", {
      token: session.access_token,
      body: { password: PASSWORD },
    });
    await expectProblem(response, 409, "last_admin");
    expect((await me(session.access_token)).status).toBe(200);
  });
});

describe("nothing returned or logged contains a password, hash, token digest or code", () => {
  it("holds across a full journey", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    };
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "warn").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);

    const email = uniqueEmail("journey");
    const bodies: string[] = [];
    const record = async (response: Response) => {
      bodies.push(await response.clone().text());
      return response;
    };
    await record(await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } }));
    const code = lastMail(email, "verification_code").code;
    await record(
      await call("POST", "/v1/auth/verify", { body: { email, password: "wrong-pass-1", code } }),
    );
    const verified = await json<Session>(
      await record(
        await call("POST", "/v1/auth/verify", { body: { email, password: PASSWORD, code } }),
      ),
    );
    await record(await login(email, "wrong-pass-1"));
    const session = await json<Session>(await record(await login(email)));
    await record(await refresh(session.refresh_token));
    await record(await refresh(session.refresh_token));
    await record(await me(verified.access_token));

    const { results } = await env.DB.prepare(
      "SELECT password_hash AS secret FROM users WHERE email = ? UNION ALL SELECT token_digest FROM refresh_tokens rt JOIN users u ON u.id = rt.user_id WHERE u.email = ? UNION ALL SELECT code_digest FROM one_time_codes c JOIN users u ON u.id = c.user_id WHERE u.email = ?",
    )
      .bind(email, email, email)
      .all<{ secret: string }>();
    const secrets = [PASSWORD, "wrong-pass-1", code, ...results.map((r) => r.secret)];
    expect(results.length).toBeGreaterThanOrEqual(3);

    const requestLines = lines.filter((line) => line.includes('"msg":"request"'));
    expect(requestLines.length).toBe(bodies.length);
    for (const secret of secrets) {
      for (const line of lines) expect(line).not.toContain(secret);
      for (const body of bodies) if (secret !== code) expect(body).not.toContain(secret);
    }
    for (const body of bodies) expect(body).not.toMatch(new RegExp(`"${code}"`));
  });
});
