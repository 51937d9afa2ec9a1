import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  mailsTo,
  PASSWORD,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

async function userRow(email: string) {
  return env.DB.prepare("SELECT * FROM users WHERE email = ?")
    .bind(email)
    .first<Record<string, unknown>>();
}

describe("sign-up does not reveal existing accounts", () => {
  it("answers a new, a pending and a verified address with the same status and body shape", async () => {
    const fresh = uniqueEmail("fresh");
    const pending = uniqueEmail("pending");
    await signup(pending);
    await expireMailCooldown(pending);
    const { email: verified } = await verifiedUser("verified");
    await expireMailCooldown(verified);

    const answers = [];
    for (const email of [fresh, pending, verified]) {
      const response = await call("POST", "/v1/auth/signup", {
        body: { email, password: PASSWORD },
      });
      const body = await json(response);
      answers.push({
        status: response.status,
        keys: Object.keys(body).sort(),
        message: body.message,
        email: body.email,
        expiresInSeconds: Math.round(
          (Date.parse(String(body.code_expires_at)) - Date.now()) / 1000,
        ),
      });
    }
    for (const [index, email] of [fresh, pending, verified].entries()) {
      expect(answers[index]?.email).toBe(email);
    }
    const comparable = answers.map(({ email: _email, expiresInSeconds, ...rest }) => ({
      ...rest,
      expiresAboutFifteenMinutes: Math.abs(expiresInSeconds - 900) < 5,
    }));
    expect(comparable[1]).toEqual(comparable[0]);
    expect(comparable[2]).toEqual(comparable[0]);
    expect(comparable[0]).toMatchObject({ status: 202, expiresAboutFifteenMinutes: true });
  });

  it("mails an 'account exists' notice, not a code, to a verified address, and changes nothing", async () => {
    const { email, session } = await verifiedUser("exists");
    await expireMailCooldown(email);
    const before = await userRow(email);
    const response = await call("POST", "/v1/auth/signup", {
      body: { email, password: "a-different-password-9", name: "Mallory" },
    });
    expect(response.status).toBe(202);
    expect(mailsTo(email).at(-1)?.kind).toBe("account_exists");
    expect(await userRow(email)).toEqual(before);
    const login = await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(session.user.status).toBe("verified");
  });
});

describe("sign-up of a pending address", () => {
  it("creates a pending user with the documented columns and no secrets in the response", async () => {
    const email = uniqueEmail("created");
    const response = await call("POST", "/v1/auth/signup", {
      body: { email, password: PASSWORD, name: "Ada", surname: "Lovelace" },
    });
    expect(response.status).toBe(202);
    const text = await response.text();
    const code = lastMail(email, "verification_code").code;
    expect(text).not.toContain(code);
    expect(text).not.toContain(PASSWORD);
    const row = await userRow(email);
    expect(row).toMatchObject({ status: "pending", role: "user", name: "Ada", verified_at: null });
    expect(String(row?.password_hash)).toMatch(/^pbkdf2-sha256\$100000\$/);
    const stored = await env.DB.prepare("SELECT code_digest FROM one_time_codes WHERE user_id = ?")
      .bind(row?.id)
      .first<{ code_digest: string }>();
    expect(stored?.code_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.code_digest).not.toContain(code);
  });

  it("replaces password and profile and burns the old code", async () => {
    const email = uniqueEmail("resignup");
    const firstCode = await signup(email, "first-password-123", { name: "First" });
    await expireMailCooldown(email);
    const secondCode = await signup(email, "second-password-456", { name: "Second" });
    expect((await userRow(email))?.name).toBe("Second");

    if (firstCode !== secondCode) {
      const old = await call("POST", "/v1/auth/verify", {
        body: { email, password: "second-password-456", code: firstCode },
      });
      await expectProblem(old, 400, "invalid_code");
    }
    const oldPassword = await call("POST", "/v1/auth/verify", {
      body: { email, password: "first-password-123", code: secondCode },
    });
    await expectProblem(oldPassword, 401, "invalid_credentials");
    const ok = await call("POST", "/v1/auth/verify", {
      body: { email, password: "second-password-456", code: secondCode },
    });
    expect(ok.status).toBe(200);
  });

  it("trims and lower-cases the email before validating and storing it", async () => {
    const email = uniqueEmail("MiXeD");
    const response = await call("POST", "/v1/auth/signup", {
      body: { email: `  ${email.toUpperCase()} `, password: PASSWORD },
    });
    expect(response.status).toBe(202);
    expect((await json(response)).email).toBe(email.toLowerCase());
    expect(await userRow(email.toLowerCase())).not.toBeNull();
  });
});

describe("mail cooldown", () => {
  it("refuses a second mail to the same address within 60 s with 429 and Retry-After, changing nothing", async () => {
    const email = uniqueEmail("cooldown");
    await signup(email, PASSWORD, { name: "Before" });
    const mails = mailsTo(email).length;
    const before = await userRow(email);

    for (const [path, body] of [
      ["/v1/auth/signup", { email, password: "another-password-1", name: "After" }],
      ["/v1/auth/resend-code", { email }],
      ["/v1/auth/password/forgot", { email }],
    ] as const) {
      const response = await call("POST", path, { body });
      await expectProblem(response, 429, "rate_limited");
      const retryAfter = Number(response.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect(mailsTo(email)).toHaveLength(mails);
    expect(await userRow(email)).toEqual(before);
  });

  it("applies to addresses without an account too, so it reveals nothing", async () => {
    const nobody = uniqueEmail("nobody");
    expect(
      (await call("POST", "/v1/auth/password/forgot", { body: { email: nobody } })).status,
    ).toBe(202);
    const second = await call("POST", "/v1/auth/resend-code", { body: { email: nobody } });
    await expectProblem(second, 429, "rate_limited");
    expect(mailsTo(nobody)).toHaveLength(0);
  });

  it("allows the next mail once the window has passed", async () => {
    const email = uniqueEmail("window");
    await signup(email);
    await expireMailCooldown(email);
    expect((await call("POST", "/v1/auth/resend-code", { body: { email } })).status).toBe(202);
    expect(mailsTo(email).filter((m) => m.kind === "verification_code")).toHaveLength(2);
  });
});

describe("password policy on sign-up", () => {
  const cases: [string, (email: string) => string, RegExp][] = [
    ["too short", () => "seven77", /at least 8/],
    ["too long (129 code points)", () => "a".repeat(129), /at most 128/],
    ["a common password", () => "password123", /common/],
    ["common regardless of case", () => "PassWord123", /common/],
    ["equal to the email", (email) => email, /email/],
  ];
  for (const [label, password, reason] of cases) {
    it(`refuses a password that is ${label} with the reason, creating nothing`, async () => {
      const email = uniqueEmail("policy");
      const response = await call("POST", "/v1/auth/signup", {
        body: { email, password: password(email) },
      });
      const problem = await expectProblem(response, 422, "validation_failed");
      expect(problem.errors?.[0]?.path).toBe("password");
      expect(problem.errors?.[0]?.message).toMatch(reason);
      expect(await userRow(email)).toBeNull();
      expect(mailsTo(email)).toHaveLength(0);
    });
  }

  it("counts code points, not UTF-16 units: 8 emoji are long enough, 7 are not", async () => {
    const ok = await call("POST", "/v1/auth/signup", {
      body: { email: uniqueEmail("emoji"), password: "☕🍩☕🍩☕🍩☕🍩" },
    });
    expect(ok.status).toBe(202);
    const short = await call("POST", "/v1/auth/signup", {
      body: { email: uniqueEmail("emoji"), password: "🍩🍩🍩🍩🍩🍩🍩" },
    });
    await expectProblem(short, 422, "validation_failed");
  });

  it("accepts spaces and any Unicode, and never truncates", async () => {
    const email = uniqueEmail("unicode");
    const password = "  ünïcödé pass phrase with spaces — 128 chars max  ";
    const code = await signup(email, password);
    const truncated = await call("POST", "/v1/auth/verify", {
      body: { email, password: password.slice(0, 20), code },
    });
    await expectProblem(truncated, 401, "invalid_credentials");
    const ok = await call("POST", "/v1/auth/verify", { body: { email, password, code } });
    expect(ok.status).toBe(200);
  });
});

describe("bad input is a clear problem and changes nothing", () => {
  it("rejects role, status, id and verified_at on sign-up (mass assignment)", async () => {
    for (const field of ["role", "status", "id", "verified_at"]) {
      const email = uniqueEmail("mass");
      const response = await call("POST", "/v1/auth/signup", {
        body: { email, password: PASSWORD, [field]: field === "role" ? "admin" : "x" },
      });
      const problem = await expectProblem(response, 422, "validation_failed");
      expect(problem.errors).toContainEqual({ path: field, message: "Unknown field" });
      expect(await userRow(email)).toBeNull();
    }
  });

  it("lists every invalid field with a dotted path", async () => {
    const response = await call("POST", "/v1/auth/signup", {
      body: { email: "not-an-email", password: 42, name: "x".repeat(101) },
    });
    const problem = await expectProblem(response, 422, "validation_failed");
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["email", "name", "password"]);
  });

  it("answers malformed JSON with 400 malformed_json", async () => {
    const response = await call("POST", "/v1/auth/signup", {
      rawBody: '{"email": "a@b.co",',
      headers: { "Content-Type": "application/json" },
    });
    await expectProblem(response, 400, "malformed_json");
  });

  it("answers a non-JSON content type with 415 unsupported_media_type", async () => {
    const response = await call("POST", "/v1/auth/signup", {
      rawBody: "email=a@b.co&password=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    await expectProblem(response, 415, "unsupported_media_type");
  });

  it("answers a body over 16 KiB with 413 payload_too_large", async () => {
    const email = uniqueEmail("big");
    const response = await call("POST", "/v1/auth/signup", {
      body: { email, password: PASSWORD, name: "x".repeat(17 * 1024) },
    });
    await expectProblem(response, 413, "payload_too_large");
    expect(await userRow(email)).toBeNull();
  });

  it("answers an empty JSON body with 400 and a missing content type with 415", async () => {
    const empty = await call("POST", "/v1/auth/signup", {
      rawBody: "",
      headers: { "Content-Type": "application/json" },
    });
    await expectProblem(empty, 400, "malformed_json");
    const untyped = await call("POST", "/v1/auth/signup", { rawBody: '{"email":"a@b.co"}' });
    await expectProblem(untyped, 415, "unsupported_media_type");
  });

  it("answers a JSON value that is not an object with 422", async () => {
    const response = await call("POST", "/v1/auth/signup", { body: ["not", "an", "object"] });
    await expectProblem(response, 422, "validation_failed");
  });
});
